package io.streamguard.api.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One audit row exactly as Postgres stores it, every column the row's MAC covers: the record,
 * its sequence, the fired rule ids as stored (not re-derived), the time it was recorded, and the
 * SHA-256 chain columns a row written before the keyed chain still carries.
 */
record AuditRow(
        long sequence,
        AuditRecord record,
        List<String> firedRuleIds,
        Instant recordedAt,
        @Nullable String legacyPrevHash,
        @Nullable String legacyHash) {

    AuditRow {
        firedRuleIds = List.copyOf(firedRuleIds);
    }
}
