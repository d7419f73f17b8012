package io.streamguard.api.clients;

import com.hazelcast.core.HazelcastInstance;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's own memory of revoked keys, outside the replicated key map: loaded from Postgres at
 * start and added to by every revocation, so a grant replayed into the map after its key was
 * revoked is refused. Revocation is final.
 */
final class RevokedKeys {

    private final Set<String> hashes = ConcurrentHashMap.newKeySet();

    static RevokedKeys of(HazelcastInstance hazelcast) {
        return (RevokedKeys)
                hazelcast.getUserContext().computeIfAbsent(RevokedKeys.class.getName(), k -> new RevokedKeys());
    }

    void add(String keyHash) {
        hashes.add(keyHash);
    }

    boolean contains(String keyHash) {
        return hashes.contains(keyHash);
    }
}
