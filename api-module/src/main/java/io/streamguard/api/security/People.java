package io.streamguard.api.security;

import java.util.Optional;

/**
 * The people who may sign in, as sign-in needs them; the users feature provides it. Read afresh
 * on every use, so a role change or a disabled account counts from the next request on.
 */
public interface People {

    /** A person as stored: {@code authority} is their role's, e.g. {@code ROLE_ADMIN}. */
    record Person(String username, String passwordHash, String authority, boolean enabled) {

        @Override
        public String toString() {
            return "Person[" + username + ", " + authority + ", enabled=" + enabled + "]";
        }
    }

    Optional<Person> byUsername(String username);

    /** The owner of this personal access token, if it is valid and unexpired. */
    Optional<Person> byAccessToken(String token);
}
