package io.streamguard.api.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web edge's translation of refusals: which HTTP status each {@link ErrorCode} has, and the API's
 * problem+json bodies, also for filters that answer before MVC does.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    /** The HTTP status the API answers each code with. */
    public static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND, STREAM_NOT_FOUND, AUDIT_ENTRY_NOT_FOUND, RULE_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> HttpStatus.NOT_ACCEPTABLE;
            case STREAM_FINISHED, POSITION_MISMATCH -> HttpStatus.CONFLICT;
            case CONTENT_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case SCAN_BUDGET_EXCEEDED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case RATE_LIMITED, TOO_MANY_STREAMS, CLIENT_BUDGET_EXCEEDED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case NOT_IMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
            case HTTP_VERSION_NOT_SUPPORTED -> HttpStatus.HTTP_VERSION_NOT_SUPPORTED;
            case INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The code for a status the container or the framework chose: the closest one. */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.CONTENT_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 501 -> ErrorCode.NOT_IMPLEMENTED;
            case 503 -> ErrorCode.UNAVAILABLE;
            case 505 -> ErrorCode.HTTP_VERSION_NOT_SUPPORTED;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
        };
    }

    /** The body of an answer Spring MVC sends; counted as a rejection. */
    public static ProblemDetail of(ErrorCode code, String detail) {
        Rejections.countCurrent(code);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(code), detail);
        problem.setType(code.type());
        problem.setTitle(code.title());
        problem.setProperty("code", code.code());
        return problem;
    }

    /** Answers the request with the code's status and problem; counted as a rejection. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        Rejections.count(request, code);
        response.setStatus(status(code).value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body(status(code).value(), detail));
    }

    /**
     * The body for a status the container or the framework chose: its code is the closest of
     * {@link ErrorCode}, its title the status's own reason where no code matches it exactly.
     */
    public static String json(int status, String detail) {
        Rejections.countCurrent(codeFor(status));
        return JSON.writeValueAsString(body(status, detail));
    }

    private static Map<String, Object> body(int status, String detail) {
        ErrorCode code = codeFor(status);
        HttpStatus known = HttpStatus.resolve(status);
        String title = status(code).value() == status || known == null ? code.title() : known.getReasonPhrase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", code.type().toString());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code.code());
        return body;
    }
}
