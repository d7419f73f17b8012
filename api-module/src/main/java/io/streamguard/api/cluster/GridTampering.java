package io.streamguard.api.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node caught a stranger doing on the cluster network. Each is refused where it is
 * caught; here it is counted ({@code streamguard_cluster_tampering_total{kind}}) and logged.
 */
public final class GridTampering implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(GridTampering.class);

    public enum Kind {
        /** Bytes not sealed by this cluster: forged or altered. */
        FORGED_DATA,
        /** A sealed value found under another entry's key than its own. */
        MISPLACED_ENTRY,
        /** A revoked API key put back into the key map. */
        REVOKED_KEY_REPLAYED,
        /** A stream removed from the map before its audit row was written (or the whole map cleared). */
        STREAM_REMOVED,
        /** A stream's state replaced by a put, e.g. an older sealed copy of itself played back. */
        STREAM_REPLACED,
        /** The cluster's state changed from active (passive, frozen, shutting down). */
        CLUSTER_STATE_CHANGED,
        /** One of the cluster's maps or topics destroyed. */
        STRUCTURE_DESTROYED,
        /** A member that could not prove it holds the cluster secret. */
        FOREIGN_MEMBER
    }

    private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);

    public GridTampering() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new AtomicLong());
        }
    }

    public void record(Kind kind, String detail) {
        counter(kind).incrementAndGet();
        log.error(
                "Refused cluster data or action that no node of this cluster made: {} ({}). The cluster network"
                        + " must be private; see docs/security.md.",
                kind.name().toLowerCase(Locale.ROOT),
                detail);
    }

    public long count(Kind kind) {
        return counter(kind).get();
    }

    private AtomicLong counter(Kind kind) {
        return Objects.requireNonNull(counts.get(kind), "every kind has its counter");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Kind kind : Kind.values()) {
            FunctionCounter.builder("streamguard.cluster.tampering", counter(kind), AtomicLong::doubleValue)
                    .description("Data or actions on the cluster network that no node of this cluster made, refused")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
