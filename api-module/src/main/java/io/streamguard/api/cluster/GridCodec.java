package io.streamguard.api.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How one type of ours crosses the cluster wire: its fields in a fixed order, enums by name.
 * Every such type is sealed by {@link SealedSerializer}; nothing of ours travels any other way
 * (Java serialisation of our classes is refused outright).
 *
 * @param typeId Hazelcast's id for the type: unique, never reused for another meaning
 */
public record GridCodec<T>(Class<T> type, int typeId, Writer<T> writer, Reader<T> reader) {

    @FunctionalInterface
    public interface Writer<T> {
        void write(DataOutput out, T value) throws IOException;
    }

    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInput in) throws IOException;
    }
}
