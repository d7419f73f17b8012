package io.streamguard.console.security;

import io.streamguard.api.security.People;
import io.streamguard.api.security.People.Person;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * The console sessions of this node and who signed in to them, with the role they signed in with.
 * Requests are checked as they come ({@link CurrentAccountFilter}); a tab that only receives
 * server pushes (the live streams) sends none, so every few seconds the accounts behind all
 * sessions are read again and the sessions of changed accounts are ended, which closes their push.
 */
@Component
class SignedInSessions {

    private static final Logger log = LoggerFactory.getLogger(SignedInSessions.class);

    private record SignedIn(HttpSession session, String username, List<String> authorities) {}

    private final Map<String, SignedIn> sessions = new ConcurrentHashMap<>();
    private final People people;

    SignedInSessions(People people) {
        this.people = people;
    }

    /** Whether the account behind this request's session still is what it signed in as. */
    boolean isCurrent(Authentication signedIn) {
        return matches(authorities(signedIn), people.byUsername(signedIn.getName()));
    }

    void track(HttpSession session, Authentication signedIn) {
        sessions.computeIfAbsent(
                session.getId(), id -> new SignedIn(session, signedIn.getName(), authorities(signedIn)));
    }

    void forget(HttpSession session) {
        sessions.remove(session.getId());
    }

    @Scheduled(fixedDelayString = "${streamguard.console.account-check-millis:5000}")
    void endSessionsOfChangedAccounts() {
        Map<String, Optional<Person>> accounts = new java.util.HashMap<>();
        sessions.forEach((id, signedIn) -> {
            try {
                signedIn.session().getCreationTime();
            } catch (IllegalStateException alreadyEnded) {
                sessions.remove(id);
                return;
            }
            Optional<Person> account;
            try {
                account = accounts.computeIfAbsent(signedIn.username(), people::byUsername);
            } catch (DataAccessException storageAway) {
                return;
            }
            if (!matches(signedIn.authorities(), account)) {
                log.info(
                        "Ending a console session of {}: their account was disabled or their role changed",
                        signedIn.username());
                sessions.remove(id);
                try {
                    signedIn.session().invalidate();
                } catch (IllegalStateException alreadyEnded) {
                    // ended meanwhile
                }
            }
        });
    }

    private static List<String> authorities(Authentication signedIn) {
        return signedIn.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .toList();
    }

    private static boolean matches(List<String> authorities, Optional<Person> account) {
        return account.filter(Person::enabled)
                .filter(p -> authorities.equals(List.of(p.authority())))
                .isPresent();
    }
}
