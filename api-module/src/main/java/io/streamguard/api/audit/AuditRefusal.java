package io.streamguard.api.audit;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;

/** Why an audit query is refused: a malformed query, or an entry that does not exist. */
public final class AuditRefusal extends Refusal {

    AuditRefusal(ErrorCode code, String detail) {
        super(code, detail);
    }
}
