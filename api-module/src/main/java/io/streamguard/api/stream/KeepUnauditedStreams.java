package io.streamguard.api.stream;

import com.hazelcast.map.MapInterceptor;
import io.streamguard.api.cluster.GridTampering;
import java.security.SecureRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs on the member that owns each stream, at every put and removal: the nodes remove a stream
 * only once its audit row is confirmed, so the removal of any other stream is a stranger's. A delete or
 * remove is refused before it happens; an eviction, which Hazelcast reports only after the fact,
 * is undone by putting the stream back. Both are counted. Hazelcast names an interceptor by its
 * class and hash, so the hash is random: a stranger cannot name it to remove it.
 */
final class KeepUnauditedStreams implements MapInterceptor {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int identity;
    private final transient GridTampering tampering;
    private final transient Consumer<StreamSession> putBack;

    KeepUnauditedStreams(GridTampering tampering, Consumer<StreamSession> putBack) {
        this(RANDOM.nextInt(), tampering, putBack);
    }

    KeepUnauditedStreams(int identity, GridTampering tampering, Consumer<StreamSession> putBack) {
        this.identity = identity;
        this.tampering = tampering;
        this.putBack = putBack;
    }

    int identity() {
        return identity;
    }

    @Override
    public Object interceptRemove(Object removedValue) {
        if (removedValue instanceof StreamSession session && !(session.ended() && session.audited())) {
            tampering.record(GridTampering.Kind.STREAM_REMOVED, "removal of a stream not yet audited refused");
            putBack.accept(session);
            throw new StreamRemovalRefusedException();
        }
        return removedValue;
    }

    @Override
    public @Nullable Object interceptGet(Object value) {
        return null;
    }

    @Override
    public void afterGet(Object value) {}

    /**
     * The nodes change a stream only inside entry processors, in place, and put a stream only
     * where there is none; a put that replaces a stream's state with another object (an older
     * sealed copy of itself played back, say) is a stranger's and is refused.
     */
    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
        if (oldValue != null && newValue != oldValue) {
            tampering.record(GridTampering.Kind.STREAM_REPLACED, "a stream's state replaced by a put; refused");
            throw new StreamRemovalRefusedException();
        }
        return newValue;
    }

    @Override
    public void afterPut(Object value) {}

    @Override
    public void afterRemove(Object value) {}

    @Override
    public int hashCode() {
        return identity;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeepUnauditedStreams keep && keep.identity == identity;
    }

    /** Answered to whoever tried to remove or replace the stream. */
    static final class StreamRemovalRefusedException extends IllegalStateException {

        StreamRemovalRefusedException() {
            super("a stream is changed only by the nodes, and removed only after its audit row is written");
        }
    }
}
