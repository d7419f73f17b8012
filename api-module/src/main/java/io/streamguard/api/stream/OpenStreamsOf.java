package io.streamguard.api.stream;

import java.util.Map;
import java.util.UUID;

import com.hazelcast.query.Predicate;

/** The streams a client has open (started, neither finished nor expired). */
record OpenStreamsOf(UUID clientId) implements Predicate<String, StreamSession> {

    @Override
    public boolean apply(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        return session != null && !session.ended() && session.clientId().equals(clientId);
    }
}
