package io.streamguard.api.socket;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Problems;
import io.streamguard.api.system.Refusal;
import io.streamguard.engine.scan.ScanBudgetExceededException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * An error frame: what the HTTP path would answer as problem+json (its status, {@code code}, detail and extra
 * figures), in one frame that names the request's id. Like the HTTP edge, it never repeats the message of an
 * underlying exception.
 */
record SocketError(
        @Nullable String id,
        ErrorCode code,
        String detail,
        Map<String, Object> properties,
        @Nullable Duration retryAfter) {

    private static final Logger log = LoggerFactory.getLogger(SocketError.class);

    static SocketError of(@Nullable String id, ErrorCode code, String detail) {
        return new SocketError(id, code, detail, Map.of(), null);
    }

    static SocketError of(@Nullable String id, Refusal refusal) {
        return new SocketError(id, refusal.code(), refusal.detail(), refusal.properties(), refusal.retryAfter());
    }

    /** The answer to a failure of a frame's work, as {@code ProblemDetailsAdvice} answers a request's. */
    static SocketError of(@Nullable String id, RuntimeException failure) {
        return switch (failure) {
            case Refusal refusal -> of(id, refusal);
            case ScanBudgetExceededException e -> {
                log.warn("A check ran out of its work budget of {} steps", e.budget());
                yield of(id, ErrorCode.SCAN_BUDGET_EXCEEDED, Refusal.SCAN_BUDGET_EXCEEDED);
            }
            case HazelcastException e -> clusterAway(id, e);
            case HazelcastInstanceNotActiveException e -> clusterAway(id, e);
            case DataAccessResourceFailureException e -> storageAway(id, e);
            case CannotCreateTransactionException e -> storageAway(id, e);
            case TransientDataAccessException e -> storageAway(id, e);
            default -> {
                log.error("Unexpected failure of a socket frame", failure);
                yield of(id, ErrorCode.INTERNAL_ERROR, "The frame could not be processed.");
            }
        };
    }

    private static SocketError clusterAway(@Nullable String id, RuntimeException e) {
        log.warn("Socket frame failed in the cluster: {}", e.getClass().getSimpleName());
        return new SocketError(
                id,
                ErrorCode.UNAVAILABLE,
                "The cluster could not serve this frame now; retry shortly.",
                Map.of(),
                Duration.ofSeconds(1));
    }

    private static SocketError storageAway(@Nullable String id, RuntimeException e) {
        log.warn("Socket frame failed, storage unavailable: {}", e.getClass().getSimpleName());
        return new SocketError(
                id,
                ErrorCode.UNAVAILABLE,
                "Storage is temporarily unavailable; retry shortly.",
                Map.of(),
                Duration.ofSeconds(5));
    }

    /** The frame as sent: type, id, status, code, detail, the refusal's figures, and retryAfterSeconds if any. */
    Map<String, Object> frame() {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("id", id);
        frame.put("status", Problems.status(code).value());
        frame.put("code", code.code());
        frame.put("detail", detail);
        properties.forEach(frame::putIfAbsent);
        if (retryAfter != null) {
            frame.put("retryAfterSeconds", Math.max(1, retryAfter.toSeconds()));
        }
        return frame;
    }
}
