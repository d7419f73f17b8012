package io.streamguard.api.system;

import java.util.List;

import io.streamguard.engine.scan.ScanBudgetExceededException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of a controller into problem+json with a {@code code}. Details are written
 * here, for the client; messages of underlying exceptions never reach it.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        var response = ResponseEntity.status(problem.code().status());
        if (problem.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
        }
        return response.body(problem.toProblemDetail());
    }

    /**
     * The rules would need more work on this content than one request may take: the client's
     * content is the cause (a shorter text passes), so a 4xx, and the stream is left as it was.
     */
    @ExceptionHandler(ScanBudgetExceededException.class)
    ResponseEntity<ProblemDetail> scanBudgetExceeded(ScanBudgetExceededException e) {
        log.warn("A check ran out of its work budget of {} steps", e.budget());
        return ResponseEntity.status(ErrorCode.SCAN_BUDGET_EXCEEDED.status())
                .body(Problems.of(ErrorCode.SCAN_BUDGET_EXCEEDED, Problems.SCAN_BUDGET_EXCEEDED));
    }

    /** The database is away: the client may retry; nothing about the failure is its business. */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Request failed, storage unavailable: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(ErrorCode.UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(Problems.of(ErrorCode.UNAVAILABLE, "Storage is temporarily unavailable; retry shortly."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(ErrorCode.INTERNAL_ERROR, "The request could not be processed."));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimit.BodyTooLarge tooLarge) {
                return problem(ErrorCode.CONTENT_TOO_LARGE, tooLarge.getMessage());
            }
        }
        return problem(ErrorCode.INVALID_REQUEST, unreadableDetail(ex));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = ex.getBindingResult().getAllErrors().stream()
                .map(error -> error instanceof FieldError field
                        ? field.getField() + ": " + (field.isBindingFailure()
                                ? "has the wrong type or format" : field.getDefaultMessage())
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
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ErrorCode code = ErrorCode.forStatus(statusCode.value());
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail()
                : code.title();
        ProblemDetail problem = Problems.of(code, detail);
        problem.setStatus(statusCode.value());
        return ResponseEntity.status(statusCode).headers(headers).body(problem);
    }

    /** Names the offending field when Jackson knows it; never repeats Jackson's own message. */
    private static String unreadableDetail(HttpMessageNotReadableException ex) {
        if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'.";
        }
        if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var reference : databind.getPath()) {
                if (reference.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
                }
                else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            return "The value of '" + path + "' is missing or has the wrong type.";
        }
        if (ex.getCause() instanceof StreamReadException) {
            return "The body is not well-formed JSON.";
        }
        return "The body is missing or is not JSON of the expected shape.";
    }

    private static ResponseEntity<Object> problem(ErrorCode code, String detail) {
        return ResponseEntity.status(code.status()).body(Problems.of(code, detail));
    }
}
