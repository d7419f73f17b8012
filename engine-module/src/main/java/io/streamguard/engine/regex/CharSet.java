package io.streamguard.engine.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of UTF-16 code units, kept as sorted, disjoint, non-adjacent inclusive ranges
 * {@code [lo0, hi0, lo1, hi1, ...]}.
 */
public final class CharSet {

    public static final CharSet EMPTY = new CharSet(new int[0]);

    public static final CharSet ALL = range(0, 0xFFFF);

    public static final CharSet DIGIT = range('0', '9');

    public static final CharSet WORD = ofRanges('0', '9', 'A', 'Z', '_', '_', 'a', 'z');

    /** JavaScript's {@code \s}: WhiteSpace and LineTerminator. */
    public static final CharSet SPACE = ofRanges(
            '\t', '\r', ' ', ' ', 0xA0, 0xA0, 0x1680, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x202F, 0x205F,
            0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF);

    /** JavaScript's line terminators, which {@code .} does not match without the s flag. */
    public static final CharSet LINE_TERMINATOR = ofRanges('\n', '\n', '\r', '\r', 0x2028, 0x2029);

    private final int[] ranges;

    private CharSet(int[] ranges) {
        this.ranges = ranges;
    }

    public static CharSet of(char c) {
        return range(c, c);
    }

    public static CharSet range(int lo, int hi) {
        return new CharSet(new int[] {lo, hi});
    }

    static CharSet ofRanges(int... pairs) {
        CharSet set = EMPTY;
        for (int i = 0; i < pairs.length; i += 2) {
            set = set.union(range(pairs[i], pairs[i + 1]));
        }
        return set;
    }

    /** The set of {@code chars}, which are sorted (duplicates allowed). */
    static CharSet ofSortedChars(char[] chars) {
        int[] out = new int[chars.length * 2];
        int n = 0;
        for (char c : chars) {
            if (n > 0 && c <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], c);
            } else {
                out[n++] = c;
                out[n++] = c;
            }
        }
        return new CharSet(Arrays.copyOf(out, n));
    }

    public boolean contains(int c) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (c < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (c > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return ranges.length == 0;
    }

    public int size() {
        int n = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            n += ranges[i + 1] - ranges[i] + 1;
        }
        return n;
    }

    /** The ranges as {@code [lo, hi, lo, hi, ...]}, inclusive. */
    public int[] ranges() {
        return ranges.clone();
    }

    public CharSet union(CharSet other) {
        List<int[]> all = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            all.add(new int[] {ranges[i], ranges[i + 1]});
        }
        for (int i = 0; i < other.ranges.length; i += 2) {
            all.add(new int[] {other.ranges[i], other.ranges[i + 1]});
        }
        all.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] out = new int[all.size() * 2];
        int n = 0;
        for (int[] r : all) {
            if (n > 0 && r[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], r[1]);
            } else {
                out[n++] = r[0];
                out[n++] = r[1];
            }
        }
        return new CharSet(Arrays.copyOf(out, n));
    }

    public CharSet complement() {
        int[] out = new int[ranges.length + 2];
        int n = 0;
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out[n++] = next;
                out[n++] = ranges[i] - 1;
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= 0xFFFF) {
            out[n++] = next;
            out[n++] = 0xFFFF;
        }
        return new CharSet(Arrays.copyOf(out, n));
    }

    public CharSet intersection(CharSet other) {
        return minus(minus(other));
    }

    public CharSet minus(CharSet other) {
        return complement().union(other).complement();
    }

    /** The single member, or -1 if the set does not hold exactly one char. */
    public int single() {
        return ranges.length == 2 && ranges[0] == ranges[1] ? ranges[0] : -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharSet other && Arrays.equals(ranges, other.ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ranges.length; i += 2) {
            sb.append(String.format("%04x", ranges[i]));
            if (ranges[i + 1] != ranges[i]) {
                sb.append('-').append(String.format("%04x", ranges[i + 1]));
            }
            sb.append(' ');
        }
        return sb.append(']').toString();
    }
}
