package io.streamguard.api.stream;

import com.hazelcast.map.IMap;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridCodec;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.cluster.GridTypes;
import io.streamguard.api.cluster.GridWire;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Everything the stream feature puts on the cluster wire: sessions, the processors that change
 * them, their answers, and the queries over them. Type ids are fixed forever; fields go in the
 * order written here, enums by name.
 */
@Component
class StreamWireTypes implements GridTypes {

    private final GridTampering tampering;
    private final ObjectProvider<IMap<String, StreamSession>> streams;

    StreamWireTypes(GridTampering tampering, ObjectProvider<IMap<String, StreamSession>> streams) {
        this.tampering = tampering;
        this.streams = streams;
    }

    @Override
    public List<GridCodec<?>> codecs() {
        return List.of(
                new GridCodec<>(StreamSession.class, 1002, (out, s) -> s.writeTo(out), StreamSession::readFrom),
                new GridCodec<>(UpdateOutcome.class, 1001, StreamWireTypes::writeOutcome, StreamWireTypes::readOutcome),
                new GridCodec<>(UpdateStream.class, 1003, UpdateStream::write, UpdateStream::read),
                new GridCodec<>(FinishStream.class, 1004, FinishStream::write, FinishStream::read),
                new GridCodec<>(ExpireStream.class, 1005, ExpireStream::write, ExpireStream::read),
                new GridCodec<>(
                        ConfirmAudited.class,
                        1006,
                        (out, c) -> GridWire.writeString(out, c.streamId()),
                        in -> new ConfirmAudited(GridWire.readString(in))),
                new GridCodec<>(AuditRecord.class, 1007, StreamWireTypes::writeAudit, StreamWireTypes::readAudit),
                new GridCodec<>(LiveStream.class, 1008, StreamWireTypes::writeLive, StreamWireTypes::readLive),
                new GridCodec<>(LiveStream.Of.class, 1009, (out, p) -> {}, in -> new LiveStream.Of()),
                new GridCodec<>(LiveStream.Open.class, 1010, (out, p) -> {}, in -> new LiveStream.Open()),
                new GridCodec<>(CountStreams.class, 1011, StreamWireTypes::writeCount, StreamWireTypes::readCount),
                new GridCodec<>(StreamsNeedingCare.class, 1012, StreamWireTypes::writeCare, StreamWireTypes::readCare),
                new GridCodec<>(
                        NodeActivity.class,
                        1013,
                        StreamWireTypes::writeActivity,
                        in -> new NodeActivity(in.readLong(), in.readLong(), in.readLong())),
                // Read with this member's own books, so a refusal is counted where it happens.
                new GridCodec<>(
                        KeepUnauditedStreams.class,
                        1014,
                        (out, keep) -> out.writeInt(keep.identity()),
                        in -> new KeepUnauditedStreams(
                                in.readInt(),
                                tampering,
                                session -> StreamRemovalWatch.putBack(streams.getObject())
                                        .accept(session))));
    }

    static void writeOutcome(DataOutput out, UpdateOutcome outcome) throws IOException {
        switch (outcome) {
            case UpdateOutcome.Checked checked -> {
                out.writeByte(0);
                writeAction(out, checked.action());
                GridWire.writeList(out, checked.newViolations(), StreamWireTypes::writeViolation);
                out.writeInt(checked.position());
                GridWire.writeList(out, checked.withdrawn(), StreamWireTypes::writeViolation);
                GridWire.writeList(out, checked.revised(), StreamWireTypes::writeRevision);
                out.writeInt(checked.safeOffset());
            }
            case UpdateOutcome.Finished finished -> {
                out.writeByte(1);
                writeAudit(out, finished.audit());
                GridWire.writeList(out, finished.newViolations(), StreamWireTypes::writeViolation);
                GridWire.writeList(out, finished.withdrawn(), StreamWireTypes::writeViolation);
                GridWire.writeList(out, finished.revised(), StreamWireTypes::writeRevision);
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
            case UpdateOutcome.ClientBudgetExceeded exceeded -> {
                out.writeByte(7);
                out.writeLong(exceeded.maxClientChars());
            }
            case UpdateOutcome.ScanBudgetExceeded ignored -> out.writeByte(8);
        }
    }

    static UpdateOutcome readOutcome(DataInput in) throws IOException {
        return switch (in.readByte()) {
            case 0 ->
                new UpdateOutcome.Checked(
                        readAction(in),
                        GridWire.readList(in, StreamWireTypes::readViolation),
                        in.readInt(),
                        GridWire.readList(in, StreamWireTypes::readViolation),
                        GridWire.readList(in, StreamWireTypes::readRevision),
                        in.readInt());
            case 1 ->
                new UpdateOutcome.Finished(
                        readAudit(in),
                        GridWire.readList(in, StreamWireTypes::readViolation),
                        GridWire.readList(in, StreamWireTypes::readViolation),
                        GridWire.readList(in, StreamWireTypes::readRevision));
            case 2 -> new UpdateOutcome.StreamNotFound();
            case 3 -> new UpdateOutcome.StreamAlreadyFinished();
            case 4 -> new UpdateOutcome.PositionMismatch(in.readInt());
            case 5 -> new UpdateOutcome.ContentTooLarge(in.readInt());
            case 6 -> new UpdateOutcome.RateLimited(in.readLong());
            case 7 -> new UpdateOutcome.ClientBudgetExceeded(in.readLong());
            case 8 -> new UpdateOutcome.ScanBudgetExceeded();
            default -> throw new IOException("unknown outcome");
        };
    }

    /** An action by its wire name, as the API writes it: the bytes do not depend on the enum's names or order. */
    static void writeAction(DataOutput out, Action action) throws IOException {
        GridWire.writeString(out, action.wireName());
    }

    static Action readAction(DataInput in) throws IOException {
        String name = GridWire.readString(in);
        try {
            return Action.fromWire(name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown action on the wire: " + name, e);
        }
    }

    static void writeViolation(DataOutput out, Violation v) throws IOException {
        GridWire.writeString(out, v.ruleId());
        GridWire.writeString(out, v.ruleName());
        writeAction(out, v.action());
        out.writeInt(v.start());
        out.writeInt(v.end());
        GridWire.writeString(out, v.excerpt());
    }

    static Violation readViolation(DataInput in) throws IOException {
        return new Violation(
                GridWire.readString(in),
                GridWire.readString(in),
                readAction(in),
                in.readInt(),
                in.readInt(),
                GridWire.readString(in));
    }

    static void writeRevision(DataOutput out, RevisedViolation r) throws IOException {
        GridWire.writeString(out, r.ruleId());
        GridWire.writeString(out, r.ruleName());
        writeAction(out, r.action());
        out.writeInt(r.start());
        out.writeInt(r.end());
        GridWire.writeString(out, r.excerpt());
        out.writeInt(r.previous().start());
        out.writeInt(r.previous().end());
    }

    static RevisedViolation readRevision(DataInput in) throws IOException {
        return new RevisedViolation(
                GridWire.readString(in),
                GridWire.readString(in),
                readAction(in),
                in.readInt(),
                in.readInt(),
                GridWire.readString(in),
                new RevisedViolation.Span(in.readInt(), in.readInt()));
    }

    static void writeAudit(DataOutput out, AuditRecord r) throws IOException {
        GridWire.writeUuid(out, r.auditId());
        GridWire.writeEnum(out, r.outcome());
        GridWire.writeString(out, r.streamId());
        GridWire.writeUuid(out, r.clientId());
        GridWire.writeString(out, r.userId());
        GridWire.writeString(out, r.botId());
        GridWire.writeString(out, r.sessionId());
        writeAction(out, r.action());
        GridWire.writeString(out, r.content());
        GridWire.writeList(out, r.violations(), StreamWireTypes::writeViolation);
        out.writeLong(r.ruleSetVersion());
        out.writeInt(r.updateCount());
        out.writeInt(r.blockedAt() == null ? -1 : r.blockedAt());
        GridWire.writeInstant(out, r.startedAt());
        GridWire.writeInstant(out, r.finishedAt());
    }

    static AuditRecord readAudit(DataInput in) throws IOException {
        var auditId = GridWire.readUuid(in);
        var outcome = GridWire.readEnum(in, AuditRecord.Outcome.class);
        var streamId = GridWire.readNullableString(in);
        var clientId = GridWire.readUuid(in);
        var userId = GridWire.readString(in);
        var botId = GridWire.readString(in);
        var sessionId = GridWire.readString(in);
        var action = readAction(in);
        var content = GridWire.readString(in);
        var violations = GridWire.readList(in, StreamWireTypes::readViolation);
        long version = in.readLong();
        int updates = in.readInt();
        int blockedAt = in.readInt();
        return new AuditRecord(
                auditId,
                outcome,
                streamId,
                clientId,
                userId,
                botId,
                sessionId,
                action,
                content,
                violations,
                version,
                updates,
                blockedAt < 0 ? null : blockedAt,
                GridWire.readInstant(in),
                GridWire.readInstant(in));
    }

    static void writeLive(DataOutput out, LiveStream s) throws IOException {
        GridWire.writeString(out, s.streamId());
        GridWire.writeUuid(out, s.clientId());
        GridWire.writeString(out, s.userId());
        GridWire.writeString(out, s.botId());
        GridWire.writeString(out, s.owner());
        GridWire.writeInstant(out, s.startedAt());
        GridWire.writeInstant(out, s.lastUpdateAt());
        out.writeInt(s.position());
        out.writeInt(s.updateCount());
        writeAction(out, s.action());
        GridWire.writeList(out, s.violations(), StreamWireTypes::writeViolation);
    }

    static LiveStream readLive(DataInput in) throws IOException {
        return new LiveStream(
                GridWire.readString(in),
                GridWire.readUuid(in),
                GridWire.readString(in),
                GridWire.readString(in),
                GridWire.readNullableString(in),
                GridWire.readInstant(in),
                GridWire.readInstant(in),
                in.readInt(),
                in.readInt(),
                readAction(in),
                GridWire.readList(in, StreamWireTypes::readViolation));
    }

    static void writeCount(DataOutput out, CountStreams count) throws IOException {
        GridWire.writeUuid(out, count.clientId());
        var counts = count.aggregate();
        out.writeLong(counts.openOfClient());
        out.writeLong(counts.unaudited());
    }

    static CountStreams readCount(DataInput in) throws IOException {
        return new CountStreams(GridWire.readUuid(in), in.readLong(), in.readLong());
    }

    static void writeCare(DataOutput out, StreamsNeedingCare care) throws IOException {
        out.writeLong(care.nowMillis());
        out.writeLong(care.idleMillis());
        out.writeLong(care.settleMillis());
        out.writeLong(care.keepMillis());
    }

    static StreamsNeedingCare readCare(DataInput in) throws IOException {
        return new StreamsNeedingCare(in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    static void writeActivity(DataOutput out, NodeActivity activity) throws IOException {
        out.writeLong(activity.updatesLastSecond());
        out.writeLong(activity.blocksLastMinute());
        out.writeLong(activity.atMillis());
    }
}
