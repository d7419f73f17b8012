package io.streamguard.api.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed sign-ins for one user from one
 * address within {@link #WINDOW}, that pair is locked out for the rest of the window, before any
 * password is compared. Keyed by user and address, so nobody can lock an admin out from elsewhere.
 * Counts the console's form login and HTTP Basic alike.
 */
@Component
public class SignInThrottle {

    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
            .expireAfterWrite(WINDOW).maximumSize(100_000).build();

    public boolean isLockedOut(String username) {
        AtomicInteger count = failures.getIfPresent(key(username, currentAddress()));
        return count != null && count.get() >= MAX_FAILURES;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : currentAddress();
        failures.get(key(event.getAuthentication().getName(), address), k -> new AtomicInteger()).incrementAndGet();
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        failures.invalidate(key(event.getAuthentication().getName(), currentAddress()));
    }

    private static String key(String username, @Nullable String address) {
        return username + '\n' + address;
    }

    private static @Nullable String currentAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr() : null;
    }
}
