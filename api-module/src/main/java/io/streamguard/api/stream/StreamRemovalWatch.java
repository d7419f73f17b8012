package io.streamguard.api.stream;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;
import com.hazelcast.query.Predicates;
import io.streamguard.api.cluster.ForgedGridDataException;
import io.streamguard.api.cluster.GridTampering;
import jakarta.annotation.PostConstruct;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The nodes remove a stream from the map only once its audit row is confirmed. {@link
 * KeepUnauditedStreams} refuses any other removal; what goes around it (an eviction of one entry)
 * is put back as it was, so the stream carries on and is audited as usual, and counted. A whole
 * map cleared or evicted at once cannot be put back or refused; it is counted and logged.
 */
@Component
class StreamRemovalWatch implements EntryRemovedListener<String, StreamSession>,
        EntryEvictedListener<String, StreamSession>, MapClearedListener, MapEvictedListener {

    private final IMap<String, StreamSession> streams;
    private final GridTampering tampering;
    private final ClientMemoryBudget budget;

    StreamRemovalWatch(IMap<String, StreamSession> streams, GridTampering tampering, ClientMemoryBudget budget) {
        this.streams = streams;
        this.tampering = tampering;
        this.budget = budget;
    }

    @PostConstruct
    void watch() {
        streams.addInterceptor(new KeepUnauditedStreams(tampering));
        streams.addLocalEntryListener(this, Predicates.alwaysTrue(), true);
    }

    @Override
    public void entryRemoved(EntryEvent<String, StreamSession> event) {
        removed(event);
    }

    @Override
    public void entryEvicted(EntryEvent<String, StreamSession> event) {
        removed(event);
    }

    private void removed(EntryEvent<String, StreamSession> event) {
        budget.forget(event.getKey());
        StreamSession old = oldValue(event);
        if (old == null || (old.ended() && old.audited()) || !old.streamId().equals(event.getKey())) {
            return;
        }
        tampering.record(GridTampering.Kind.STREAM_REMOVED, "stream removed before its audit row was written;"
                + " put back");
        Thread.ofVirtual().name("stream-restore").start(() -> streams.putIfAbsent(event.getKey(), old));
    }

    private static @Nullable StreamSession oldValue(EntryEvent<String, StreamSession> event) {
        try {
            return event.getOldValue();
        }
        catch (ForgedGridDataException e) {
            return null; // not ours to begin with; counted when it was read
        }
    }

    @Override
    public void mapCleared(MapEvent event) {
        tampering.record(GridTampering.Kind.STREAM_REMOVED, event.getNumberOfEntriesAffected()
                + " streams cleared from the map at once");
    }

    @Override
    public void mapEvicted(MapEvent event) {
        tampering.record(GridTampering.Kind.STREAM_REMOVED, event.getNumberOfEntriesAffected()
                + " streams evicted from the map at once");
    }
}
