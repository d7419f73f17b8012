package io.streamguard.engine.scan;

import java.util.Arrays;

/**
 * The final violations a scan has found, in the order found: the rule's index, the span, and the content length
 * whose scan found it ({@link #foundAt}), which decides what a rewrite of earlier text keeps.
 */
final class Findings {

    private static final int FIELDS = 4;

    private int[] data = new int[8 * FIELDS];

    private int count;

    int size() {
        return count;
    }

    int rule(int i) {
        return data[FIELDS * i];
    }

    int start(int i) {
        return data[FIELDS * i + 1];
    }

    int end(int i) {
        return data[FIELDS * i + 2];
    }

    int foundAt(int i) {
        return data[FIELDS * i + 3];
    }

    void add(int rule, int start, int end, int foundAt) {
        if (FIELDS * count + FIELDS > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[FIELDS * count] = rule;
        data[FIELDS * count + 1] = start;
        data[FIELDS * count + 2] = end;
        data[FIELDS * count + 3] = foundAt;
        count++;
    }

    /** Keeps the first {@code n}. */
    void truncate(int n) {
        count = n;
    }

    /** The findings from {@code from} on, for {@link #restore}. */
    int[] copyFrom(int from) {
        return Arrays.copyOfRange(data, FIELDS * from, FIELDS * count);
    }

    /** Puts back what {@link #copyFrom} saved at {@code from}, and keeps {@code n} in all. */
    void restore(int from, int[] saved, int n) {
        if (FIELDS * from + saved.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, FIELDS * from + saved.length));
        }
        System.arraycopy(saved, 0, data, FIELDS * from, saved.length);
        count = n;
    }
}
