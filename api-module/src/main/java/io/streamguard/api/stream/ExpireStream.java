package io.streamguard.api.stream;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridWire;
import io.streamguard.api.cluster.NodeServices;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Ends a stream the plugin abandoned: idle for the timeout, it is finished with the text received
 * and ended as {@code expired}, so its audit row holds exactly what a finish would have given.
 * Atomic on the owner, so a stream ends once, whichever node notices.
 *
 * <p>The finish runs without a work budget, here and on the backup alike: refusing it would leave the
 * stream unaudited for good, and its cost is bounded, since every char of the text already passed an
 * update within the budget and the finish only decides what was pending at its end.
 */
final class ExpireStream
        implements EntryProcessor<String, StreamSession, @Nullable AuditRecord>, HazelcastInstanceAware {

    private String streamId = "";
    private UUID auditId = new UUID(0, 0);
    private long nowMillis;
    private long idleMillis;
    private transient @Nullable HazelcastInstance hazelcast;

    ExpireStream() {}

    ExpireStream(String streamId, UUID auditId, long nowMillis, long idleMillis) {
        this.streamId = streamId;
        this.auditId = auditId;
        this.nowMillis = nowMillis;
        this.idleMillis = idleMillis;
    }

    @Override
    public @Nullable AuditRecord process(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null
                || !entry.getKey().equals(streamId)
                || !session.streamId().equals(streamId)
                || !session.idleAt(nowMillis, idleMillis)) {
            return null;
        }
        if (hazelcast == null) {
            throw new IllegalStateException("processor ran outside a member");
        }
        session.scan().finish(NodeServices.of(hazelcast).ruleSet(session.ruleSetVersion()), Long.MAX_VALUE);
        session.end(auditId, AuditRecord.Outcome.EXPIRED, nowMillis);
        entry.setValue(session);
        return session.auditRecord();
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    static void write(DataOutput out, ExpireStream expire) throws IOException {
        GridWire.writeString(out, expire.streamId);
        GridWire.writeUuid(out, expire.auditId);
        out.writeLong(expire.nowMillis);
        out.writeLong(expire.idleMillis);
    }

    static ExpireStream read(DataInput in) throws IOException {
        return new ExpireStream(GridWire.readString(in), GridWire.readUuid(in), in.readLong(), in.readLong());
    }
}
