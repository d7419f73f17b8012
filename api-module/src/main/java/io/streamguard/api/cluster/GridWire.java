package io.streamguard.api.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Field encodings shared by the {@link GridCodec}s: strings of any length, nulls, ids, times, enums by name. */
public final class GridWire {

    private GridWire() {}

    public static void writeString(DataOutput out, @Nullable String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static @Nullable String readNullableString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static String readString(DataInput in) throws IOException {
        String value = readNullableString(in);
        if (value == null) {
            throw new IOException("a required string is missing");
        }
        return value;
    }

    public static void writeUuid(DataOutput out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    public static UUID readUuid(DataInput in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    public static void writeNullableUuid(DataOutput out, @Nullable UUID id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            writeUuid(out, id);
        }
    }

    public static @Nullable UUID readNullableUuid(DataInput in) throws IOException {
        return in.readBoolean() ? readUuid(in) : null;
    }

    public static void writeInstant(DataOutput out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    public static Instant readInstant(DataInput in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    public static void writeEnum(DataOutput out, Enum<?> value) throws IOException {
        writeString(out, value.name());
    }

    public static <E extends Enum<E>> E readEnum(DataInput in, Class<E> type) throws IOException {
        String name = readString(in);
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown " + type.getSimpleName() + " " + name);
        }
    }

    public static <T> void writeList(DataOutput out, List<T> values, GridCodec.Writer<T> writer) throws IOException {
        out.writeInt(values.size());
        for (T value : values) {
            writer.write(out, value);
        }
    }

    public static <T> List<T> readList(DataInput in, GridCodec.Reader<T> reader) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("negative list size");
        }
        List<T> values = new ArrayList<>(Math.min(size, 1024));
        for (int i = 0; i < size; i++) {
            values.add(reader.read(in));
        }
        return values;
    }
}
