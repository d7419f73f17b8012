package io.streamguard.api.stream;

import com.hazelcast.aggregation.Aggregator;
import java.util.Map;
import java.util.UUID;

/**
 * One pass over every stream for a start: how many a client has open, and how many the cluster
 * holds that are not yet safely in the audit log (open, or ended and waiting for their row).
 * Ended streams whose row is written are kept a while only to answer a retried finish; they are
 * no one's open streams and do not count against the cap, so finishing quickly cannot fill it.
 */
final class CountStreams implements Aggregator<Map.Entry<String, StreamSession>, CountStreams.Counts> {

    record Counts(long openOfClient, long unaudited) {}

    private final UUID clientId;
    private long openOfClient;
    private long unaudited;

    CountStreams(UUID clientId) {
        this(clientId, 0, 0);
    }

    CountStreams(UUID clientId, long openOfClient, long unaudited) {
        this.clientId = clientId;
        this.openOfClient = openOfClient;
        this.unaudited = unaudited;
    }

    UUID clientId() {
        return clientId;
    }

    @Override
    public void accumulate(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null) {
            return;
        }
        if (!session.audited()) {
            unaudited++;
        }
        if (!session.ended() && session.clientId().equals(clientId)) {
            openOfClient++;
        }
    }

    @Override
    public void combine(Aggregator aggregator) {
        var other = (CountStreams) aggregator;
        openOfClient += other.openOfClient;
        unaudited += other.unaudited;
    }

    @Override
    public Counts aggregate() {
        return new Counts(openOfClient, unaudited);
    }
}
