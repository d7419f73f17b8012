package io.streamguard.api.system;

/** A request whose shape the API refuses before any feature sees it (its media type, its parameter names). */
public final class RequestRefusal extends Refusal {

    RequestRefusal(ErrorCode code, String detail) {
        super(code, detail);
    }
}
