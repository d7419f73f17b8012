package io.streamguard.api.audit;

import io.streamguard.api.verdict.Violation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One audit row as the API returns it. */
public record AuditEntryView(
        UUID auditId,
        long sequence,
        String outcome,
        @Nullable String streamId,
        UUID clientId,
        Context context,
        String action,
        String content,
        List<Violation> violations,
        List<String> firedRuleIds,
        long ruleSetVersion,
        int updateCount,
        @Nullable Integer blockedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant recordedAt,
        String hash) {

    public record Context(String userId, String botId, String sessionId) {}
}
