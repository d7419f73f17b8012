package io.streamguard.engine.scan;

import io.streamguard.engine.regex.Dfa;
import io.streamguard.engine.regex.PortableRegex;

/**
 * Where the regexes without a prefilter can start in new text, found for up to 64 of them in one pass: a
 * regex waiting for a start would otherwise read every new char itself, and most new chars start none
 * (most such rules begin with {@code \b} and a narrow set). Judges by the char and the one before, as
 * {@link PortableRegex#startCharsAfter()} does; chars from 128 up may start any of them.
 */
final class StartFilter {

    static final int CAPACITY = Long.SIZE;

    /** The regex slots filtered, in bit order. */
    private final int[] slots;

    /** Per ASCII char, the bits of the regexes it may start: after a non-word char, after a word char, at the text's start. */
    private final long[][] startable = new long[3][128];

    private final long all;

    StartFilter(ScanProgram.RegexSlot[] regexes) {
        this.slots = java.util.stream.IntStream.range(0, regexes.length)
                .filter(r -> regexes[r].window() < 0)
                .limit(CAPACITY)
                .toArray();
        for (int bit = 0; bit < slots.length; bit++) {
            PortableRegex regex = regexes[slots[bit]].regex();
            for (char c = 0; c < 128; c++) {
                for (int context = 0; context < 2; context++) {
                    if (regex.startCharsAfter()[context][c]) {
                        startable[context][c] |= 1L << bit;
                    }
                }
                if (regex.startChars()[c]) {
                    startable[2][c] |= 1L << bit;
                }
            }
        }
        this.all = slots.length == CAPACITY ? -1L : (1L << slots.length) - 1;
    }

    /** How many regex slots are filtered; their first starts are {@code first[0, size())}. */
    int size() {
        return slots.length;
    }

    /** The regex slot of bit {@code bit}. */
    int slot(int bit) {
        return slots[bit];
    }

    /** Fills {@code first[bit]} with the first position in {@code [from, to)} where that regex may start, else {@code to}. */
    void firstStarts(char[] buf, int from, int to, int[] first) {
        long waiting = all;
        int p = from;
        if (p == 0 && p < to) {
            waiting = found(waiting, buf[0] < 128 ? startable[2][buf[0]] : all, 0, first);
            p++;
        }
        boolean afterWord = p > 0 && Dfa.isWord(buf[p - 1]);
        for (; p < to && waiting != 0; p++) {
            char c = buf[p];
            long starts = c < 128 ? startable[afterWord ? 1 : 0][c] : all;
            if ((starts & waiting) != 0) {
                waiting = found(waiting, starts, p, first);
            }
            afterWord = Dfa.isWord(c);
        }
        while (waiting != 0) {
            first[Long.numberOfTrailingZeros(waiting)] = to;
            waiting &= waiting - 1;
        }
    }

    private static long found(long waiting, long starts, int p, int[] first) {
        long now = starts & waiting;
        for (long m = now; m != 0; m &= m - 1) {
            first[Long.numberOfTrailingZeros(m)] = p;
        }
        return waiting & ~now;
    }
}
