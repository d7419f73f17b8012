package io.streamguard.engine.scan;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Variable-length integers (LEB128 with zigzag for signed values): small state, small bytes. */
final class Wire {

    private Wire() {}

    static void writeVarLong(DataOutput out, long v) throws IOException {
        long u = (v << 1) ^ (v >> 63);
        while ((u & ~0x7FL) != 0) {
            out.writeByte((int) ((u & 0x7F) | 0x80));
            u >>>= 7;
        }
        out.writeByte((int) u);
    }

    static long readVarLong(DataInput in) throws IOException {
        long u = 0;
        int shift = 0;
        while (true) {
            int b = in.readUnsignedByte();
            u |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new IOException("malformed varint");
            }
        }
        return (u >>> 1) ^ -(u & 1);
    }

    static void writeInt(DataOutput out, int v) throws IOException {
        writeVarLong(out, v);
    }

    static int readInt(DataInput in) throws IOException {
        long v = readVarLong(in);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IOException("varint out of int range");
        }
        return (int) v;
    }

    /** A count or length that must be within {@code [0, max]}: guards allocations against corrupt input. */
    static int readCount(DataInput in, int max) throws IOException {
        int n = readInt(in);
        if (n < 0 || n > max) {
            throw new IOException("corrupt scan state: count " + n + " outside [0, " + max + "]");
        }
        return n;
    }

    static void writeInts(DataOutput out, int[] values) throws IOException {
        writeInt(out, values.length);
        for (int v : values) {
            writeInt(out, v);
        }
    }

    static int[] readInts(DataInput in) throws IOException {
        int[] values = new int[readCount(in, 1 << 24)];
        for (int i = 0; i < values.length; i++) {
            values[i] = readInt(in);
        }
        return values;
    }
}
