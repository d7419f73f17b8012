package io.streamguard.api.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * What every API request must be before a handler sees it: a body is {@code application/json} in
 * UTF-8 (unless the endpoint declares another type it consumes), whatever message converters
 * happen to be on the classpath; and no query parameter or path variable holds a NUL or an
 * unpaired surrogate, which Postgres could not store and the audit could not show. The body is
 * checked first, so a form body is refused before parameters are read (reading them would parse it).
 */
final class StrictRequests implements HandlerInterceptor {

    /**
     * Whether each handler declares what it consumes. Merging its annotations was the costliest
     * step of an update's way through the interceptors; the answer never changes for a method.
     */
    private final Map<Method, Boolean> declaresConsumes = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        if (hasBody(request)
                && !declaresConsumes.computeIfAbsent(method.getMethod(), StrictRequests::declaresWhatItConsumes)) {
            requireJson(request.getContentType());
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            requireWellFormed("query parameter", parameter.getKey(), parameter.getKey());
            for (String value : parameter.getValue()) {
                requireWellFormed("query parameter", parameter.getKey(), value);
            }
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            for (Map.Entry<?, ?> variable : variables.entrySet()) {
                requireWellFormed(
                        "path variable",
                        variable.getKey().toString(),
                        variable.getValue().toString());
            }
        }
        requireWellFormed("header", HttpHeaders.ACCEPT, request.getHeader(HttpHeaders.ACCEPT));
        return true;
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** Such an endpoint's consumes condition is enforced by Spring itself (415 for anything else). */
    private static boolean declaresWhatItConsumes(Method method) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
        return mapping != null && mapping.consumes().length > 0;
    }

    private static void requireJson(String contentType) {
        try {
            MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
            if (type != null
                    && type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)
                    && (type.getParameter("charset") == null || StandardCharsets.UTF_8.equals(type.getCharset()))) {
                return;
            }
        } catch (IllegalArgumentException unreadable) {
            // an unparsable type or an unknown charset: refused below, like any other type
        }
        throw new RequestRefusal(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "Request bodies must be JSON: send them as 'Content-Type: application/json' (UTF-8).")
                .with("accepted", MediaType.APPLICATION_JSON_VALUE);
    }

    private static void requireWellFormed(String kind, String name, String value) {
        if (value != null && WellFormedText.Validator.firstProblem(value) >= 0) {
            String shown = printable(name);
            throw new RequestRefusal(
                            ErrorCode.INVALID_REQUEST,
                            "The " + kind + " '" + shown
                                    + "' must be well-formed text: no NUL character and no unpaired surrogate.")
                    .with("parameter", shown);
        }
    }

    /** The name as a client can read it back: NUL and lone surrogates shown as escapes. */
    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1));
            if (paired) {
                shown.append(c).append(name.charAt(++i));
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }
}
