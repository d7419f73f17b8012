package io.streamguard.api.clients;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.streamguard.api.cluster.ClusterMaps;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Run on every member when a key is revoked: the member remembers the revocation for good and
 * removes the key from its own replica of the key map before the revocation returns, rather than
 * whenever replication gets there.
 */
final class ForgetKey implements Callable<Boolean>, HazelcastInstanceAware {

    private final String keyHash;
    private transient @Nullable HazelcastInstance hazelcast;

    ForgetKey(String keyHash) {
        this.keyHash = keyHash;
    }

    String keyHash() {
        return keyHash;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public Boolean call() {
        if (hazelcast == null) {
            throw new IllegalStateException("ran outside a member");
        }
        RevokedKeys.of(hazelcast).add(keyHash);
        return hazelcast.getReplicatedMap(ClusterMaps.API_KEYS).remove(keyHash) != null;
    }
}
