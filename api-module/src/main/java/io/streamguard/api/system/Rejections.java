package io.streamguard.api.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Every refusal the API answers, by its code: {@code streamguard_rejections_total{code}}. Counted
 * where {@link Problems} makes the answer; found through the request's servlet context rather than
 * a static, so that each node counts its own when several run in one JVM (as in tests).
 */
@Component
public class Rejections implements ServletContextAware {

    private static final String ATTRIBUTE = Rejections.class.getName();

    private final Map<ErrorCode, Counter> counters = new EnumMap<>(ErrorCode.class);

    Rejections(MeterRegistry registry) {
        for (ErrorCode code : ErrorCode.values()) {
            counters.put(
                    code,
                    Counter.builder("streamguard.rejections")
                            .description("Requests answered with a problem, by its code")
                            .tag("code", code.code())
                            .register(registry));
        }
    }

    @Override
    public void setServletContext(ServletContext servletContext) {
        servletContext.setAttribute(ATTRIBUTE, this);
    }

    /** For refusals answered outside a request, as error frames on a socket. */
    public void count(ErrorCode code) {
        Objects.requireNonNull(counters.get(code)).increment();
    }

    static void count(ServletRequest request, ErrorCode code) {
        if (request.getServletContext().getAttribute(ATTRIBUTE) instanceof Rejections rejections) {
            Objects.requireNonNull(rejections.counters.get(code)).increment();
        }
    }

    /** For answers made inside Spring MVC, where the request is the thread's. */
    static void countCurrent(ErrorCode code) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            count(attributes.getRequest(), code);
        }
    }
}
