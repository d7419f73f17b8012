package io.streamguard.engine.keyword;

/**
 * Word boundaries for whole-word keywords: Unicode's default word boundaries (UAX #29) with the Word_Break
 * classes taken from the JDK's Unicode data, tailored as docs/engine.md ("Keywords") says.
 *
 * <p>Rules applied: a boundary at the start and end of the text and after a line break (WB1-3b); Extend,
 * Format and ZWJ attach to the char before (WB4); no boundary inside a run of letters and digits (WB5, WB8-10),
 * of Katakana (WB13) or with ExtendNumLet such as {@code _} (WB13a/b); a boundary everywhere else (WB999). Not
 * applied: WB6/7 and WB11/12 (so {@code falcon's} and {@code falcon.x} contain the word {@code falcon}, and
 * the end of a word is decided by one char of look-ahead), WB3c/3d, and the regional-indicator pairs WB15/16.
 * Ideographs, Hiragana and the letters of scripts written without spaces (Thai, Lao, Khmer, Myanmar, ...) are
 * Other: a boundary on each side.
 *
 * <p>The end of an occurrence is decided with one UTF-16 unit of look-ahead, so the decision never waits for a
 * second unit: a high surrogate there counts as a letter for U+10000-U+1EFFF, as Extend for U+E0000-U+E03FF
 * (tags, variation selectors) and as Other elsewhere (symbols and emoji, ideographs, private use).
 */
public final class WordBoundary {

    static final byte OTHER = 0;

    static final byte NEWLINE = 1;

    /** Extend, Format and ZWJ: they belong to the char before them (WB4). */
    static final byte IGNORE = 2;

    /** ALetter, Hebrew_Letter and Numeric: the rules join them alike once WB6/7/11/12 are left out. */
    static final byte ALNUM = 3;

    static final byte KATAKANA = 4;

    static final byte EXTEND_NUM_LET = 5;

    private static final int[] RUN_ENDS = WordBreakTable.ends();

    private static final byte[] RUN_CLASSES = WordBreakTable.classes();

    private static final byte[] BMP = new byte[65536];

    static {
        int r = 0;
        for (int c = 0; c < 65536; c++) {
            while (RUN_ENDS[r] <= c) {
                r++;
            }
            BMP[c] = RUN_CLASSES[r];
        }
    }

    private WordBoundary() {}

    /** The Word_Break class of a code point, as this class groups them. */
    static byte classOf(int cp) {
        if (cp < 65536) {
            return BMP[cp];
        }
        int lo = 0;
        int hi = RUN_ENDS.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (RUN_ENDS[mid] <= cp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return RUN_CLASSES[lo];
    }

    private static boolean joins(byte before, byte after) {
        if (before < ALNUM || after < ALNUM) {
            return false;
        }
        return before == after || before == EXTEND_NUM_LET || after == EXTEND_NUM_LET;
    }

    /** The class of the one unit {@code c} as a look-ahead sees it. */
    private static byte unitClass(char c) {
        if (Character.isHighSurrogate(c)) {
            // by plane, so that a client can do the same whatever its Unicode version
            if (c <= '\uD83B') {
                return ALNUM; // U+10000-U+1EFFF: mostly letters of historic scripts and math alphanumerics
            }
            return c == '\uDB40' ? IGNORE : OTHER; // tags and variation selectors; symbols, emoji, ideographs
        }
        return BMP[c];
    }

    /**
     * Whether there is a word boundary at {@code at}, with {@code text[0, limit)} known ({@code at < limit}):
     * the start check of an occurrence that begins at {@code at}.
     */
    public static boolean isStart(char[] text, int at, int limit) {
        if (at == 0) {
            return true;
        }
        char c = text[at];
        char b = text[at - 1];
        if (c < 128 && b < 128) {
            return !(asciiWord(b) && asciiWord(c));
        }
        int cp = c;
        if (Character.isHighSurrogate(c) && at + 1 < limit && Character.isLowSurrogate(text[at + 1])) {
            cp = Character.toCodePoint(c, text[at + 1]);
        }
        return boundary(text, at, classOf(cp));
    }

    /**
     * Whether there is a word boundary at {@code at} given only {@code text[0, at]}: the end check of an
     * occurrence that ends at {@code at}, made when the one unit after it has arrived. At the end of the text
     * there is always a boundary.
     */
    public static boolean isEnd(char[] text, int at) {
        char c = text[at];
        char b = text[at - 1];
        if (c < 128 && b < 128) {
            return !(asciiWord(b) && asciiWord(c));
        }
        return boundary(text, at, unitClass(c));
    }

    private static boolean asciiWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean boundary(char[] text, int at, byte after) {
        int p = at;
        byte before;
        do {
            char last = text[--p];
            int cp = last;
            if (Character.isLowSurrogate(last) && p > 0 && Character.isHighSurrogate(text[p - 1])) {
                cp = Character.toCodePoint(text[--p], last);
            }
            before = classOf(cp);
            if (after == IGNORE) {
                // WB3a: nothing attaches to a line break; otherwise WB4 attaches the char to the one before
                return before == NEWLINE;
            }
        } while (before == IGNORE && p > 0);
        // a run of Extend at the start of the text has no char to attach to: it is Other
        return before == IGNORE || !joins(before, after);
    }

    /**
     * Whether the end of an occurrence of {@code keyword} depends on the char after it: always, unless the
     * keyword ends with a line break (WB4 lets Extend and Format attach to any other char).
     */
    public static boolean endNeedsLookahead(String keyword) {
        return keyword.isEmpty() || classOf(keyword.charAt(keyword.length() - 1)) != NEWLINE;
    }
}
