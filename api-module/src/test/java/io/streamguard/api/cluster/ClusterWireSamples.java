package io.streamguard.api.cluster;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The cluster's own wire types, for the round-trip test. */
class ClusterWireSamples implements WireSamples {

    @Override
    public Map<Class<?>, List<?>> samples() {
        byte[] nonce = new byte[32];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = (byte) (i * 37 - 128);
        }
        return Map.of(
                MemberCheck.class,
                        List.of(new MemberCheck(nonce), new MemberCheck(new byte[0]), new MemberCheck(new byte[1024])),
                MemberCheck.Proof.class,
                        List.of(
                                new MemberCheck.Proof(nonce, UUID.randomUUID()),
                                new MemberCheck.Proof(new byte[0], new UUID(0, 0))));
    }
}
