package io.streamguard.api.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A challenge sent, sealed, to a member that joined: only a member holding the cluster secret can
 * open it, and only such a member can seal the answer, which names the member that ran it (so a
 * stranger cannot relay the challenge to a real member and pass its answer off as its own).
 */
final class MemberCheck implements Callable<MemberCheck.Proof>, HazelcastInstanceAware {

    private final byte[] nonce;
    private transient @Nullable HazelcastInstance hazelcast;

    MemberCheck(byte[] nonce) {
        this.nonce = nonce.clone();
    }

    byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public Proof call() {
        if (hazelcast == null) {
            throw new IllegalStateException("ran outside a member");
        }
        return new Proof(nonce, hazelcast.getCluster().getLocalMember().getUuid());
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** The sealed answer. */
    record Proof(byte[] nonce, UUID member) {}
}
