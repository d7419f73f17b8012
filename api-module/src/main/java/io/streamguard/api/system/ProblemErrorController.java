package io.streamguard.api.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page: whatever was sent there (a filter's {@code sendError}, an exception
 * no handler caught, a missing static file) is answered with problem+json, whatever the client
 * accepts — never Boot's HTML or JSON error page, never a message or a stack trace. A direct visit
 * finds nothing.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            log.error("Unhandled failure of {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        String uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String s ? s : "";
        response.getWriter().write(Problems.json(status, ContainerErrors.detail(status, uri)));
    }
}
