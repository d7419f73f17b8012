package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.audit.AuditRecord.Outcome;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The row encoding and its MAC are pinned byte for byte: a change to either breaks every stored
 * chain, so it must come with a new encoding version, never silently.
 */
class AuditEncodingTest {

    private static final byte[] KEY = new byte[32];
    private static final byte[] PREV = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
            PREV[i] = 0x11;
        }
    }

    static final AuditRow ROW = new AuditRow(
            42,
            new AuditRecord(
                    new UUID(1, 2),
                    Outcome.FINISHED,
                    "s-1",
                    new UUID(3, 4),
                    "u",
                    "b",
                    "t",
                    Action.BLOCK,
                    "héllo",
                    List.of(new Violation("r-1", "Key", Action.BLOCK, 1, 3, "él")),
                    7,
                    2,
                    3,
                    Instant.ofEpochSecond(1),
                    Instant.ofEpochSecond(2, 500_000)),
            List.of("r-1"),
            Instant.ofEpochSecond(3),
            null,
            null);

    /** Written out by hand (version, kind, then length-prefixed fields in order) and MACed independently. */
    private static final String ENCODED = "0101"
            + "00000020" + "11".repeat(32)
            + "00000008000000000000002a"
            + "00000010" + "0000000000000001" + "0000000000000002"
            + "00000008" + "66696e6973686564"
            + "00000003" + "732d31"
            + "00000010" + "0000000000000003" + "0000000000000004"
            + "0000000175" + "0000000162" + "0000000174"
            + "00000005" + "626c6f636b"
            + "00000006" + "68c3a96c6c6f"
            + "00000001"
            + "00000003722d31" + "000000034b6579" + "00000005626c6f636b"
            + "000000080000000000000001" + "000000080000000000000003" + "00000003c3a96c"
            + "00000001" + "00000003722d31"
            + "000000080000000000000007" + "000000080000000000000002" + "000000080000000000000003"
            + "0000000800000000000f4240" + "0000000800000000001e8674" + "0000000800000000002dc6c0"
            + "ffffffff" + "ffffffff";

    private static final String MAC = "92bbc64626a68560b358320888a84562642406a285dcbed906ad94a2c93c785f";

    @Test
    void aFixedRowEncodesToTheseBytes() {
        assertThat(HexFormat.of().formatHex(AuditEncoding.row(ROW, PREV))).isEqualTo(ENCODED);
    }

    @Test
    void aFixedRowUnderAFixedKeyHasThisMac() {
        assertThat(HexFormat.of().formatHex(new AuditMac(KEY).row(ROW, PREV))).isEqualTo(MAC);
    }

    @Test
    void everyFieldOfTheRowChangesTheMac() {
        AuditMac macs = new AuditMac(KEY);
        byte[] original = macs.row(ROW, PREV);
        List<UnaryOperator<AuditRow>> edits = List.of(
                r -> new AuditRow(43, r.record(), r.firedRuleIds(), r.recordedAt(), null, null),
                r -> new AuditRow(r.sequence(), r.record(), List.of(), r.recordedAt(), null, null),
                r -> new AuditRow(r.sequence(), r.record(), List.of("r-1", "r-2"), r.recordedAt(), null, null),
                r -> new AuditRow(
                        r.sequence(),
                        r.record(),
                        r.firedRuleIds(),
                        r.recordedAt().plusNanos(1000),
                        null,
                        null),
                r -> new AuditRow(r.sequence(), r.record(), r.firedRuleIds(), r.recordedAt(), "", null),
                r -> new AuditRow(r.sequence(), r.record(), r.firedRuleIds(), r.recordedAt(), null, "0"),
                r -> record(
                        r,
                        new AuditRecord(
                                new UUID(1, 3),
                                Outcome.FINISHED,
                                "s-1",
                                new UUID(3, 4),
                                "u",
                                "b",
                                "t",
                                Action.BLOCK,
                                "héllo",
                                r.record().violations(),
                                7,
                                2,
                                3,
                                r.record().startedAt(),
                                r.record().finishedAt())),
                r -> record(
                        r,
                        new AuditRecord(
                                new UUID(1, 2),
                                Outcome.EXPIRED,
                                "s-1",
                                new UUID(3, 4),
                                "u",
                                "b",
                                "t",
                                Action.BLOCK,
                                "héllo",
                                r.record().violations(),
                                7,
                                2,
                                3,
                                r.record().startedAt(),
                                r.record().finishedAt())),
                r -> record(
                        r,
                        new AuditRecord(
                                new UUID(1, 2),
                                Outcome.FINISHED,
                                null,
                                new UUID(3, 4),
                                "u",
                                "b",
                                "t",
                                Action.BLOCK,
                                "héllo",
                                r.record().violations(),
                                7,
                                2,
                                3,
                                r.record().startedAt(),
                                r.record().finishedAt())),
                // Moving a character between two neighbouring fields changes the bytes: the lengths differ.
                r -> record(
                        r,
                        new AuditRecord(
                                new UUID(1, 2),
                                Outcome.FINISHED,
                                "s-1",
                                new UUID(3, 4),
                                "ub",
                                "",
                                "t",
                                Action.BLOCK,
                                "héllo",
                                r.record().violations(),
                                7,
                                2,
                                3,
                                r.record().startedAt(),
                                r.record().finishedAt())),
                r -> record(
                        r,
                        new AuditRecord(
                                new UUID(1, 2),
                                Outcome.FINISHED,
                                "s-1",
                                new UUID(3, 4),
                                "u",
                                "b",
                                "t",
                                Action.BLOCK,
                                "hello",
                                r.record().violations(),
                                7,
                                2,
                                3,
                                r.record().startedAt(),
                                r.record().finishedAt())),
                r -> record(
                        r,
                        new AuditRecord(
                                new UUID(1, 2),
                                Outcome.FINISHED,
                                "s-1",
                                new UUID(3, 4),
                                "u",
                                "b",
                                "t",
                                Action.BLOCK,
                                "héllo",
                                List.of(new Violation("r-1", "Key", Action.BLOCK, 1, 4, "él")),
                                7,
                                2,
                                3,
                                r.record().startedAt(),
                                r.record().finishedAt())),
                r -> record(
                        r,
                        new AuditRecord(
                                new UUID(1, 2),
                                Outcome.FINISHED,
                                "s-1",
                                new UUID(3, 4),
                                "u",
                                "b",
                                "t",
                                Action.BLOCK,
                                "héllo",
                                r.record().violations(),
                                7,
                                2,
                                null,
                                r.record().startedAt(),
                                r.record().finishedAt())),
                r -> record(
                        r,
                        new AuditRecord(
                                new UUID(1, 2),
                                Outcome.FINISHED,
                                "s-1",
                                new UUID(3, 4),
                                "u",
                                "b",
                                "t",
                                Action.BLOCK,
                                "héllo",
                                r.record().violations(),
                                8,
                                2,
                                3,
                                r.record().startedAt(),
                                r.record().finishedAt())));
        for (var edit : edits) {
            assertThat(macs.row(edit.apply(ROW), PREV)).isNotEqualTo(original);
        }
        byte[] otherPrev = PREV.clone();
        otherPrev[31] ^= 1;
        assertThat(macs.row(ROW, otherPrev)).isNotEqualTo(original);
        assertThat(new AuditMac(new byte[32]).row(ROW, PREV)).isNotEqualTo(original);
    }

    @Test
    void theApplicationsJsonSettingsCannotReachTheEncoding() {
        byte[] before = AuditEncoding.row(ROW, PREV);
        JsonMapper indenting =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        indenting.writeValueAsString(ROW.record());
        assertThat(AuditEncoding.row(ROW, PREV)).isEqualTo(before);
        assertThat(AuditRows.violationsJson(ROW.record().violations())).doesNotContain("\n");
    }

    @Test
    void aPurgeMarkerACheckpointAndARowNeverShareAMac() {
        AuditMac macs = new AuditMac(KEY);
        assertThat(macs.purgeMarker(42, PREV, 1, Instant.EPOCH, null))
                .isNotEqualTo(macs.checkpoint(42, new UUID(1, 2), PREV, Instant.EPOCH))
                .isNotEqualTo(macs.row(ROW, PREV));
        assertThat(macs.purgeMarker(42, PREV, 1, Instant.EPOCH, null))
                .isNotEqualTo(macs.purgeMarker(41, PREV, 1, Instant.EPOCH, null))
                .isNotEqualTo(macs.purgeMarker(42, new byte[32], 1, Instant.EPOCH, null))
                .isNotEqualTo(macs.purgeMarker(42, PREV, 2, Instant.EPOCH, null));
    }

    private static AuditRow record(AuditRow row, AuditRecord record) {
        return new AuditRow(
                row.sequence(), record, row.firedRuleIds(), row.recordedAt(), row.legacyPrevHash(), row.legacyHash());
    }
}
