package io.streamguard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.api.system.WellFormedText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The field encodings every codec is written with. */
class GridWireTest {

    private interface Write {
        void to(DataOutputStream out) throws IOException;
    }

    private static DataInputStream written(Write write) throws IOException {
        var bytes = new ByteArrayOutputStream();
        write.to(new DataOutputStream(bytes));
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static @Nullable String roundTrip(@Nullable String text) throws IOException {
        var in = written(out -> GridWire.writeString(out, text));
        String back = GridWire.readNullableString(in);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void stringsOfAnyLengthAndScriptComeBack() throws IOException {
        // Past 65535 UTF-8 bytes, where DataOutput.writeUTF would fail.
        for (String text : List.of(
                "",
                " ",
                "a",
                "ünïcødé 😀 中文 עברית",
                "\u200b\ufeff\uffff",
                "x".repeat(70_000),
                "😀".repeat(300_000),
                "line\r\nbreak\ttab")) {
            assertThat(roundTrip(text)).isEqualTo(text);
        }
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void aRequiredStringMustBeThere() throws IOException {
        var in = written(out -> GridWire.writeString(out, null));
        assertThatThrownBy(() -> GridWire.readString(in))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing");
        assertThat(GridWire.readString(written(out -> GridWire.writeString(out, ""))))
                .isEmpty();
    }

    /**
     * An unpaired surrogate has no UTF-8 form, so the wire cannot carry it as it is; such text must never get
     * that far: the API refuses it at the edge.
     */
    @Test
    void textTheWireCannotCarryIsRefusedAtTheEdge() throws IOException {
        var edge = new WellFormedText.Validator();
        for (String text : List.of("\ud800", "a\udc00b", "😀".substring(0, 1), "end\ud83d", "\udc00\ud800")) {
            String back = roundTrip(text);
            assertThat(text.equals(back) || !edge.isValid(text, null))
                    .as(
                            "\"%s\" either survives the wire or is refused by the API",
                            text.codePoints().toArray())
                    .isTrue();
        }
    }

    @Test
    void enumsGoByNameSoTheirOrderNeverMatters() throws IOException {
        var in = written(out -> GridWire.writeEnum(out, GridTampering.Kind.STREAM_REMOVED));
        assertThat(in.readInt()).isEqualTo("STREAM_REMOVED".length());
        assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("STREAM_REMOVED");
        for (GridTampering.Kind kind : GridTampering.Kind.values()) {
            var again = written(out -> GridWire.writeEnum(out, kind));
            assertThat(GridWire.readEnum(again, GridTampering.Kind.class)).isEqualTo(kind);
        }
        assertThat(GridWire.readEnum(
                        written(out -> GridWire.writeString(out, "forged_data")), GridTampering.Kind.class))
                .isEqualTo(GridTampering.Kind.FORGED_DATA);
        assertThatThrownBy(() -> GridWire.readEnum(
                        written(out -> GridWire.writeString(out, "NO_SUCH_KIND")), GridTampering.Kind.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("NO_SUCH_KIND");
        assertThatThrownBy(() -> GridWire.readEnum(written(out -> out.writeInt(3)), GridTampering.Kind.class))
                .isInstanceOf(IOException.class);
    }

    @Test
    void idsAndTimesComeBackExactly() throws IOException {
        for (UUID id : List.of(UUID.randomUUID(), new UUID(0, 0), new UUID(-1, -1))) {
            assertThat(GridWire.readUuid(written(out -> GridWire.writeUuid(out, id))))
                    .isEqualTo(id);
            assertThat(GridWire.readNullableUuid(written(out -> GridWire.writeNullableUuid(out, id))))
                    .isEqualTo(id);
        }
        assertThat(GridWire.readNullableUuid(written(out -> GridWire.writeNullableUuid(out, null))))
                .isNull();
        for (Instant instant : List.of(
                Instant.EPOCH,
                Instant.parse("2026-11-30T10:00:00.123456789Z"),
                Instant.MIN,
                Instant.MAX,
                Instant.ofEpochSecond(-1, 999_999_999))) {
            assertThat(GridWire.readInstant(written(out -> GridWire.writeInstant(out, instant))))
                    .isEqualTo(instant);
        }
    }

    @Test
    void listsKeepTheirOrderAndRefuseANegativeSize() throws IOException {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            values.add(i % 7 == 0 ? "" : "v" + i);
        }
        var in = written(out -> GridWire.writeList(out, values, GridWire::writeString));
        assertThat(GridWire.readList(in, GridWire::readString)).containsExactlyElementsOf(values);
        assertThat(GridWire.readList(
                        written(out -> GridWire.writeList(out, List.<String>of(), GridWire::writeString)),
                        GridWire::readString))
                .isEmpty();
        assertThatThrownBy(() -> GridWire.readList(written(out -> out.writeInt(-1)), GridWire::readString))
                .isInstanceOf(IOException.class);
        // A size larger than what follows ends in an error, not in a huge allocation.
        assertThatThrownBy(
                        () -> GridWire.readList(written(out -> out.writeInt(Integer.MAX_VALUE)), GridWire::readString))
                .isInstanceOf(IOException.class);
    }
}
