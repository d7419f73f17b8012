package io.streamguard.api.audit;

import io.streamguard.api.system.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * A compliance search: every filter optional, {@code q} full text over the message. Results come
 * newest first by finish time ({@code sort=time}) or most relevant first ({@code sort=relevance},
 * needs {@code q}), a page at a time. The cursor is opaque to clients; it marks the last row seen,
 * so rows added meanwhile never shift a page (no row is repeated or skipped).
 */
public record AuditQuery(
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable String userId,
        @Nullable String botId,
        @Nullable String action,
        @Nullable String ruleId,
        @Nullable String outcome,
        @Nullable String q,
        Sort sort,
        int limit,
        @Nullable Cursor cursor) {

    public static final int MAX_LIMIT = 500;

    public enum Sort {
        TIME,
        RELEVANCE
    }

    /** Where the previous page ended: its last row's finish time (µs), sequence and, for relevance, rank. */
    public record Cursor(long finishedAtMicros, long sequence, float rank) {

        public String encode() {
            String raw = finishedAtMicros + ":" + sequence + ":" + rank;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** Only what {@link #encode} writes for a real rank: extra parts, other digits, NaN or a hex float are refused. */
        public static Cursor decode(String cursor) {
            Cursor decoded;
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
                decoded = new Cursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Float.parseFloat(parts[2]));
            } catch (RuntimeException e) {
                decoded = null;
            }
            if (decoded == null
                    || !Float.isFinite(decoded.rank())
                    || !decoded.encode().equals(cursor)) {
                throw new AuditRefusal(ErrorCode.INVALID_REQUEST, "cursor is not one this API returned");
            }
            return decoded;
        }
    }

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new AuditRefusal(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        if (sort == Sort.RELEVANCE && (q == null || q.isBlank())) {
            throw new AuditRefusal(ErrorCode.INVALID_REQUEST, "sort=relevance needs a full-text query q");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new AuditRefusal(ErrorCode.INVALID_REQUEST, "from must not be after to");
        }
        if (action != null && !action.matches("allow|warn|block")) {
            throw new AuditRefusal(ErrorCode.INVALID_REQUEST, "action must be allow, warn or block");
        }
        if (outcome != null && !outcome.matches("finished|expired|checked")) {
            throw new AuditRefusal(ErrorCode.INVALID_REQUEST, "outcome must be finished, expired or checked");
        }
        q = q == null || q.isBlank() ? null : q.strip();
    }

    public AuditQuery withLimit(int newLimit) {
        return new AuditQuery(from, to, userId, botId, action, ruleId, outcome, q, sort, newLimit, cursor);
    }

    public AuditQuery after(Cursor next) {
        return new AuditQuery(from, to, userId, botId, action, ruleId, outcome, q, sort, limit, next);
    }

    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, null, null, null, null, null, null, null, Sort.TIME, limit, null);
    }

    /** For the access log: what was asked, without the cursor. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        append(s, "from", from);
        append(s, "to", to);
        append(s, "userId", userId);
        append(s, "botId", botId);
        append(s, "action", action);
        append(s, "ruleId", ruleId);
        append(s, "outcome", outcome);
        append(s, "q", q);
        return s.isEmpty() ? "(all)" : s.toString();
    }

    private static void append(StringBuilder s, String name, @Nullable Object value) {
        if (value != null) {
            s.append(s.isEmpty() ? "" : " ").append(name).append('=').append(value);
        }
    }
}
