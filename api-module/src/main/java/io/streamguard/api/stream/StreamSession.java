package io.streamguard.api.stream;

import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridWire;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.scan.StreamScan;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One live stream as the cluster holds it: whose it is, the rule-set version it started with,
 * the engine's scan state (the text seen and the matchers' state), its update budget, and, once
 * it has ended (finished, or expired when abandoned), its audit record. The cluster keeps an ended
 * stream until its audit row is confirmed in Postgres: the map, backed up on another member, is
 * the durable hand-over to the audit log. Mutated only inside entry processors on its owner.
 */
public final class StreamSession {

    private String streamId = "";
    private UUID clientId = new UUID(0, 0);
    private String userId = "";
    private String botId = "";
    private String sessionId = "";
    private long ruleSetVersion;
    private StreamScan scan;
    private long startedAtMillis;
    private long lastUpdateAtMillis;
    private int updateCount;
    private double updateTokens;
    private @Nullable UUID auditId;
    private AuditRecord.Outcome outcome = AuditRecord.Outcome.FINISHED;
    private long endedAtMillis;
    private boolean audited;

    @SuppressWarnings("NullAway.Init")
    private StreamSession() {}

    StreamSession(
            String streamId,
            UUID clientId,
            StreamContext context,
            long ruleSetVersion,
            StreamScan scan,
            long nowMillis,
            int maxUpdatesPerSecond) {
        this.streamId = streamId;
        this.clientId = clientId;
        this.userId = context.userId();
        this.botId = context.botId();
        this.sessionId = context.sessionId();
        this.ruleSetVersion = ruleSetVersion;
        this.scan = scan;
        this.startedAtMillis = nowMillis;
        this.lastUpdateAtMillis = nowMillis;
        this.updateTokens = maxUpdatesPerSecond;
    }

    /**
     * A token bucket holding at most one second's worth of updates. Time comes from the caller,
     * so the primary and its backup, running the same processor, decide alike.
     *
     * @return 0 if the update may proceed, else the milliseconds until it may
     */
    long takeUpdateToken(long nowMillis, int maxUpdatesPerSecond) {
        double refill = Math.max(0, nowMillis - lastUpdateAtMillis) * maxUpdatesPerSecond / 1000.0;
        double available = Math.min(maxUpdatesPerSecond, updateTokens + refill);
        if (available < 1) {
            return (long) Math.ceil((1 - available) * 1000.0 / maxUpdatesPerSecond);
        }
        updateTokens = available - 1;
        lastUpdateAtMillis = Math.max(lastUpdateAtMillis, nowMillis);
        return 0;
    }

    void countUpdate() {
        updateCount++;
    }

    void end(UUID auditId, AuditRecord.Outcome outcome, long nowMillis) {
        this.auditId = auditId;
        this.outcome = outcome;
        this.endedAtMillis = nowMillis;
    }

    void markAudited() {
        audited = true;
    }

    /** Finished or expired: takes no more updates, and its audit row is fixed. */
    public boolean ended() {
        return auditId != null;
    }

    public boolean audited() {
        return audited;
    }

    boolean idleAt(long nowMillis, long idleMillis) {
        return !ended() && nowMillis - lastUpdateAtMillis >= idleMillis;
    }

    long endedAtMillis() {
        return endedAtMillis;
    }

    public String streamId() {
        return streamId;
    }

    public UUID clientId() {
        return clientId;
    }

    public String userId() {
        return userId;
    }

    public String botId() {
        return botId;
    }

    public long ruleSetVersion() {
        return ruleSetVersion;
    }

    public StreamScan scan() {
        return scan;
    }

    public Instant startedAt() {
        return Instant.ofEpochMilli(startedAtMillis);
    }

    public Instant lastUpdateAt() {
        return Instant.ofEpochMilli(lastUpdateAtMillis);
    }

    public int updateCount() {
        return updateCount;
    }

    public @Nullable UUID auditId() {
        return auditId;
    }

    /** The one audit row of an ended stream: what had been checked when it finished or expired. */
    AuditRecord auditRecord() {
        if (auditId == null) {
            throw new IllegalStateException("stream " + streamId + " has not ended");
        }
        List<Violation> violations =
                scan.violations().stream().map(Violation::of).toList();
        int blockedAt = scan.blockedAt();
        return new AuditRecord(
                auditId,
                outcome,
                streamId,
                clientId,
                userId,
                botId,
                sessionId,
                scan.action(),
                scan.content(),
                violations,
                ruleSetVersion,
                updateCount,
                blockedAt < 0 ? null : blockedAt,
                startedAt(),
                Instant.ofEpochMilli(endedAtMillis));
    }

    /** Content of this message sits inside; the cluster seals it (see {@link StreamWireTypes}). */
    void writeTo(DataOutput out) throws IOException {
        GridWire.writeString(out, streamId);
        GridWire.writeUuid(out, clientId);
        GridWire.writeString(out, userId);
        GridWire.writeString(out, botId);
        GridWire.writeString(out, sessionId);
        out.writeLong(ruleSetVersion);
        out.writeLong(startedAtMillis);
        out.writeLong(lastUpdateAtMillis);
        out.writeInt(updateCount);
        out.writeDouble(updateTokens);
        GridWire.writeNullableUuid(out, auditId);
        GridWire.writeEnum(out, outcome);
        out.writeLong(endedAtMillis);
        out.writeBoolean(audited);
        scan.writeTo(out);
    }

    static StreamSession readFrom(DataInput in) throws IOException {
        var session = new StreamSession();
        session.streamId = GridWire.readString(in);
        session.clientId = GridWire.readUuid(in);
        session.userId = GridWire.readString(in);
        session.botId = GridWire.readString(in);
        session.sessionId = GridWire.readString(in);
        session.ruleSetVersion = in.readLong();
        session.startedAtMillis = in.readLong();
        session.lastUpdateAtMillis = in.readLong();
        session.updateCount = in.readInt();
        session.updateTokens = in.readDouble();
        session.auditId = GridWire.readNullableUuid(in);
        session.outcome = GridWire.readEnum(in, AuditRecord.Outcome.class);
        session.endedAtMillis = in.readLong();
        session.audited = in.readBoolean();
        session.scan = StreamScan.readFrom(in);
        return session;
    }
}
