package io.streamguard.api.audit;

import io.streamguard.api.verdict.ActionJson;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Everything one audit row says about one message, as the stream or check hands it over. It
 * travels through the cluster on its way to Postgres, sealed like every wire type of ours.
 */
public record AuditRecord(
        UUID auditId,
        Outcome outcome,
        @Nullable String streamId,
        UUID clientId,
        String userId,
        String botId,
        String sessionId,

        @JsonSerialize(using = ActionJson.Writer.class) @JsonDeserialize(using = ActionJson.Reader.class)
        Action action,

        String content,
        List<Violation> violations,
        long ruleSetVersion,
        int updateCount,
        @Nullable Integer blockedAt,
        Instant startedAt,
        Instant finishedAt) {

    public AuditRecord {
        violations = List.copyOf(violations);
    }

    public enum Outcome {
        FINISHED,
        EXPIRED,
        CHECKED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
