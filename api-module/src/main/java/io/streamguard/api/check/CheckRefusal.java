package io.streamguard.api.check;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;

/** Why a one-shot check is refused: too many checks, or content too large. */
public final class CheckRefusal extends Refusal {

    CheckRefusal(ErrorCode code, String detail) {
        super(code, detail);
    }
}
