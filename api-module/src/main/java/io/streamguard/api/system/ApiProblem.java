package io.streamguard.api.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ProblemDetail;

/**
 * A request the API refuses for a reason the client can act on. Rendered as problem+json with
 * the {@link ErrorCode}'s status and code; {@code detail} is written for the client, never a
 * message of some underlying exception.
 */
public class ApiProblem extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private @Nullable Duration retryAfter;

    public ApiProblem(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public ApiProblem with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public ApiProblem retryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    public ErrorCode code() {
        return code;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = Problems.of(code, getMessage());
        properties.forEach(problem::setProperty);
        return problem;
    }
}
