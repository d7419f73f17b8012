package io.streamguard.api.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * What sign-in costs and refuses, for dashboards and for tests that watch from outside:
 * {@code streamguard_password_checks_total} counts password hashes compared (bcrypt, the dummy one
 * for unknown names included); {@code streamguard_sign_in_refused_total} counts refusals by
 * {@code reason}. Unknown names and wrong passwords share the reason {@code bad_credentials}, as
 * the metrics are public; {@code locked} is a user locked out, {@code address_locked} an address
 * locked out for every name.
 */
@Component
public class SignInMetrics {

    private final Counter passwordChecks;
    private final Counter locked;
    private final Counter addressLocked;
    private final Counter badCredentials;
    private final Counter disabled;

    SignInMetrics(MeterRegistry registry) {
        passwordChecks = Counter.builder("streamguard.password.checks")
                .description("Password hashes compared at sign-in")
                .register(registry);
        locked = refused(registry, "locked");
        addressLocked = refused(registry, "address_locked");
        badCredentials = refused(registry, "bad_credentials");
        disabled = refused(registry, "disabled");
    }

    private static Counter refused(MeterRegistry registry, String reason) {
        return Counter.builder("streamguard.sign.in.refused")
                .tag("reason", reason)
                .description("Sign-ins refused, by reason")
                .register(registry);
    }

    void passwordChecked() {
        passwordChecks.increment();
    }

    void refusedLocked() {
        locked.increment();
    }

    void refusedAddressLocked() {
        addressLocked.increment();
    }

    void refusedBadCredentials() {
        badCredentials.increment();
    }

    void refusedDisabled() {
        disabled.increment();
    }
}
