package io.streamguard.api.users;

import io.streamguard.api.security.People;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.StreamGuardProperties;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The people who may sign in, and the first admin of an empty installation. */
@Service
public class UserAccounts implements People {

    private static final Logger log = LoggerFactory.getLogger(UserAccounts.class);

    private final AppUsers users;
    private final PasswordEncoder passwordEncoder;
    private final StreamGuardProperties properties;
    private final PersonalAccessTokens tokens;

    UserAccounts(
            AppUsers users,
            PasswordEncoder passwordEncoder,
            StreamGuardProperties properties,
            PersonalAccessTokens tokens) {
        this.tokens = tokens;
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
    }

    @Override
    @Transactional(readOnly = true)
    public java.util.Optional<Person> byUsername(String username) {
        if (username.length() > 100) {
            return java.util.Optional.empty();
        }
        return users.findByUsername(username).map(UserAccounts::person);
    }

    @Override
    @Transactional(readOnly = true)
    public java.util.Optional<Person> byAccessToken(String token) {
        return tokens.owner(token).map(UserAccounts::person);
    }

    private static Person person(AppUser user) {
        return new Person(user.username(), user.passwordHash(), user.role().authority(), user.enabled());
    }

    /** A person who may sign in, as the console and the admin API show one (never with the hash). */
    public record UserView(String username, Role role, boolean enabled, java.time.Instant createdAt) {}

    @Transactional(readOnly = true)
    public java.util.List<UserView> list() {
        return users.findAllByOrderByUsernameAsc().stream()
                .map(UserAccounts::view)
                .toList();
    }

    @Transactional
    public UserView create(String username, String password, Role role) {
        if (!username.matches("[A-Za-z0-9._@-]{1,100}")) {
            throw new AccountRefusal(
                    ErrorCode.INVALID_REQUEST, "a username is 1 to 100 letters, digits, '.', '_', '@' or '-'");
        }
        requireStrong(password);
        if (users.findByUsername(username).isPresent()) {
            throw new AccountRefusal(ErrorCode.INVALID_REQUEST, "user " + username + " exists already");
        }
        return view(users.save(new AppUser(username, encoded(password), role)));
    }

    @Transactional
    public UserView setEnabled(String username, boolean enabled) {
        AppUser user = find(username);
        if (!enabled
                && user.role() == Role.ADMIN
                && user.enabled()
                && users.countByRoleAndEnabledTrue(Role.ADMIN) <= 1) {
            throw new AccountRefusal(ErrorCode.INVALID_REQUEST, "the last enabled admin cannot be disabled");
        }
        user.enable(enabled);
        return view(user);
    }

    @Transactional
    public UserView assign(String username, Role role) {
        AppUser user = find(username);
        if (user.role() == Role.ADMIN && role != Role.ADMIN && users.countByRoleAndEnabledTrue(Role.ADMIN) <= 1) {
            throw new AccountRefusal(ErrorCode.INVALID_REQUEST, "the last enabled admin must stay an admin");
        }
        user.assign(role);
        return view(user);
    }

    @Transactional
    public void changePassword(String username, String password) {
        requireStrong(password);
        find(username).changePassword(encoded(password));
    }

    private static void requireStrong(String password) {
        if (password.length() < 12 || password.length() > 200) {
            throw new AccountRefusal(ErrorCode.INVALID_REQUEST, "a password has 12 to 200 characters");
        }
    }

    private AppUser find(String username) {
        return users.findByUsername(username)
                .orElseThrow(() -> new AccountRefusal(ErrorCode.NOT_FOUND, "No user " + username));
    }

    private static UserView view(AppUser user) {
        return new UserView(user.username(), user.role(), user.enabled(), user.createdAt());
    }

    /**
     * Runs when the node is ready: with several nodes starting at once on an empty database the
     * unique username lets exactly one of them create the admin, and only that one prints the
     * generated password. The ready event comes after the "Started" line, and this listener after
     * every ordered one, so that the banner closes the startup log where a newcomer looks first.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    public void createFirstAdmin(ApplicationReadyEvent ready) {
        if (users.count() > 0) {
            return;
        }
        String configured = properties.admin().password();
        String password = configured != null && !configured.isBlank() ? configured : generatePassword();
        try {
            users.saveAndFlush(new AppUser(properties.admin().username(), encoded(password), Role.ADMIN));
        } catch (org.springframework.dao.DataIntegrityViolationException anotherNodeWasFirst) {
            return;
        }
        if (configured == null || configured.isBlank()) {
            log.warn(
                    "{}",
                    firstStartBanner(
                            properties.admin().username(),
                            password,
                            consoleUrl(ready.getApplicationContext().getEnvironment())));
        } else {
            log.info(
                    "First start: created admin user '{}' with the configured password",
                    properties.admin().username());
        }
    }

    /** The console's address as this node serves it: the port it actually listens on (0 in the settings means any). */
    static String consoleUrl(Environment environment) {
        String scheme = environment.getProperty("server.ssl.enabled", Boolean.class, false) ? "https" : "http";
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String host = environment.getProperty("server.address", "localhost");
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        return scheme + "://" + host + ":" + port + contextPath + "/";
    }

    static String firstStartBanner(String username, String password, String consoleUrl) {
        String rule = "=".repeat(72);
        return String.join(
                System.lineSeparator(),
                "",
                "",
                rule,
                "  StreamGuard is ready. First start: an admin user was created.",
                "",
                "    Console:   " + consoleUrl,
                "    User:      " + username,
                "    Password:  " + password,
                "",
                "  It is shown only this once. Change it in the console,",
                "  or set STREAMGUARD_ADMIN_PASSWORD before the first start instead.",
                rule,
                "");
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String encoded(String password) {
        return Objects.requireNonNull(
                passwordEncoder.encode(password), "an encoder encodes every password it is given");
    }
}
