package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.audit.AuditHead.Advance;
import io.streamguard.api.audit.AuditHead.Sealed;
import io.streamguard.api.cluster.GridCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cluster's chain head only moves forward, whatever order the appending nodes report in. */
class AuditHeadTest {

    @Test
    void aLaterRowMovesTheHeadAndAnEarlierOneDoesNot() {
        var entry = new SimpleEntry<String, Sealed>(AuditHead.KEY, null);
        assertThat(new Advance(new Sealed(5, new byte[] {5})).process(entry)).isTrue();
        assertThat(new Advance(new Sealed(7, new byte[] {7})).process(entry)).isTrue();
        assertThat(new Advance(new Sealed(6, new byte[] {6})).process(entry)).isFalse();
        assertThat(new Advance(new Sealed(7, new byte[] {8})).process(entry)).isFalse();
        assertThat(entry.getValue().sequence()).isEqualTo(7);
        assertThat(entry.getValue().sealed()).containsExactly(7);
    }

    @Test
    void theProcessorSurvivesTheWire() throws Exception {
        Advance advance = new Advance(new Sealed(9, new byte[] {1, 2, 3}));
        @SuppressWarnings("unchecked")
        var codec = (GridCodec<Advance>) new AuditWireTypes()
                .codecs().stream()
                        .filter(c -> c.type() == Advance.class)
                        .findFirst()
                        .orElseThrow();
        var bytes = new ByteArrayOutputStream();
        codec.writer().write(new DataOutputStream(bytes), advance);
        Advance copy = codec.reader().read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(copy.candidate().sequence()).isEqualTo(9);
        assertThat(copy.candidate().sealed()).containsExactly(1, 2, 3);
    }

    @Test
    void aCheckpointRoundTripsThroughItsCompactForm() {
        var checkpoint = new AuditCheckpoint(12, new UUID(3, 4), new byte[] {9, 8, 7}, Instant.ofEpochSecond(5, 1_000));
        var copy = AuditCheckpoint.fromBytes(checkpoint.toBytes());
        assertThat(copy.sequence()).isEqualTo(12);
        assertThat(copy.auditId()).isEqualTo(new UUID(3, 4));
        assertThat(copy.rowMac()).containsExactly(9, 8, 7);
        assertThat(copy.at()).isEqualTo(Instant.ofEpochSecond(5, 1_000));
    }
}
