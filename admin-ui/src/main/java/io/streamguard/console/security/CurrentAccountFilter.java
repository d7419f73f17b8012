package io.streamguard.console.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of a person whose account no longer matches what they signed in with: disabled,
 * deleted, or given another role. Runs on every console request, Vaadin's RPC and push connections
 * included, and reads the account afresh (one indexed row), so the change counts on whichever node
 * serves the person's next request. The request then goes on without a session: Vaadin answers
 * "session expired" and the browser reloads into the sign-in page; nothing the request asked for
 * is done. Deliberately not a bean, like the API's filters.
 */
final class CurrentAccountFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CurrentAccountFilter.class);

    private final SignedInSessions sessions;

    CurrentAccountFilter(SignedInSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication signedIn =
                session == null ? null : SecurityContextHolder.getContext().getAuthentication();
        if (session != null && signedIn != null && signedIn.isAuthenticated()) {
            boolean current;
            try {
                current = sessions.isCurrent(signedIn);
            } catch (DataAccessException storageAway) {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            if (current) {
                sessions.track(session, signedIn);
            } else {
                log.info("Signing out {}: their account was disabled or their role changed", signedIn.getName());
                sessions.forget(session);
                session.invalidate();
                SecurityContextHolder.clearContext();
            }
        }
        chain.doFilter(request, response);
    }
}
