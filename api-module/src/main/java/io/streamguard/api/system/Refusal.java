package io.streamguard.api.system;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request refused for a reason the client can act on, in the domain's words: its {@link ErrorCode}, a
 * detail written for the client (never a message of some underlying exception), the figures the client
 * needs to act (a position, a limit) and when it may retry. Each feature names its own refusals as
 * subclasses; the web edge alone turns them into problem+json with an HTTP status, and the console into a
 * notification.
 */
public abstract class Refusal extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private @Nullable Duration retryAfter;

    protected Refusal(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    /** Adds a figure the client needs, e.g. the server's position after a mismatch. */
    public Refusal with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public Refusal retryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    /** What a refusal says when the rules would need more work on a text than one request may take. */
    public static final String SCAN_BUDGET_EXCEEDED = "Checking this content with the current rules would take more "
            + "work than one request may; nothing was changed. Send shorter content, or ask an administrator to "
            + "simplify the rules with large counted repeats.";

    public ErrorCode code() {
        return code;
    }

    /** The detail written for the client. */
    public String detail() {
        return String.valueOf(getMessage());
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
