package io.streamguard.api.security;

import io.streamguard.api.security.People.Person;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Username and password, for the console's form and HTTP Basic alike, in an order that keeps
 * guessing expensive for the guesser only: a locked-out user, or anyone from a locked-out address,
 * is refused before anything is looked up or hashed; every other attempt costs exactly one password
 * hash, a fixed dummy one for names that do not exist, so that timing does not tell who does.
 */
final class PasswordSignIn implements AuthenticationProvider {

    private final People people;
    private final PasswordEncoder passwords;
    private final SignInThrottle throttle;
    private final SignInMetrics metrics;
    private final String dummyHash;

    PasswordSignIn(People people, PasswordEncoder passwords, SignInThrottle throttle, SignInMetrics metrics) {
        this.people = people;
        this.passwords = passwords;
        this.throttle = throttle;
        this.metrics = metrics;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.dummyHash = Objects.requireNonNull(
                passwords.encode(Base64.getEncoder().encodeToString(random)),
                "an encoder encodes every password it is given");
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = attempt.getName();
        String password = attempt.getCredentials() instanceof String presented ? presented : "";
        String address = address(attempt);
        switch (throttle.lockout(username, address)) {
            case ADDRESS -> {
                metrics.refusedAddressLocked();
                throw new LockedException("Too many failed sign-ins; try again later");
            }
            case USER -> {
                metrics.refusedLocked();
                throw new LockedException("Too many failed sign-ins; try again later");
            }
            case NONE -> {}
        }
        Optional<Person> found = people.byUsername(username);
        metrics.passwordChecked();
        boolean matches =
                passwords.matches(password, found.map(Person::passwordHash).orElse(dummyHash));
        if (found.isEmpty() || !matches) {
            throttle.failed(username, address);
            metrics.refusedBadCredentials();
            throw new BadCredentialsException("Bad credentials");
        }
        Person person = found.get();
        if (!person.enabled()) {
            metrics.refusedDisabled();
            throw new BadCredentialsException("Bad credentials");
        }
        throttle.succeeded(username, address);
        var authorities = List.of(new SimpleGrantedAuthority(person.authority()));
        var principal = new User(person.username(), "", authorities);
        var authenticated = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        authenticated.setDetails(attempt.getDetails());
        return authenticated;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The client's address as the trusted-proxy valve resolved it. */
    private static String address(Authentication attempt) {
        if (attempt.getDetails() instanceof WebAuthenticationDetails details && details.getRemoteAddress() != null) {
            return details.getRemoteAddress();
        }
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr()
                : "unknown";
    }
}
