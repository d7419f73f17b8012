package io.streamguard.api.users;

/** What a person may do: {@code ADMIN} everything, {@code COMPLIANCE} read the audit. */
public enum Role {
    ADMIN,
    COMPLIANCE;

    public String authority() {
        return "ROLE_" + name();
    }
}
