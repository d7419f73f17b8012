package io.streamguard.api.audit;

import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.ForgedGridDataException;
import io.streamguard.api.cluster.GridSeal;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The newest row of the audit chain as the cluster remembers it, outside the database: one
 * entry of a map every node sees, sealed with the cluster's key so that neither a database
 * writer nor a stranger on the cluster network can set it. It only ever moves forward.
 *
 * <p>Each node also keeps its own copy: the newest row it appended or heard of (from the map's
 * events, or read from the map). That copy only ever moves forward too: a stranger who removes
 * the entry or destroys the map cannot roll it back, and the node publishes it again, so the
 * map heals. Appending hands the new head to a publisher thread, so the append path never waits
 * for the grid.
 */
@Component
class AuditHead {

    private static final Logger log = LoggerFactory.getLogger(AuditHead.class);
    static final String KEY = "head";
    private static final java.time.Duration PUBLISH_PAUSE = java.time.Duration.ofMillis(20);
    private static final byte[] CONTEXT = GridSeal.context(ClusterMaps.AUDIT_HEAD, KEY);
    private static final String MAP_SERVICE = "hz:impl:mapService";

    private final HazelcastInstance hazelcast;
    private final GridSeal seal;
    private final MeterRegistry meters;
    private final AtomicReference<@Nullable AuditCheckpoint> seen = new AtomicReference<>();
    private final AtomicReference<@Nullable AuditCheckpoint> pending = new AtomicReference<>();
    private final Semaphore wake = new Semaphore(0);
    private final Thread publisher;
    private volatile boolean running = true;
    /** Set when the map was destroyed: its listeners went with it, so the publisher registers the mirror again. */
    private volatile boolean mirrorLost;

    private @Nullable UUID mirror;

    AuditHead(HazelcastInstance hazelcast, GridSeal seal, MeterRegistry meters) {
        this.hazelcast = hazelcast;
        this.seal = seal;
        this.meters = meters;
        hazelcast.addDistributedObjectListener(new Destroyed());
        listen();
        publisher = Thread.ofPlatform().daemon().name("audit-head-publisher").start(this::publish);
        try {
            current().ifPresent(this::saw);
        } catch (ForgedGridDataException e) {
            // counted and logged by open(); the copy stays empty
        }
    }

    /**
     * The head, if the cluster holds one this cluster sealed: read from the grid. This node learns
     * it, and if the map lags behind this node's own copy (removed, destroyed, or not yet sent),
     * the copy is published again.
     */
    Optional<AuditCheckpoint> current() {
        Optional<AuditCheckpoint> current = opened(map().get(KEY));
        current.ifPresent(this::saw);
        @Nullable AuditCheckpoint own = seen.get();
        if (own != null && current.map(c -> c.sequence() < own.sequence()).orElse(true)) {
            republish();
        }
        return current;
    }

    /**
     * The newest head this node has appended or heard of since it started: no grid call. Never
     * lowered by what the map holds.
     */
    Optional<AuditCheckpoint> seen() {
        return Optional.ofNullable(seen.get());
    }

    /**
     * Moves the head to this row unless it already names a later one. The caller does not wait:
     * one publisher thread sends the newest pending row within {@link #PUBLISH_PAUSE}, so rows
     * appended meanwhile coalesce into one grid call (the processor keeps the highest sequence).
     * The row is held in memory until sent: deleting it from the table in the meantime is still
     * caught once the head arrives.
     */
    void advance(AuditCheckpoint row) {
        saw(row);
        pending.accumulateAndGet(row, AuditHead::later);
        wake.release();
    }

    private void publish() {
        while (running) {
            try {
                wake.acquire();
                // Rows appended meanwhile ride along with this send: one grid call per pause at most.
                Thread.sleep(PUBLISH_PAUSE);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            send();
        }
    }

    /**
     * Lets this node's copy learn a head from elsewhere (a stored checkpoint after a restart), so
     * that rows appended next link past rows deleted while the node was down. Not published.
     */
    void recall(AuditCheckpoint head) {
        saw(head);
    }

    /** Sends this node's copy again, for a map that lost it. */
    private void republish() {
        @Nullable AuditCheckpoint own = seen.get();
        if (own != null) {
            pending.accumulateAndGet(own, AuditHead::later);
            wake.release();
        }
    }

    private void send() {
        @Nullable AuditCheckpoint next = pending.getAndSet(null);
        if (next == null) {
            return;
        }
        // This node's copy is never behind what it hands over, and a map that lost the head gets it all back.
        next = later(seen.get(), next);
        try {
            if (mirrorLost) {
                mirrorLost = false;
                listen();
            }
            map().executeOnKey(KEY, new Advance(new Sealed(next.sequence(), seal.seal(next.toBytes(), CONTEXT))));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not move the cluster's audit head to row {}; the stored checkpoints still anchor the"
                            + " chain",
                    next.sequence(),
                    e);
        }
    }

    /** Sends the last pending row before the member leaves. */
    @PreDestroy
    void stop() {
        running = false;
        publisher.interrupt();
        send();
    }

    private static AuditCheckpoint later(@Nullable AuditCheckpoint old, AuditCheckpoint now) {
        if (old == null || now.sequence() > old.sequence()) {
            return now;
        }
        return old;
    }

    private void saw(AuditCheckpoint head) {
        seen.accumulateAndGet(head, AuditHead::later);
    }

    private Optional<AuditCheckpoint> opened(@Nullable Sealed sealed) {
        return sealed == null ? Optional.empty() : Optional.of(open(sealed));
    }

    /** @throws ForgedGridDataException if the value was not sealed by this cluster or contradicts itself */
    AuditCheckpoint open(Sealed sealed) {
        try {
            AuditCheckpoint head = AuditCheckpoint.fromBytes(seal.open(sealed.sealed(), CONTEXT));
            if (head.sequence() != sealed.sequence()) {
                throw new ForgedGridDataException("audit head sequence differs from its sealed value");
            }
            return head;
        } catch (ForgedGridDataException e) {
            meters.counter("streamguard.grid.forged", "map", ClusterMaps.AUDIT_HEAD)
                    .increment();
            log.error("The audit head in the cluster was not sealed by this cluster: {}", e.getMessage());
            throw e;
        }
    }

    private IMap<String, Sealed> map() {
        return hazelcast.getMap(ClusterMaps.AUDIT_HEAD);
    }

    private synchronized void listen() {
        IMap<String, Sealed> map = map();
        if (mirror != null) {
            map.removeEntryListener(mirror);
        }
        mirror = map.addEntryListener(new Mirror(), true);
    }

    /** A destroyed map takes its listeners and its entry with it; the next publication re-creates both. */
    private final class Destroyed implements DistributedObjectListener {

        @Override
        public void distributedObjectCreated(DistributedObjectEvent event) {}

        @Override
        public void distributedObjectDestroyed(DistributedObjectEvent event) {
            if (ClusterMaps.AUDIT_HEAD.equals(event.getObjectName()) && MAP_SERVICE.equals(event.getServiceName())) {
                log.warn("The cluster's audit head map was destroyed; this node publishes its own copy again");
                mirrorLost = true;
                republish();
            }
        }
    }

    /** Keeps this node's copy of the head in step with the map. */
    private final class Mirror
            implements EntryAddedListener<String, Sealed>,
                    EntryUpdatedListener<String, Sealed>,
                    EntryRemovedListener<String, Sealed>,
                    MapClearedListener {

        @Override
        public void entryAdded(EntryEvent<String, Sealed> event) {
            changed(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Sealed> event) {
            changed(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, Sealed> event) {
            republish();
        }

        @Override
        public void mapCleared(MapEvent event) {
            republish();
        }

        private void changed(Sealed value) {
            try {
                saw(open(value));
            } catch (ForgedGridDataException e) {
                // counted and logged by open()
            }
        }
    }

    /**
     * The sequence (so members can order heads without opening them) and the sealed checkpoint;
     * on the wire both are sealed again, like everything of ours ({@link AuditWireTypes}).
     */
    record Sealed(long sequence, byte[] sealed) {}

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
