package io.streamguard.api.clients;

import io.streamguard.api.cluster.WireSamples;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The clients feature's wire types, for the cluster's round-trip test. */
class ClientWireSamples implements WireSamples {

    @Override
    public Map<Class<?>, List<?>> samples() {
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        return Map.of(
                KeyGrant.class,
                        List.of(
                                new KeyGrant(hash, UUID.randomUUID()),
                                new KeyGrant("", new UUID(0, 0)),
                                new KeyGrant("ключ-🔑", new UUID(-1, -1))),
                ForgetKey.class, List.of(new ForgetKey(hash), new ForgetKey(""), new ForgetKey("x".repeat(70_000))));
    }
}
