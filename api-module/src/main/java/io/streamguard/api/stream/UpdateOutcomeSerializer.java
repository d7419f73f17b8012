package io.streamguard.api.stream;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.audit.ViolationView;

/**
 * Hazelcast serialises every processor's answer, even on the local member; Java serialisation
 * of these records was a measurable share of an update. Registered in {@code hazelcast.yaml}.
 */
public final class UpdateOutcomeSerializer implements StreamSerializer<UpdateOutcome> {

    private static final int TYPE_ID = 1001;

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }

    @Override
    public void write(ObjectDataOutput out, UpdateOutcome outcome) throws IOException {
        switch (outcome) {
            case UpdateOutcome.Checked checked -> {
                out.writeByte(0);
                out.writeString(checked.action());
                writeViolations(out, checked.newViolations());
                out.writeInt(checked.position());
            }
            case UpdateOutcome.Finished finished -> {
                out.writeByte(1);
                writeAudit(out, finished.audit());
            }
            case UpdateOutcome.StreamNotFound ignored -> out.writeByte(2);
            case UpdateOutcome.StreamAlreadyFinished ignored -> out.writeByte(3);
            case UpdateOutcome.PositionMismatch mismatch -> {
                out.writeByte(4);
                out.writeInt(mismatch.serverPosition());
            }
            case UpdateOutcome.ContentTooLarge tooLarge -> {
                out.writeByte(5);
                out.writeInt(tooLarge.maxContentChars());
            }
            case UpdateOutcome.RateLimited limited -> {
                out.writeByte(6);
                out.writeLong(limited.retryAfterMillis());
            }
            case UpdateOutcome.ScanBudgetExceeded ignored -> out.writeByte(7);
        }
    }

    @Override
    public UpdateOutcome read(ObjectDataInput in) throws IOException {
        return switch (in.readByte()) {
            case 0 -> new UpdateOutcome.Checked(in.readString(), readViolations(in), in.readInt());
            case 1 -> new UpdateOutcome.Finished(readAudit(in));
            case 2 -> new UpdateOutcome.StreamNotFound();
            case 3 -> new UpdateOutcome.StreamAlreadyFinished();
            case 4 -> new UpdateOutcome.PositionMismatch(in.readInt());
            case 5 -> new UpdateOutcome.ContentTooLarge(in.readInt());
            case 6 -> new UpdateOutcome.RateLimited(in.readLong());
            case 7 -> new UpdateOutcome.ScanBudgetExceeded();
            default -> throw new IOException("unknown outcome");
        };
    }

    private static void writeViolations(ObjectDataOutput out, List<ViolationView> violations) throws IOException {
        out.writeInt(violations.size());
        for (ViolationView v : violations) {
            out.writeString(v.ruleId());
            out.writeString(v.ruleName());
            out.writeString(v.action());
            out.writeInt(v.start());
            out.writeInt(v.end());
            out.writeString(v.excerpt());
        }
    }

    private static List<ViolationView> readViolations(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        List<ViolationView> violations = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            violations.add(new ViolationView(in.readString(), in.readString(), in.readString(), in.readInt(),
                    in.readInt(), in.readString()));
        }
        return violations;
    }

    private static void writeAudit(ObjectDataOutput out, AuditRecord r) throws IOException {
        writeUuid(out, r.auditId());
        out.writeByte(r.outcome().ordinal());
        out.writeString(r.streamId());
        writeUuid(out, r.clientId());
        out.writeString(r.userId());
        out.writeString(r.botId());
        out.writeString(r.sessionId());
        out.writeString(r.action());
        out.writeString(r.content());
        writeViolations(out, r.violations());
        out.writeLong(r.ruleSetVersion());
        out.writeInt(r.updateCount());
        out.writeInt(r.blockedAt() == null ? -1 : r.blockedAt());
        writeInstant(out, r.startedAt());
        writeInstant(out, r.finishedAt());
    }

    private static AuditRecord readAudit(ObjectDataInput in) throws IOException {
        UUID auditId = readUuid(in);
        AuditRecord.Outcome outcome = AuditRecord.Outcome.values()[in.readByte()];
        String streamId = in.readString();
        UUID clientId = readUuid(in);
        String userId = in.readString();
        String botId = in.readString();
        String sessionId = in.readString();
        String action = in.readString();
        String content = in.readString();
        List<ViolationView> violations = readViolations(in);
        long version = in.readLong();
        int updates = in.readInt();
        int blockedAt = in.readInt();
        return new AuditRecord(auditId, outcome, streamId, clientId, userId, botId, sessionId, action, content,
                violations, version, updates, blockedAt < 0 ? null : blockedAt, readInstant(in), readInstant(in));
    }

    private static void writeUuid(ObjectDataOutput out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(ObjectDataInput in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static void writeInstant(ObjectDataOutput out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(ObjectDataInput in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
