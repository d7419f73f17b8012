package io.streamguard.api.users;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;

/** Why a change to people's accounts or tokens is refused. */
public final class AccountRefusal extends Refusal {

    AccountRefusal(ErrorCode code, String detail) {
        super(code, detail);
    }
}
