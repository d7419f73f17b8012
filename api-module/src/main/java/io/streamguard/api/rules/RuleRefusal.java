package io.streamguard.api.rules;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;

/** Why a rule change is refused: the rule is invalid, unknown, or would exceed a limit. */
public final class RuleRefusal extends Refusal {

    RuleRefusal(ErrorCode code, String detail) {
        super(code, detail);
    }
}
