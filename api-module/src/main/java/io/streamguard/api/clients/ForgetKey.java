package io.streamguard.api.clients;

import java.io.Serializable;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.streamguard.api.cluster.ClusterMaps;

/**
 * Run on every member when a key is revoked: removes it from that member's own replica of the
 * key map before the revocation returns, rather than whenever replication gets there.
 */
final class ForgetKey implements Callable<Boolean>, Serializable, HazelcastInstanceAware {

    private final String keyHash;
    private transient HazelcastInstance hazelcast;

    ForgetKey(String keyHash) {
        this.keyHash = keyHash;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public Boolean call() {
        return hazelcast.getReplicatedMap(ClusterMaps.API_KEYS).remove(keyHash) != null;
    }
}
