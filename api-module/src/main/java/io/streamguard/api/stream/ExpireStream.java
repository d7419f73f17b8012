package io.streamguard.api.stream;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.streamguard.api.audit.AuditRecord;
import org.jspecify.annotations.Nullable;

/**
 * Ends a stream the plugin abandoned: idle for the timeout, it is ended as {@code expired} with
 * what had been checked. Atomic on the owner, so a stream ends once, whichever node notices.
 */
final class ExpireStream implements EntryProcessor<String, StreamSession, @Nullable AuditRecord>,
        IdentifiedDataSerializable {

    private UUID auditId = new UUID(0, 0);
    private long nowMillis;
    private long idleMillis;

    ExpireStream() {
    }

    ExpireStream(UUID auditId, long nowMillis, long idleMillis) {
        this.auditId = auditId;
        this.nowMillis = nowMillis;
        this.idleMillis = idleMillis;
    }

    @Override
    public @Nullable AuditRecord process(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null || !session.idleAt(nowMillis, idleMillis)) {
            return null;
        }
        session.end(auditId, AuditRecord.Outcome.EXPIRED, nowMillis);
        entry.setValue(session);
        return session.auditRecord();
    }

    @Override
    public int getFactoryId() {
        return StreamSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StreamSerialization.EXPIRE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(auditId.getMostSignificantBits());
        out.writeLong(auditId.getLeastSignificantBits());
        out.writeLong(nowMillis);
        out.writeLong(idleMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        auditId = new UUID(in.readLong(), in.readLong());
        nowMillis = in.readLong();
        idleMillis = in.readLong();
    }
}
