package io.streamguard.api.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import com.hazelcast.map.IMap;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.verdict.Violation;
import io.streamguard.api.cluster.GridCodec;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.cluster.GridWire;
import io.streamguard.engine.compile.RuleSetCompiler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;
import io.streamguard.engine.rules.Action;

/** Every type the stream feature puts on the cluster wire comes back as it went. */
class StreamWireTypesTest {

    // No member here: the stream map is needed only to put back a stream a stranger evicted.
    private final List<GridCodec<?>> codecs = new StreamWireTypes(new GridTampering(),
            new StaticListableBeanFactory().getBeanProvider(
                    ResolvableType.forClassWithGenerics(IMap.class, String.class, StreamSession.class))).codecs();

    private static final Violation VIOLATION = new Violation("r-1", "AWS key", Action.BLOCK, 3, 23, "AKIA…");
    private static final AuditRecord RECORD = new AuditRecord(UUID.randomUUID(), AuditRecord.Outcome.EXPIRED, "s-1",
            UUID.randomUUID(), "u-1", "bot", "tab", Action.BLOCK, "text ünïcødé 😀", List.of(VIOLATION), 7, 3, 12,
            Instant.parse("2026-11-30T10:00:00.123456789Z"), Instant.parse("2026-11-30T10:01:00Z"));

    private static final Violation WITHDRAWN = new Violation("r-2", "Codename", Action.WARN, 0, 6, "falcon");
    private static final RevisedViolation REVISED = new RevisedViolation("r-3", "Slack token", Action.BLOCK, 12, 30,
            "xoxb-1234567890abc", new RevisedViolation.Span(12, 27));
    private static final UpdateOutcome.Checked CHECKED = new UpdateOutcome.Checked(Action.WARN, List.of(VIOLATION), 40,
            List.of(WITHDRAWN), List.of(REVISED), 31);
    private static final UpdateOutcome.Finished FINISHED = new UpdateOutcome.Finished(RECORD, List.of(VIOLATION),
            List.of(WITHDRAWN), List.of(REVISED, REVISED));

    @Test
    void typeIdsAreUniqueAndEveryRecordRoundTrips() throws IOException {
        assertThat(new HashSet<>(codecs.stream().map(GridCodec::typeId).toList())).hasSize(codecs.size());
        for (UpdateOutcome outcome : List.of(CHECKED, FINISHED, new UpdateOutcome.Finished(RECORD),
                new UpdateOutcome.Checked(Action.ALLOW, List.of(), 0, List.of(), List.of(), 0),
                new UpdateOutcome.StreamNotFound(),
                new UpdateOutcome.StreamAlreadyFinished(), new UpdateOutcome.PositionMismatch(9),
                new UpdateOutcome.ContentTooLarge(100), new UpdateOutcome.RateLimited(250),
                new UpdateOutcome.ClientBudgetExceeded(1_000_000), new UpdateOutcome.ScanBudgetExceeded())) {
            assertThat(roundTrip(UpdateOutcome.class, outcome)).isEqualTo(outcome);
        }
        assertThat(roundTrip(AuditRecord.class, RECORD)).isEqualTo(RECORD);
        var live = new LiveStream("s-1", UUID.randomUUID(), "u", "b", null, Instant.EPOCH, Instant.EPOCH, 5, 2,
                Action.ALLOW, List.of(VIOLATION));
        assertThat(roundTrip(LiveStream.class, live)).isEqualTo(live);
        var partial = new CountStreams(UUID.randomUUID(), 3, 7);
        assertThat(roundTrip(CountStreams.class, partial)).usingRecursiveComparison().isEqualTo(partial);
        var care = new StreamsNeedingCare(1, 2, 3, 4);
        assertThat(roundTrip(StreamsNeedingCare.class, care)).isEqualTo(care);
        assertThat(roundTrip(NodeActivity.class, new NodeActivity(1, 2, 3))).isEqualTo(new NodeActivity(1, 2, 3));
        assertThat(roundTrip(ConfirmAudited.class, new ConfirmAudited("s-9"))).isEqualTo(new ConfirmAudited("s-9"));
    }

    /** A reader that knows only the fields before semantics v2 reads them unchanged; the new ones follow. */
    @Test
    void theUpdateAnswersNewFieldsFollowItsOldOnes() throws IOException {
        var in = encoded(UpdateOutcome.class, CHECKED);
        assertThat(in.readByte()).isZero();
        assertThat(GridWire.readString(in)).isEqualTo("warn");
        assertThat(GridWire.readList(in, StreamWireTypes::readViolation)).containsExactly(VIOLATION);
        assertThat(in.readInt()).isEqualTo(40);
        assertThat(GridWire.readList(in, StreamWireTypes::readViolation)).containsExactly(WITHDRAWN);
        assertThat(GridWire.readList(in, StreamWireTypes::readRevision)).containsExactly(REVISED);
        assertThat(in.readInt()).isEqualTo(31);
        assertThat(in.available()).isZero();

        in = encoded(UpdateOutcome.class, FINISHED);
        assertThat(in.readByte()).isEqualTo((byte) 1);
        assertThat(StreamWireTypes.readAudit(in)).isEqualTo(RECORD);
        assertThat(GridWire.readList(in, StreamWireTypes::readViolation)).containsExactly(VIOLATION);
        assertThat(GridWire.readList(in, StreamWireTypes::readViolation)).containsExactly(WITHDRAWN);
        assertThat(GridWire.readList(in, StreamWireTypes::readRevision)).containsExactly(REVISED, REVISED);
        assertThat(in.available()).isZero();
    }

    @Test
    void theExpiryProcessorKeepsEveryField() throws IOException {
        var expire = new ExpireStream("s-1", UUID.randomUUID(), 5_000L, 120_000L);
        assertThat(roundTrip(ExpireStream.class, expire)).usingRecursiveComparison().isEqualTo(expire);
    }

    @Test
    void processorsAndSessionsKeepEveryField() throws IOException {
        UUID client = UUID.randomUUID();
        var update = UpdateStream.ofDelta("s-1", client, "new text", 17, 1234L, 262_144, 50);
        var read = roundTrip(UpdateStream.class, update);
        assertThat(read).usingRecursiveComparison().ignoringFields("hazelcast").isEqualTo(update);
        var backup = (UpdateStream) update.getBackupProcessor();
        assertThat(roundTrip(UpdateStream.class, backup).backup).isTrue();

        var finish = new FinishStream("s-1", client, "final", UUID.randomUUID(), 99L, 10);
        assertThat(roundTrip(FinishStream.class, finish)).usingRecursiveComparison().ignoringFields("hazelcast")
                .isEqualTo(finish);

        var compiled = RuleSetCompiler.compile(3, List.of());
        var session = new StreamSession("s-1", client, new StreamContext("u-1", "bot", "tab"), 3, compiled.newScan(),
                1_000L, 50);
        session.scan().append(compiled, 0, "hello there");
        StreamSession back = roundTrip(StreamSession.class, session);
        assertThat(back.streamId()).isEqualTo("s-1");
        assertThat(back.clientId()).isEqualTo(client);
        assertThat(back.scan().content()).isEqualTo("hello there");
        assertThat(back.ended()).isFalse();
    }

    @SuppressWarnings("unchecked")
    private <T> DataInputStream encoded(Class<T> type, T value) throws IOException {
        GridCodec<T> codec = (GridCodec<T>) codecs.stream().filter(c -> c.type() == type).findFirst().orElseThrow();
        var bytes = new ByteArrayOutputStream();
        codec.writer().write(new DataOutputStream(bytes), value);
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(Class<T> type, T value) throws IOException {
        GridCodec<T> codec = (GridCodec<T>) codecs.stream().filter(c -> c.type() == type).findFirst().orElseThrow();
        var bytes = new ByteArrayOutputStream();
        codec.writer().write(new DataOutputStream(bytes), value);
        var in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        T read = codec.reader().read(in);
        assertThat(in.available()).as("every byte read").isZero();
        return read;
    }
}
