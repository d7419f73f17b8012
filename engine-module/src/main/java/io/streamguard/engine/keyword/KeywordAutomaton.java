package io.streamguard.engine.keyword;

import io.streamguard.engine.unicode.UnicodeTables;
import java.util.Arrays;
import java.util.List;

/**
 * One Aho-Corasick automaton for all the literal strings of a rule set, so that a scan carries a single int
 * across updates.
 *
 * <p>Written here rather than taken from a library: the libraries on Maven Central either expose no step
 * function (org.ahocorasick) or only through protected members (hankcs), and a DFA table is the fastest
 * form. Input and entries are compared after simple case folding ({@link #fold}); callers that need exact
 * case check the original text on a hit. The state after consuming text ending in some entry lists that
 * entry among its {@linkplain #outputs outputs}.
 *
 * <p>Memory: chars are mapped to classes (one per distinct char of the entries, plus one for every other
 * char), and a full transition row over the classes costs {@code 4 × alphabet} bytes. The states closest to
 * the start, in breadth-first order, get such a row until the dense budget ({@link #configure}) is spent; the rest keep
 * only their own edges (sorted, binary searched) and a failure link. A realistic rule set fits the dense
 * budget whole and is stepped by one table look-up per char; 1,000 keywords of 200 random CJK chars would
 * need 1.6 GB as a full table and take about 20 MiB this way. State numbers are the trie's creation order
 * whatever the budget, so a stream's state means the same on every member. {@link #measure} gives the
 * size before anything large is allocated.
 */
public final class KeywordAutomaton {

    /** The full rows' budget of one automaton unless configured. */
    public static final long DEFAULT_DENSE_BYTES = 16L << 20;

    /** The largest automaton a rule set may need, checked when rules are saved, unless configured. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private static volatile long denseBytes = DEFAULT_DENSE_BYTES;

    private static volatile long maxBytes = DEFAULT_MAX_BYTES;

    private final char[] classOf;

    private final int alphabet;

    /** Full rows: row {@code r} at {@code r × alphabet}. */
    private final int[] delta;

    /** Whether every state has its row (row = state); otherwise {@link #row} says which do. */
    private final boolean full;

    /** Row of each state, -1 for a sparse one; empty when {@link #full}. */
    private final int[] row;

    private final int[] fail;

    private final int[] edgeStart;

    private final char[] edgeLabel;

    private final int[] edgeTarget;

    private final int[] outStart;

    private final int[] outData;

    private final int[] entryLength;

    /** Per state: the longest suffix of the text read that is a prefix of a held entry (see {@link #build}). */
    private final int[] heldDepth;

    private final long bytes;

    private KeywordAutomaton(
            char[] classOf,
            int alphabet,
            int[] delta,
            int[] row,
            int[] fail,
            int[] edgeStart,
            char[] edgeLabel,
            int[] edgeTarget,
            int[] outStart,
            int[] outData,
            int[] entryLength,
            int[] heldDepth,
            long bytes) {
        this.classOf = classOf;
        this.alphabet = alphabet;
        this.delta = delta;
        this.full = row.length == 0;
        this.row = row;
        this.fail = fail;
        this.edgeStart = edgeStart;
        this.edgeLabel = edgeLabel;
        this.edgeTarget = edgeTarget;
        this.outStart = outStart;
        this.outData = outData;
        this.entryLength = entryLength;
        this.heldDepth = heldDepth;
        this.bytes = bytes;
    }

    /** Sets this node's budgets: full rows of one automaton, and the most one rule set may need. */
    public static void configure(long denseBytes, long maxBytes) {
        if (denseBytes < 1 << 20 || maxBytes < denseBytes) {
            throw new IllegalArgumentException(
                    "need 1 MiB <= dense bytes <= max bytes: " + denseBytes + ", " + maxBytes);
        }
        KeywordAutomaton.denseBytes = denseBytes;
        KeywordAutomaton.maxBytes = maxBytes;
    }

    public static long maxBytes() {
        return maxBytes;
    }

    /**
     * The folding of each UTF-16 unit: Unicode's simple case folding as the JDK's case mappings give it
     * (lower case of the upper case, from {@link UnicodeTables}), so the Kelvin sign folds to {@code k}, {@code ſ} to {@code s}, final
     * {@code ς} to {@code σ}, {@code ẞ} to {@code ß}; tailored so that {@code İ} (U+0130) and {@code ı} (U+0131)
     * fold to {@code i}, as {@code I} does, whatever the writer's locale. Surrogates and chars outside the BMP
     * do not fold. One unit gives one unit, so offsets in folded text are those of the text.
     */
    private static final char[] FOLD = new char[65536];

    static {
        for (int c = 0; c < 65536; c++) {
            FOLD[c] = UnicodeTables.toLowerCase(UnicodeTables.toUpperCase((char) c));
        }
        FOLD['\u0130'] = 'i';
        FOLD['\u0131'] = 'i';
        // the folding of a folded char is itself, so that folded keywords and folded text compare alike
        for (int c = 0; c < 65536; c++) {
            char f = FOLD[c];
            while (FOLD[f] != f) {
                f = FOLD[f];
            }
            FOLD[c] = f;
        }
    }

    /** Case folding of one UTF-16 unit (see {@link #FOLD}); it never changes the length of a text. */
    public static char fold(char c) {
        return FOLD[c];
    }

    /**
     * The units other than themselves that fold to one of {@code foldedChars}: with it, a client that maps every
     * unit of a text through it (units not in it stay) folds that text exactly as the engine does, as far as
     * matching keywords made of {@code foldedChars} is concerned.
     */
    public static java.util.SortedMap<Character, Character> foldsInto(java.util.Set<Character> foldedChars) {
        java.util.SortedMap<Character, Character> map = new java.util.TreeMap<>();
        for (int c = 0; c < 65536; c++) {
            char f = FOLD[c];
            if (f != c && foldedChars.contains(f)) {
                map.put((char) c, f);
            }
        }
        return map;
    }

    public static String fold(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = fold(chars[i]);
        }
        return new String(chars);
    }

    /** What an automaton over some entries takes: states, classes and bytes, all arrays counted. */
    public record Size(int states, int alphabet, int denseStates, long bytes) {

        public boolean withinBudget() {
            return bytes <= maxBytes;
        }
    }

    /** The size of the automaton {@link #build} would make of {@code entries}, without building its tables. */
    public static Size measure(List<String> entries) {
        return new Trie(entries, new boolean[entries.size()], denseBytes).size();
    }

    /**
     * Builds the automaton; entry {@code i} is {@code entries.get(i)}, folded. It never refuses: rule sets are
     * held to {@link #maxBytes()} when saved ({@link #measure}), and the full rows to the dense budget ({@link #configure}).
     */
    public static KeywordAutomaton build(List<String> entries) {
        return build(entries, new boolean[entries.size()]);
    }

    /**
     * The automaton of {@code entries}; for the entries marked in {@code held}, {@link #heldDepth} tells how many
     * chars at the end of the text read could be the start of one of them.
     */
    public static KeywordAutomaton build(List<String> entries, boolean[] held) {
        return new Trie(entries, held, denseBytes).build();
    }

    /** The trie, its failure links and the output counts: O(total length of the entries) memory. */
    private static final class Trie {

        final char[] classOf = new char[65536];

        final int alphabet;

        final int n;

        final int[] entryLength;

        final int[] terminal;

        /** States in breadth-first order. */
        final int[] order;

        final int[] fail;

        final int[] edgeStart;

        final char[] edgeLabel;

        final int[] edgeTarget;

        final int[] outCount;

        final long outTotal;

        final int rows;

        final int[] heldDepth;

        Trie(List<String> entries, boolean[] held, long denseBudget) {
            char[] clsOfFolded = new char[65536];
            int classes = 0;
            int totalLength = 0;
            String[] folded = new String[entries.size()];
            for (int e = 0; e < folded.length; e++) {
                folded[e] = fold(entries.get(e));
                totalLength = Math.addExact(totalLength, folded[e].length());
                for (int i = 0; i < folded[e].length(); i++) {
                    char c = folded[e].charAt(i);
                    if (clsOfFolded[c] == 0) {
                        clsOfFolded[c] = (char) ++classes;
                    }
                }
            }
            alphabet = classes + 1;
            for (int c = 0; c < 65536; c++) {
                classOf[c] = clsOfFolded[fold((char) c)];
            }
            // trie: (state, class) -> child in an open-addressed table
            int capacity = Integer.highestOneBit(Math.max(4, totalLength + totalLength / 2)) << 1;
            long[] keys = new long[capacity];
            int[] values = new int[capacity];
            Arrays.fill(keys, -1L);
            int mask = capacity - 1;
            int states = 1;
            entryLength = new int[folded.length];
            terminal = new int[folded.length];
            int[] heldPath = new int[totalLength + 1];
            for (int e = 0; e < folded.length; e++) {
                entryLength[e] = folded[e].length();
                int s = 0;
                for (int i = 0; i < folded[e].length(); i++) {
                    long key = ((long) s << 17) | classOf[folded[e].charAt(i)];
                    int h = hash(key) & mask;
                    while (keys[h] != -1L && keys[h] != key) {
                        h = (h + 1) & mask;
                    }
                    if (keys[h] == -1L) {
                        keys[h] = key;
                        values[h] = states++;
                    }
                    s = values[h];
                    if (held[e]) {
                        heldPath[s] = i + 1;
                    }
                }
                terminal[e] = s;
            }
            n = states;
            // edges sorted by (parent, class)
            long[] sorted = new long[n - 1];
            int k = 0;
            for (long key : keys) {
                if (key != -1L) {
                    sorted[k++] = key;
                }
            }
            Arrays.sort(sorted);
            edgeStart = new int[n + 1];
            edgeLabel = new char[n - 1];
            edgeTarget = new int[n - 1];
            for (int i = 0; i < sorted.length; i++) {
                long key = sorted[i];
                int h = hash(key) & mask;
                while (keys[h] != key) {
                    h = (h + 1) & mask;
                }
                edgeStart[(int) (key >>> 17) + 1]++;
                edgeLabel[i] = (char) (key & 0x1FFFF);
                edgeTarget[i] = values[h];
            }
            for (int s = 0; s < n; s++) {
                edgeStart[s + 1] += edgeStart[s];
            }
            // breadth-first: failure links, output counts
            order = new int[n];
            fail = new int[n];
            outCount = new int[n];
            for (int e = 0; e < terminal.length; e++) {
                outCount[terminal[e]]++;
            }
            int head = 0;
            int tail = 1;
            long total = outCount[0];
            while (head < tail) {
                int s = order[head++];
                for (int i = edgeStart[s]; i < edgeStart[s + 1]; i++) {
                    int t = edgeTarget[i];
                    int c = edgeLabel[i];
                    int f = 0;
                    if (s != 0) {
                        f = fail[s];
                        int next;
                        while ((next = child(f, c)) < 0 && f != 0) {
                            f = fail[f];
                        }
                        f = Math.max(next, 0);
                    }
                    fail[t] = f;
                    outCount[t] += outCount[f];
                    total += outCount[t];
                    order[tail++] = t;
                }
            }
            outTotal = total;
            // a state off every held path keeps the depth of its longest suffix on one: its failure chain's
            heldDepth = new int[n];
            for (int i = 1; i < n; i++) {
                int s = order[i];
                heldDepth[s] = heldPath[s] > 0 ? heldPath[s] : heldDepth[fail[s]];
            }
            long rowBytes = 4L * alphabet;
            rows = (int) Math.max(1, Math.min(n, denseBudget / rowBytes));
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        int child(int s, int c) {
            int lo = edgeStart[s];
            int hi = edgeStart[s + 1] - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int l = edgeLabel[mid];
                if (l < c) {
                    lo = mid + 1;
                } else if (l > c) {
                    hi = mid - 1;
                } else {
                    return edgeTarget[mid];
                }
            }
            return -1;
        }

        Size size() {
            long b = classOf.length * 2L
                    + 4L * rows * alphabet
                    + 4L * (n + 1)
                    + 4L * outTotal
                    + 4L * entryLength.length
                    + 4L * n;
            if (rows < n) {
                b += 4L * n * 2 + 4L * (n + 1) + 6L * (n - 1);
            }
            return new Size(n, alphabet, rows, b);
        }

        KeywordAutomaton build() {
            Size size = size();
            int[] outStart = new int[n + 1];
            for (int s = 0; s < n; s++) {
                outStart[s + 1] = Math.addExact(outStart[s], outCount[s]);
            }
            int[] outData = new int[outStart[n]];
            int[] filled = new int[n];
            for (int e = 0; e < terminal.length; e++) {
                int s = terminal[e];
                outData[outStart[s] + filled[s]++] = e;
            }
            for (int i = 1; i < n; i++) {
                int s = order[i];
                int f = fail[s];
                System.arraycopy(outData, outStart[f], outData, outStart[s] + filled[s], outCount[f]);
            }
            boolean full = rows == n;
            int[] row = new int[full ? 0 : n];
            if (!full) {
                Arrays.fill(row, -1);
                for (int r = 0; r < rows; r++) {
                    row[order[r]] = r;
                }
            }
            int a = alphabet;
            int[] delta = new int[Math.multiplyExact(rows, a)];
            // rows in breadth-first order: a state's failure state, being shallower, has its row already
            for (int r = 0; r < rows; r++) {
                int s = order[r];
                int at = (full ? s : r) * a;
                if (s != 0) {
                    int f = fail[s];
                    System.arraycopy(delta, (full ? f : row[f]) * a, delta, at, a);
                }
                for (int i = edgeStart[s]; i < edgeStart[s + 1]; i++) {
                    delta[at + edgeLabel[i]] = edgeTarget[i];
                }
            }
            if (full) {
                return new KeywordAutomaton(
                        classOf,
                        a,
                        delta,
                        new int[0],
                        new int[0],
                        new int[0],
                        new char[0],
                        new int[0],
                        outStart,
                        outData,
                        entryLength,
                        heldDepth,
                        size.bytes());
            }
            return new KeywordAutomaton(
                    classOf,
                    a,
                    delta,
                    row,
                    fail,
                    edgeStart,
                    edgeLabel,
                    edgeTarget,
                    outStart,
                    outData,
                    entryLength,
                    heldDepth,
                    size.bytes());
        }
    }

    public int initial() {
        return 0;
    }

    public int stateCount() {
        return outStart.length - 1;
    }

    public int step(int state, char c) {
        if (full) {
            return delta[state * alphabet + classOf[c]];
        }
        return sparseStep(state, classOf[c]);
    }

    private int sparseStep(int state, int c) {
        int s = state;
        while (true) {
            int r = row[s];
            if (r >= 0) {
                return delta[r * alphabet + c];
            }
            int lo = edgeStart[s];
            int hi = edgeStart[s + 1] - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int l = edgeLabel[mid];
                if (l < c) {
                    lo = mid + 1;
                } else if (l > c) {
                    hi = mid - 1;
                } else {
                    return edgeTarget[mid];
                }
            }
            s = fail[s];
        }
    }

    /**
     * Scans {@code buf[from, to)} from {@code state}, the hot loop of literal matching. {@code work[s]} says
     * what a state's outputs need: bit 0, a call as soon as the state is reached; bit 1, a call once the
     * next char is there (for checks that need one char of lookahead). {@code pending} says whether the
     * start state still waits for its next char.
     */
    public int run(int state, boolean pending, char[] buf, int from, int to, byte[] work, Hits hits) {
        if (!full) {
            return runSparse(state, pending, buf, from, to, work, hits);
        }
        int s = state;
        boolean waiting = pending;
        int a = alphabet;
        for (int p = from; p < to; p++) {
            if (waiting) {
                hits.next(s, p);
            }
            s = delta[s * a + classOf[buf[p]]];
            int w = work[s];
            if (w != 0) {
                if ((w & 1) != 0) {
                    hits.reached(s, p + 1);
                }
                waiting = (w & 2) != 0;
            } else {
                waiting = false;
            }
        }
        return s;
    }

    private int runSparse(int state, boolean pending, char[] buf, int from, int to, byte[] work, Hits hits) {
        int s = state;
        boolean waiting = pending;
        for (int p = from; p < to; p++) {
            if (waiting) {
                hits.next(s, p);
            }
            s = sparseStep(s, classOf[buf[p]]);
            int w = work[s];
            if (w != 0) {
                if ((w & 1) != 0) {
                    hits.reached(s, p + 1);
                }
                waiting = (w & 2) != 0;
            } else {
                waiting = false;
            }
        }
        return s;
    }

    /** Receives the work of {@link #run}. */
    public interface Hits {

        /** {@code state} was reached by the char before {@code end}. */
        void reached(int state, int end);

        /** {@code state} was reached by the char before {@code end}, and {@code buf[end]} is now there. */
        void next(int state, int end);
    }

    public int outputsFrom(int state) {
        return outStart[state];
    }

    public int outputsTo(int state) {
        return outStart[state + 1];
    }

    public int output(int index) {
        return outData[index];
    }

    /** How many chars at the end of the text read in {@code state} could begin an occurrence of a held entry. */
    public int heldDepth(int state) {
        return heldDepth[state];
    }

    public int entryLength(int entry) {
        return entryLength[entry];
    }

    /** Bytes of all the automaton's arrays. */
    public long tableBytes() {
        return bytes;
    }

    /** States that have a full transition row. */
    public int denseStates() {
        return full ? stateCount() : delta.length / alphabet;
    }

    @Override
    public String toString() {
        return "KeywordAutomaton[states=" + stateCount() + ", alphabet=" + alphabet + ", dense=" + denseStates()
                + ", entries=" + entryLength.length + ", bytes=" + bytes + "]";
    }
}
