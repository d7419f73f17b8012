package io.streamguard.api.stream;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import java.io.DataInput;
import java.io.DataOutput;

import com.hazelcast.map.EntryProcessor;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridWire;
import org.jspecify.annotations.Nullable;

/**
 * Ends a stream the plugin abandoned: idle for the timeout, it is ended as {@code expired} with
 * what had been checked. Atomic on the owner, so a stream ends once, whichever node notices.
 */
final class ExpireStream implements EntryProcessor<String, StreamSession, @Nullable AuditRecord> {

    private String streamId = "";
    private UUID auditId = new UUID(0, 0);
    private long nowMillis;
    private long idleMillis;

    ExpireStream() {
    }

    ExpireStream(String streamId, UUID auditId, long nowMillis, long idleMillis) {
        this.streamId = streamId;
        this.auditId = auditId;
        this.nowMillis = nowMillis;
        this.idleMillis = idleMillis;
    }

    @Override
    public @Nullable AuditRecord process(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null || !entry.getKey().equals(streamId) || !session.streamId().equals(streamId)
                || !session.idleAt(nowMillis, idleMillis)) {
            return null;
        }
        session.end(auditId, AuditRecord.Outcome.EXPIRED, nowMillis);
        entry.setValue(session);
        return session.auditRecord();
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
