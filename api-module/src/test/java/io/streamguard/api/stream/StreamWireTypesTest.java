package io.streamguard.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridCodec;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.cluster.GridWire;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * The order of the update answer's fields on the wire; that every stream type comes back as it went is checked
 * with every other feature's by {@code GridWireRoundTripTest}.
 */
class StreamWireTypesTest {

    // No member here: the stream map is needed only to put back a stream a stranger evicted.
    private final List<GridCodec<?>> codecs = new StreamWireTypes(
                    new GridTampering(),
                    new StaticListableBeanFactory()
                            .getBeanProvider(
                                    ResolvableType.forClassWithGenerics(IMap.class, String.class, StreamSession.class)))
            .codecs();

    private static final Violation VIOLATION = new Violation("r-1", "AWS key", Action.BLOCK, 3, 23, "AKIA…");
    private static final AuditRecord RECORD = new AuditRecord(
            UUID.randomUUID(),
            AuditRecord.Outcome.EXPIRED,
            "s-1",
            UUID.randomUUID(),
            "u-1",
            "bot",
            "tab",
            Action.BLOCK,
            "text ünïcødé 😀",
            List.of(VIOLATION),
            7,
            3,
            12,
            Instant.parse("2026-11-30T10:00:00.123456789Z"),
            Instant.parse("2026-11-30T10:01:00Z"));

    private static final Violation WITHDRAWN = new Violation("r-2", "Codename", Action.WARN, 0, 6, "falcon");
    private static final RevisedViolation REVISED = new RevisedViolation(
            "r-3", "Slack token", Action.BLOCK, 12, 30, "xoxb-1234567890abc", new RevisedViolation.Span(12, 27));
    private static final UpdateOutcome.Checked CHECKED =
            new UpdateOutcome.Checked(Action.WARN, List.of(VIOLATION), 40, List.of(WITHDRAWN), List.of(REVISED), 31);
    private static final UpdateOutcome.Finished FINISHED =
            new UpdateOutcome.Finished(RECORD, List.of(VIOLATION), List.of(WITHDRAWN), List.of(REVISED, REVISED));

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

    @SuppressWarnings("unchecked")
    private <T> DataInputStream encoded(Class<T> type, T value) throws IOException {
        GridCodec<T> codec = (GridCodec<T>)
                codecs.stream().filter(c -> c.type() == type).findFirst().orElseThrow();
        var bytes = new ByteArrayOutputStream();
        codec.writer().write(new DataOutputStream(bytes), value);
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
