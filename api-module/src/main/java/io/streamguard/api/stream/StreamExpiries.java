package io.streamguard.api.stream;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.ClusterMaps;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Tells every node that a stream expired, so that whichever node holds the client's socket can say so. The
 * member that owns a stream expires it, and the socket may be on any other. An announcement is a hint: its
 * audit row is fixed in the stream's state before it is sent, and it is not repeated if a node misses it.
 */
@Component
public class StreamExpiries {

    private final ITopic<String> topic;

    StreamExpiries(HazelcastInstance hazelcast) {
        this.topic = hazelcast.getTopic(ClusterMaps.STREAM_EXPIRIES);
    }

    /** A stream ended abandoned, with its audit row's id and the action of its text. */
    public record Expired(String streamId, UUID auditId, String action) {}

    void announce(String streamId, AuditRecord expired) {
        // Plain text: the id and the action hold no space, and a String needs no serializer of ours.
        topic.publish(
                streamId + " " + expired.auditId() + " " + expired.action().wireName());
    }

    /** Calls the listener on a cluster event thread for each stream that expires anywhere; answers its registration. */
    public UUID listen(Consumer<Expired> listener) {
        return topic.addMessageListener(message -> {
            String[] parts = message.getMessageObject().split(" ", 3);
            if (parts.length == 3) {
                listener.accept(new Expired(parts[0], UUID.fromString(parts[1]), parts[2]));
            }
        });
    }

    public void stopListening(UUID registration) {
        topic.removeMessageListener(registration);
    }
}
