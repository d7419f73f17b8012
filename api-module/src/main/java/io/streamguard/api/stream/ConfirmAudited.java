package io.streamguard.api.stream;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Notes that an ended stream's audit row is in Postgres: the cluster may now let it go. Names its
 * stream, so it cannot be replayed against another one.
 */
record ConfirmAudited(String streamId) implements EntryProcessor<String, StreamSession, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null
                || !session.ended()
                || !entry.getKey().equals(streamId)
                || !session.streamId().equals(streamId)) {
            return false;
        }
        session.markAudited();
        entry.setValue(session);
        return true;
    }
}
