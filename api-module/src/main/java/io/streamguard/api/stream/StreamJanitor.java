package io.streamguard.api.stream;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.audit.AuditWriter;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.system.StreamGuardProperties;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Each node tends the streams it owns: expires the abandoned ones, has audit rows written that were
 * not confirmed soon after their stream ended (Postgres down, the finishing node died with them
 * unwritten), and lets go of streams whose row is confirmed. Writing is idempotent by audit id, so a
 * retry never doubles a row.
 */
@Component
class StreamJanitor {

    private static final Logger log = LoggerFactory.getLogger(StreamJanitor.class);
    /** How long the finishing node's writer has to confirm the audit row before the janitor steps in. */
    private static final long SETTLE_MILLIS = 2_000;

    private final IMap<String, StreamSession> streams;
    private final AuditWriter writer;
    private final Clock clock;
    private final long idleMillis;
    private final HazelcastInstance hazelcast;
    private final ClientMemoryBudget budget;
    private final GridTampering tampering;
    private final StreamExpiries expiries;

    StreamJanitor(
            IMap<String, StreamSession> streams,
            AuditWriter writer,
            Clock clock,
            StreamGuardProperties properties,
            HazelcastInstance hazelcast,
            ClientMemoryBudget budget,
            GridTampering tampering,
            StreamExpiries expiries) {
        this.tampering = tampering;
        this.expiries = expiries;
        this.streams = streams;
        this.hazelcast = hazelcast;
        this.budget = budget;
        this.writer = writer;
        this.clock = clock;
        this.idleMillis = properties.limits().idleTimeout().toMillis();
    }

    @Scheduled(fixedDelayString = "${streamguard.janitor.interval-millis:1000}")
    void tend() {
        try {
            tendOwnStreams();
        } catch (HazelcastException e) {
            // Partitions moving while members come and go; the next round sees them settled.
            log.warn("Janitor round skipped: {}", e.getClass().getSimpleName());
        }
    }

    private void tendOwnStreams() {
        var partitions = hazelcast.getPartitionService();
        budget.retainOnly(streamId -> {
            var owner = partitions.getPartition(streamId).getOwner();
            return owner != null && owner.localMember();
        });
        long now = clock.millis();
        var needingCare = new StreamsNeedingCare(now, idleMillis, SETTLE_MILLIS, idleMillis);
        for (String streamId : streams.localKeySet(needingCare)) {
            StreamSession session = streams.get(streamId);
            if (session == null) {
                continue;
            }
            if (!session.streamId().equals(streamId)) {
                tampering.record(GridTampering.Kind.MISPLACED_ENTRY, "a stream's state under another stream's id");
                continue;
            }
            if (!session.ended()) {
                AuditRecord expired;
                try {
                    expired = streams.executeOnKey(
                            streamId, new ExpireStream(streamId, UUID.randomUUID(), now, idleMillis));
                } catch (RuntimeException e) {
                    // The finish at expiry needs the stream's rule set, which this node may have to read from
                    // Postgres (or partitions are moving): the stream stays open, the next round tries again,
                    // and the other streams are still tended.
                    log.warn(
                            "Stream {} not expired yet ({}); will retry",
                            streamId,
                            e.getClass().getSimpleName());
                    continue;
                }
                if (expired != null) {
                    record(streamId, expired);
                    expiries.announce(streamId, expired);
                }
            } else if (!session.audited()) {
                record(streamId, session.auditRecord());
            } else {
                streams.delete(streamId);
            }
        }
    }

    /**
     * Hands the ended stream's record to this node's audit writer, which confirms the stream once its
     * row is in Postgres. Until then the record waits in the stream's entry (with its backup), and a
     * later round offers it again: the writer ignores a record it already holds, and Postgres one it
     * already has.
     */
    void record(String streamId, AuditRecord record) {
        writer.write(record, () -> streams.submitToKey(streamId, new ConfirmAudited(streamId)));
    }
}
