package io.streamguard.api.clients;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;

/** Why a change to an API client is refused. */
public final class ClientRefusal extends Refusal {

    ClientRefusal(ErrorCode code, String detail) {
        super(code, detail);
    }
}
