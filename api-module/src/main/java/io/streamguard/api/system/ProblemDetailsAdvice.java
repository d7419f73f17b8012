package io.streamguard.api.system;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.streamguard.engine.scan.ScanBudgetExceededException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of a controller into problem+json with a {@code code}. Details are written
 * here, for the client; messages of underlying exceptions never reach it.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    /** How Jackson's strict duplicate detection begins its message; the field is named from the parser. */
    private static final String DUPLICATE_PROPERTY = "Duplicate Object property";

    private final LivenessGuard liveness;

    ProblemDetailsAdvice(LivenessGuard liveness) {
        this.liveness = liveness;
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refused(Refusal refusal) {
        var response = ResponseEntity.status(Problems.status(refusal.code()));
        Duration retryAfter = refusal.retryAfter();
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        ProblemDetail problem = Problems.of(refusal.code(), refusal.detail());
        refusal.properties().forEach(problem::setProperty);
        return response.body(problem);
    }

    /** Spring Security's firewall, when a parameter is read that it refuses (e.g. a control character in its name). */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest()
                .body(Problems.of(
                        ErrorCode.INVALID_REQUEST,
                        "A query parameter's name holds a control character, or the URL a sequence this API refuses."));
    }

    /** Tomcat, when query parameters are read that are not UTF-8 after percent-decoding (or too many). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException e) {
        return ResponseEntity.badRequest()
                .body(Problems.of(
                        ErrorCode.INVALID_REQUEST,
                        "The query string could not be read: every parameter must be percent-encoded UTF-8."));
    }

    /**
     * The rules would need more work on this content than one request may take: the client's
     * content is the cause (a shorter text passes), so a 4xx, and the stream is left as it was.
     */
    @ExceptionHandler(ScanBudgetExceededException.class)
    ResponseEntity<ProblemDetail> scanBudgetExceeded(ScanBudgetExceededException e) {
        log.warn("A check ran out of its work budget of {} steps", e.budget());
        return ResponseEntity.status(Problems.status(ErrorCode.SCAN_BUDGET_EXCEEDED))
                .body(Problems.of(ErrorCode.SCAN_BUDGET_EXCEEDED, Refusal.SCAN_BUDGET_EXCEEDED));
    }

    /** The database is away: the client may retry; nothing about the failure is its business. */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        CannotCreateTransactionException.class,
        TransientDataAccessException.class
    })
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Request failed, storage unavailable: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(Problems.status(ErrorCode.UNAVAILABLE))
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(Problems.of(ErrorCode.UNAVAILABLE, "Storage is temporarily unavailable; retry shortly."));
    }

    /**
     * The cluster could not do the work: its member is stopping, a partition is moving, or the
     * member that owns the stream cannot be trusted with it. The client may retry.
     */
    @ExceptionHandler({HazelcastException.class, HazelcastInstanceNotActiveException.class})
    ResponseEntity<ProblemDetail> clusterUnavailable(RuntimeException e) {
        log.warn("Request failed in the cluster: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(Problems.status(ErrorCode.UNAVAILABLE))
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(
                        ErrorCode.UNAVAILABLE, "The cluster could not serve this request now; retry shortly."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        liveness.failedWith(e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(ErrorCode.INTERNAL_ERROR, "The request could not be processed."));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimit.BodyTooLarge tooLarge) {
                return problem(ErrorCode.CONTENT_TOO_LARGE, String.valueOf(tooLarge.getMessage()));
            }
        }
        return problem(ErrorCode.INVALID_REQUEST, unreadableDetail(ex));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = ex.getBindingResult().getAllErrors().stream()
                .map(error -> error instanceof FieldError field
                        ? field.getField() + ": "
                                + (field.isBindingFailure()
                                        ? "has the wrong type or format"
                                        : field.getDefaultMessage())
                        : error.getDefaultMessage())
                .sorted()
                .toList();
        ProblemDetail body = Problems.of(ErrorCode.INVALID_REQUEST, String.join("; ", errors));
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(ErrorCode.INVALID_REQUEST, "A request parameter is invalid.");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ErrorCode code = Problems.codeFor(statusCode.value());
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail()
                : code.title();
        ProblemDetail problem = Problems.of(code, detail);
        problem.setStatus(statusCode.value());
        return ResponseEntity.status(statusCode).headers(headers).body(problem);
    }

    /** Names the offending field when Jackson knows it; never repeats Jackson's own message. */
    private static String unreadableDetail(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'.";
        }
        if (cause instanceof StreamReadException read
                && read.getOriginalMessage() != null
                && read.getOriginalMessage().startsWith(DUPLICATE_PROPERTY)
                && read.processor() instanceof JsonParser parser) {
            return "The field '" + path(parser.streamReadContext()) + "' appears more than once; send each field once.";
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = StrictJson.fieldPath(jackson.getPath());
            Class<?> target = cause instanceof MismatchedInputException mismatch
                    ? mismatch.getTargetType()
                    : cause instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
            if (cause instanceof InputCoercionException) {
                return "The value of '" + field + "' is out of range for " + expected(target) + ".";
            }
            return target == null
                    ? "The value of '" + field + "' is missing or has the wrong type."
                    : "The value of '" + field + "' must be " + expected(target) + ".";
        }
        if (cause instanceof StreamReadException) {
            return "The body is not well-formed JSON.";
        }
        return "The body is missing or is not JSON of the expected shape.";
    }

    private static String expected(@Nullable Class<?> target) {
        if (target == null) {
            return "a value of another type";
        }
        if (target == int.class
                || target == Integer.class
                || target == long.class
                || target == Long.class
                || target == short.class
                || target == Short.class
                || target == BigInteger.class) {
            return "a whole number (a JSON integer)";
        }
        if (target == double.class || target == Double.class || target == float.class || target == Float.class) {
            return "a number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(target)) {
            return "text (a JSON string)";
        }
        if (target.isEnum()) {
            return "one of "
                    + Arrays.stream(target.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String path(TokenStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.currentName());
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static ResponseEntity<Object> problem(ErrorCode code, String detail) {
        return ResponseEntity.status(Problems.status(code)).body(Problems.of(code, detail));
    }
}
