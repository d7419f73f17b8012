package io.streamguard.api.audit;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.ForgedGridDataException;
import io.streamguard.api.cluster.GridSeal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The newest row of the audit chain as the cluster remembers it, outside the database: one
 * entry of a map every node sees, sealed with the cluster's key so that neither a database
 * writer nor a stranger on the cluster network can set it. It only ever moves forward.
 */
@Component
class AuditHead {

    private static final Logger log = LoggerFactory.getLogger(AuditHead.class);
    static final String KEY = "head";
    private static final byte[] CONTEXT = GridSeal.context(ClusterMaps.AUDIT_HEAD, KEY);

    private final HazelcastInstance hazelcast;
    private final GridSeal seal;
    private final MeterRegistry meters;

    AuditHead(HazelcastInstance hazelcast, GridSeal seal, MeterRegistry meters) {
        this.hazelcast = hazelcast;
        this.seal = seal;
        this.meters = meters;
    }

    /** The head, if the cluster holds one this cluster sealed. */
    Optional<AuditCheckpoint> current() {
        Sealed sealed = map().get(KEY);
        if (sealed == null) {
            return Optional.empty();
        }
        return Optional.of(open(sealed));
    }

    /** Moves the head to this row unless it already names a later one. */
    void advance(AuditCheckpoint row) {
        map().executeOnKey(KEY, new Advance(new Sealed(row.sequence(), seal.seal(row.toBytes(), CONTEXT))));
    }

    /** @throws ForgedGridDataException if the value was not sealed by this cluster or contradicts itself */
    AuditCheckpoint open(Sealed sealed) {
        try {
            AuditCheckpoint head = AuditCheckpoint.fromBytes(seal.open(sealed.sealed(), CONTEXT));
            if (head.sequence() != sealed.sequence()) {
                throw new ForgedGridDataException("audit head sequence differs from its sealed value");
            }
            return head;
        }
        catch (ForgedGridDataException e) {
            meters.counter("streamguard.grid.forged", "map", ClusterMaps.AUDIT_HEAD).increment();
            log.error("The audit head in the cluster was not sealed by this cluster: {}", e.getMessage());
            throw e;
        }
    }

    private IMap<String, Sealed> map() {
        return hazelcast.getMap(ClusterMaps.AUDIT_HEAD);
    }

    /** The sequence in clear (so members can order heads without the key) and the sealed checkpoint. */
    record Sealed(long sequence, byte[] sealed) implements Serializable {
    }

    /** Replaces the head only with a later one, so heads that arrive out of order never move it back. */
    record Advance(Sealed candidate) implements EntryProcessor<String, Sealed, Boolean> {

        @Override
        public Boolean process(Map.Entry<String, Sealed> entry) {
            @Nullable Sealed current = entry.getValue();
            if (current != null && current.sequence() >= candidate.sequence()) {
                return false;
            }
            entry.setValue(candidate);
            return true;
        }
    }
}
