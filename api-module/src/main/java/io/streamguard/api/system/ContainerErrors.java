package io.streamguard.api.system;

import java.util.Locale;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Errors the container answers itself are problem+json like the API's own: Tomcat's host gets
 * {@link ProblemErrorReportValve} instead of its HTML report (and instead of the one Boot adds),
 * and everything forwarded to the error page is answered by {@link ProblemErrorController}.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                // At the host's start, whoever added an HTML report valve meanwhile has done so.
                host.addLifecycleListener(event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        useProblemReports(host);
                    }
                });
                useProblemReports(host);
            }
        });
    }

    private static void useProblemReports(StandardHost host) {
        boolean present = false;
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ProblemErrorReportValve) {
                present = true;
            } else if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        if (!present) {
            host.getPipeline().addValve(new ProblemErrorReportValve());
        }
    }

    /** What a client can do about an error the container saw, without any of its internals. */
    static String detail(int status, String rawUri) {
        return switch (status) {
            case 400 ->
                rawUri.toLowerCase(Locale.ROOT).contains("%00")
                        ? "The URL contains an encoded NUL character (%00)."
                        : "The request could not be parsed: check its request line, its headers (and their size)"
                                + " and the percent-encoding of its URL.";
            case 404 -> "There is nothing at this address.";
            case 405 -> "This method is not allowed here.";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request is too large.";
            case 414 -> "The URL is too long.";
            case 501 -> "The request uses a feature this server does not implement.";
            case 505 -> "Use HTTP/1.1.";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield status >= 500 || known == null
                        ? "The request could not be processed."
                        : "The request was refused: " + known.getReasonPhrase() + ".";
            }
        };
    }
}
