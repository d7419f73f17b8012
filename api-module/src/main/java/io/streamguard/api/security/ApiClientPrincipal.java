package io.streamguard.api.security;

import java.security.Principal;
import java.util.UUID;

/** The plugin installation that presented an API key; streams belong to it. */
public record ApiClientPrincipal(UUID clientId) implements Principal {

    public static final String ROLE = "API_CLIENT";

    @Override
    public String getName() {
        return clientId.toString();
    }
}
