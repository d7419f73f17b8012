package io.streamguard.console.security;

import java.io.IOException;
import java.util.Optional;

import io.streamguard.api.security.People;
import io.streamguard.api.security.People.Person;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of a person whose account no longer matches what they signed in with: disabled,
 * deleted, or given another role. Runs on every console request, Vaadin's RPC and push included,
 * and reads the account afresh (one indexed row), so the change counts on whichever node serves
 * the person's next request. The request then goes on without a session: Vaadin answers
 * "session expired" and the browser reloads into the sign-in page; nothing the request asked for
 * is done. Deliberately not a bean, like the API's filters.
 */
final class CurrentAccountFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CurrentAccountFilter.class);

    private final People people;

    CurrentAccountFilter(People people) {
        this.people = people;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.isAuthenticated() && request.getSession(false) != null) {
            Optional<Person> account;
            try {
                account = people.byUsername(signedIn.getName());
            }
            catch (DataAccessException storageAway) {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            if (!matches(signedIn, account)) {
                log.info("Signing out {}: their account was disabled or their role changed", signedIn.getName());
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean matches(Authentication signedIn, Optional<Person> account) {
        if (account.isEmpty() || !account.get().enabled()) {
            return false;
        }
        var authorities = signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        return authorities.equals(java.util.List.of(account.get().authority()));
    }
}
