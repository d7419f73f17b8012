package io.streamguard.engine.regex;

import io.streamguard.engine.unicode.UnicodeTables;

/**
 * JavaScript's case folding for the i flag without the u flag (ECMAScript Canonicalize): a char's canonical
 * form is its full upper case when that is one code unit, except that a char from 128 up never becomes an
 * ASCII char. Two chars match under i iff their canonical forms are equal, so {@code ſ}, the Kelvin sign,
 * {@code ı} and {@code İ} each match only themselves, {@code ß} stays {@code ß}, and {@code σ ς Σ} are one.
 */
final class JsCaseFolding {

    private static final char[] CANONICAL = new char[0x10000];

    /** The chars whose class under folding has more than one member, in order; the only ones folding can add. */
    private static final CharSet FOLDABLE;

    /** For a foldable char, the next member of its class, round and round. */
    private static final char[] NEXT_IN_CLASS = new char[0x10000];

    static {
        for (int c = 0; c < 0x10000; c++) {
            char u = UnicodeTables.toFullUpperCaseUnit((char) c);
            CANONICAL[c] = c >= 128 && u < 128 ? (char) c : u;
        }
        int[] last = new int[0x10000];
        int[] first = new int[0x10000];
        java.util.Arrays.fill(last, -1);
        java.util.Arrays.fill(first, -1);
        for (int c = 0; c < 0x10000; c++) {
            NEXT_IN_CLASS[c] = (char) c;
            int canon = CANONICAL[c];
            if (first[canon] < 0) {
                first[canon] = c;
            } else {
                NEXT_IN_CLASS[last[canon]] = (char) c;
            }
            last[canon] = c;
        }
        CharSet foldable = CharSet.EMPTY;
        int runStart = -1;
        for (int c = 0; c <= 0x10000; c++) {
            boolean inClass = c < 0x10000 && first[CANONICAL[c]] != last[CANONICAL[c]];
            if (inClass) {
                // close the cycle of the class at its last member
                if (last[CANONICAL[c]] == c) {
                    NEXT_IN_CLASS[c] = (char) first[CANONICAL[c]];
                }
                if (runStart < 0) {
                    runStart = c;
                }
            } else if (runStart >= 0) {
                foldable = foldable.union(CharSet.range(runStart, c - 1));
                runStart = -1;
            }
        }
        FOLDABLE = foldable;
    }

    private JsCaseFolding() {}

    /** The chars that fold together with at least one other char. */
    static CharSet foldable() {
        return FOLDABLE;
    }

    static char canonical(char c) {
        return CANONICAL[c];
    }

    /** Every char that matches some member of {@code set} under the i flag. */
    static CharSet closure(CharSet set) {
        CharSet result = set;
        int[] fold = FOLDABLE.ranges();
        int[] own = set.ranges();
        StringBuilder added = new StringBuilder();
        // walk the intersection of the set with the foldable chars
        int i = 0;
        int j = 0;
        while (i < own.length && j < fold.length) {
            int lo = Math.max(own[i], fold[j]);
            int hi = Math.min(own[i + 1], fold[j + 1]);
            for (int c = lo; c <= hi; c++) {
                for (char d = NEXT_IN_CLASS[c]; d != c; d = NEXT_IN_CLASS[d]) {
                    if (!set.contains(d)) {
                        added.append(d);
                    }
                }
            }
            if (own[i + 1] < fold[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        if (added.isEmpty()) {
            return set;
        }
        char[] chars = added.toString().toCharArray();
        java.util.Arrays.sort(chars);
        return result.union(CharSet.ofSortedChars(chars));
    }

    /** Whether the i flag would add nothing to {@code set}. */
    static boolean isClosed(CharSet set) {
        return closure(set).equals(set);
    }
}
