package io.streamguard.api.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Builds the API's problem+json bodies, also for filters that answer before MVC does. */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Said when the rules would need more work on a text than one request may take. */
    public static final String SCAN_BUDGET_EXCEEDED = "Checking this content with the current rules would take more "
            + "work than one request may; nothing was changed. Send shorter content, or ask an administrator to "
            + "simplify the rules with large counted repeats.";

    private Problems() {
    }

    public static ProblemDetail of(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(code.type());
        problem.setTitle(code.title());
        problem.setProperty("code", code.code());
        return problem;
    }

    public static void write(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body(code.status().value(), detail));
    }

    /**
     * The body for a status the container or the framework chose: its code is the closest of
     * {@link ErrorCode}, its title the status's own reason where no code matches it exactly.
     */
    public static String json(int status, String detail) {
        return JSON.writeValueAsString(body(status, detail));
    }

    private static Map<String, Object> body(int status, String detail) {
        ErrorCode code = ErrorCode.forStatus(status);
        HttpStatus known = HttpStatus.resolve(status);
        String title = code.status().value() == status || known == null ? code.title() : known.getReasonPhrase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", code.type().toString());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code.code());
        return body;
    }
}
