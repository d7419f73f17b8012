package io.streamguard.api.stream;

import java.util.function.Consumer;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;
import io.streamguard.api.cluster.GridTampering;
import jakarta.annotation.PostConstruct;
import org.springframework.stereotype.Component;

/**
 * Guards the stream map against removals nobody of ours made ({@link KeepUnauditedStreams} on
 * every member), and keeps this member's books when a stream it owns goes. A whole map cleared or
 * evicted at once passes no interceptor and cannot be put back: it is counted and logged.
 */
@Component
class StreamRemovalWatch implements EntryRemovedListener<String, StreamSession> {

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
        streams.addInterceptor(new KeepUnauditedStreams(tampering, putBack(streams)));
        streams.addLocalEntryListener(this);
        // Map-wide events are not local to an entry's owner: every node hears them and counts them.
        streams.addEntryListener(new MapWide(), false);
    }

    /** Puts a stream back as it was, off the member's partition thread. */
    static Consumer<StreamSession> putBack(IMap<String, StreamSession> streams) {
        return session -> Thread.ofVirtual().name("stream-put-back")
                .start(() -> streams.putIfAbsent(session.streamId(), session));
    }

    @Override
    public void entryRemoved(EntryEvent<String, StreamSession> event) {
        budget.forget(event.getKey());
    }

    private final class MapWide implements MapClearedListener, MapEvictedListener {

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
}
