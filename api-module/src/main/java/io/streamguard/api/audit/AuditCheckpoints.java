package io.streamguard.api.audit;

import io.streamguard.api.system.StreamGuardProperties;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records where the chain's head is: in the cluster after every append ({@link AuditHead}), and
 * in the {@code audit_checkpoint} table, MACed, every {@code checkpoint-rows} rows or
 * {@code checkpoint-seconds}, whichever comes first, so the head survives a restart of the whole
 * cluster up to that granularity.
 */
@Component
class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    /** A checkpoint as stored, and whether its MAC holds. */
    record Stored(AuditCheckpoint checkpoint, boolean genuine) {}

    private final JdbcClient jdbc;
    private final AuditMac macs;
    private final AuditHead head;
    private final long everyRows;
    private final Duration every;
    private long lastSequence = -1;
    private Instant lastAt = Instant.EPOCH;

    AuditCheckpoints(JdbcClient jdbc, AuditMac macs, AuditHead head, StreamGuardProperties properties) {
        this.jdbc = jdbc;
        this.macs = macs;
        this.head = head;
        this.everyRows = properties.audit().checkpointRows();
        this.every = Duration.ofSeconds(properties.audit().checkpointSeconds());
    }

    /**
     * Called under the append lock, in the transaction that appended {@code row}: writes a durable
     * checkpoint if one is due, and moves the cluster's head once the row is committed.
     */
    synchronized void appended(AuditCheckpoint row) {
        if (lastSequence < 0) {
            lastSequence = latest().map(s -> s.checkpoint().sequence()).orElse(0L);
        }
        if (row.sequence() - lastSequence >= everyRows || !row.at().isBefore(lastAt.plus(every))) {
            jdbc.sql("""
                    insert into audit_checkpoint (seq, audit_id, row_mac, checkpointed_at, mac)
                    values (:seq, :id, :rowMac, :at, :mac)""")
                    .param("seq", row.sequence())
                    .param("id", row.auditId())
                    .param("rowMac", row.rowMac())
                    .param("at", Timestamp.from(row.at()))
                    .param("mac", macs.checkpoint(row.sequence(), row.auditId(), row.rowMac(), row.at()))
                    .update();
            lastSequence = row.sequence();
            lastAt = row.at();
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    advance(row);
                }
            });
        } else {
            advance(row);
        }
    }

    private void advance(AuditCheckpoint row) {
        try {
            head.advance(row);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not move the cluster's audit head to row {}; the stored checkpoints still anchor the"
                            + " chain",
                    row.sequence(),
                    e);
        }
    }

    /** The newest stored checkpoint, with whether this cluster's key made it. */
    Optional<Stored> latest() {
        return jdbc.sql("select seq, audit_id, row_mac, checkpointed_at, mac from audit_checkpoint"
                        + " order by seq desc, id desc limit 1")
                .query((rs, n) -> stored(
                        rs.getLong("seq"),
                        rs.getObject("audit_id", UUID.class),
                        rs.getBytes("row_mac"),
                        rs.getTimestamp("checkpointed_at").toInstant(),
                        rs.getBytes("mac")))
                .optional();
    }

    private Stored stored(long sequence, UUID auditId, byte[] rowMac, Instant at, byte @Nullable [] mac) {
        AuditCheckpoint checkpoint = new AuditCheckpoint(sequence, auditId, rowMac, at);
        return new Stored(checkpoint, AuditMac.same(mac, macs.checkpoint(sequence, auditId, rowMac, checkpoint.at())));
    }
}
