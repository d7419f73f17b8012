package io.streamguard.api.stream;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;

/** Why the stream feature refuses a call: an unknown or finished stream, a position that does not match, a limit reached. */
public final class StreamRefusal extends Refusal {

    StreamRefusal(ErrorCode code, String detail) {
        super(code, detail);
    }
}
