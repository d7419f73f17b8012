package io.streamguard.api.stream;

import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.GridTampering;
import jakarta.annotation.PostConstruct;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Guards the stream map against what no node of ours does. {@link KeepUnauditedStreams} on every
 * member refuses the removal of a stream not yet audited and the replacement of one; what passes
 * no interceptor (the whole map cleared or evicted, a time-to-live set on entries, the map
 * destroyed) is counted, and each member puts back the streams it owns that still owe their audit
 * row, from the live objects it holds ({@link ClientMemoryBudget}). A destroyed map is watched
 * again once it is back.
 */
@Component
class StreamRemovalWatch
        implements EntryRemovedListener<String, StreamSession>,
                EntryExpiredListener<String, StreamSession>,
                DistributedObjectListener {

    private final HazelcastInstance hazelcast;
    private final IMap<String, StreamSession> streams;
    private final GridTampering tampering;
    private final ClientMemoryBudget budget;

    StreamRemovalWatch(
            HazelcastInstance hazelcast,
            IMap<String, StreamSession> streams,
            GridTampering tampering,
            ClientMemoryBudget budget) {
        this.hazelcast = hazelcast;
        this.streams = streams;
        this.tampering = tampering;
        this.budget = budget;
    }

    @PostConstruct
    void start() {
        watch();
        hazelcast.addDistributedObjectListener(this);
    }

    private void watch() {
        streams.addInterceptor(new KeepUnauditedStreams(tampering, putBack(streams)));
        streams.addLocalEntryListener(this);
        // Map-wide events are not local to an entry's owner: every node hears them and puts back its own.
        streams.addEntryListener(new MapWide(), false);
    }

    /** Puts a stream back as it was, off the member's partition thread. */
    static Consumer<StreamSession> putBack(IMap<String, StreamSession> streams) {
        return session -> Thread.ofVirtual()
                .name("stream-put-back")
                .start(() -> streams.putIfAbsent(session.streamId(), session));
    }

    private void putBackWhatThisMemberOwns(String what) {
        var owned = budget.unaudited();
        tampering.record(
                GridTampering.Kind.STREAM_REMOVED,
                what + "; putting back the " + owned.size() + " streams this node owns that still owe their audit row");
        Consumer<StreamSession> putBack = putBack(streams);
        owned.forEach(putBack);
    }

    @Override
    public void entryRemoved(EntryEvent<String, StreamSession> event) {
        budget.forget(event.getKey());
    }

    @Override
    public void entryExpired(EntryEvent<String, StreamSession> event) {
        // The nodes set no time-to-live: someone else did.
        budget.unaudited().stream()
                .filter(s -> s.streamId().equals(event.getKey()))
                .findFirst()
                .ifPresent(session -> {
                    tampering.record(
                            GridTampering.Kind.STREAM_REMOVED,
                            "a stream expired by a time-to-live no node set; put back");
                    putBack(streams).accept(session);
                });
    }

    @Override
    public void distributedObjectCreated(DistributedObjectEvent event) {}

    @Override
    public void distributedObjectDestroyed(DistributedObjectEvent event) {
        if (ClusterMaps.STREAMS.equals(event.getObjectName())
                && hazelcast.getLifecycleService().isRunning()) {
            Thread.ofVirtual().name("stream-map-rewatch").start(() -> {
                watch();
                putBackWhatThisMemberOwns("the stream map was destroyed");
            });
        }
    }

    private final class MapWide implements MapClearedListener, MapEvictedListener {

        @Override
        public void mapCleared(MapEvent event) {
            putBackWhatThisMemberOwns(event.getNumberOfEntriesAffected() + " streams cleared from the map at once");
        }

        @Override
        public void mapEvicted(MapEvent event) {
            putBackWhatThisMemberOwns(event.getNumberOfEntriesAffected() + " streams evicted from the map at once");
        }
    }
}
