package io.streamguard.engine.regex;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An anchored deterministic automaton for one pattern, built lazily: a state and its transitions are made
 * the first time a scan reaches them (RE2's approach), so compiling costs nothing per state and patterns
 * whose full automaton would be huge (gitleaks' {@code [\w.-]{0,50}} prefixes) run on the few states real
 * text visits. Transitions also say whether a match ended just before the char consumed.
 *
 * <p>A state stands for the pattern positions reached so far, in priority order (leftmost-first: once the match
 * is reached, the positions after it are cut off), with zero-width assertions still unresolved,
 * plus whether the previous char was a word char. Assertions ({@code \b}, {@code \B}, {@code ^}, {@code $})
 * are decided at the boundary before the next char, when both neighbours are known; so a match is seen one
 * char after its end, or at the end of the text. State 0 is dead.
 *
 * <p>States live in a {@link Cache} shared by every stream on every thread, within the budgets of
 * {@link AutomatonMemory}. A cache that is full is cleared, RE2's way: it is retired, answers {@link #RETIRED}
 * for every transition it does not know, and a fresh, empty one takes its place. State numbers are only
 * meaningful within their cache, so a scan keeps its threads' NFA positions as well ({@link Cache#positionsOf})
 * and re-enters them into the fresh cache ({@link Cache#stateOf}). A pattern whose cache keeps filling is not
 * worth caching: scans then step its NFA positions directly with a {@link Stepper} (linear time, memory
 * bounded by the NFA), and after {@link #nfaOnly()} says so, for good.
 */
public final class Dfa {

    public static final int DEAD = 0;

    /** Left-context bit: the position is the start of the text. */
    public static final int AT_START = 4;

    /** Left-context bit: the char before the position is an ASCII word char. */
    public static final int AFTER_WORD = 1;

    /** Left-context bit: the char before the position is a line terminator. */
    public static final int AFTER_LINE = 2;

    /** Bits of {@link Cache#matchesBefore}: a match ends here if the text ends, or the next char is of a kind. */
    public static final int BEFORE_END = 1;

    public static final int BEFORE_WORD = 2;

    public static final int BEFORE_OTHER = 4;

    public static final int BEFORE_LINE = 8;

    /** All of them: a match ends here whatever follows. */
    public static final int BEFORE_ANYTHING = 15;

    /*
     * A transition is one int in a cache row: the target state, whether a match ended before the char, and a bit
     * that tells a known transition (never 0) from an unknown one (0).
     */
    private static int transition(int target, boolean matchedBefore) {
        return (target << 2) | (matchedBefore ? 2 : 0) | 1;
    }

    /** The state a transition leads to. */
    public static int target(int transition) {
        return transition >>> 2;
    }

    /** Whether a match ended just before the char a transition consumes. */
    public static boolean matchedBefore(int transition) {
        return (transition & 2) != 0;
    }

    /** What {@link Cache#step} answers for a transition a retired cache does not know: move to the current cache. */
    public static final int RETIRED = -1;

    private static final AtomicLong GENERATIONS = new AtomicLong();

    private static final Cleaner CLEANER = Cleaner.create();

    private final Nfa nfa;

    private final int[] kind;

    private final int[] out1;

    private final int[] out2;

    private final CharSet[] sets;

    private final Node.Kind[] asserts;

    private final Alphabet alphabet;

    private final int classCount;

    private final boolean[] classIsWord;

    private final boolean[] classIsLine;

    /** The walks over empty moves for the cache: used under this automaton's lock. */
    private final Walker walker;

    private final int[] representatives;

    private final int[] startPositions;

    /** Per left context (bits {@link #AT_START}, {@link #AFTER_WORD}, {@link #AFTER_LINE}) and class: whether a match can start so. */
    private final boolean[][] startLive;

    private volatile Cache cache;

    private final AtomicLong clears = new AtomicLong();

    /** Not volatile: a scan that sees it late only caches a little longer. */
    private boolean nfaOnly;

    private Dfa(Nfa nfa, Alphabet alphabet) {
        this.nfa = nfa;
        int n = nfa.size();
        this.kind = new int[n];
        this.out1 = new int[n];
        this.out2 = new int[n];
        this.sets = new CharSet[n];
        this.asserts = new Node.Kind[n];
        for (int i = 0; i < n; i++) {
            kind[i] = nfa.kind.get(i);
            out1[i] = nfa.out1.get(i);
            out2[i] = nfa.out2.get(i);
            if (kind[i] == Nfa.CHAR) {
                sets[i] = nfa.set(i);
            } else if (kind[i] == Nfa.ASSERT) {
                asserts[i] = nfa.assertion(i);
            }
        }
        this.alphabet = alphabet;
        this.classCount = alphabet.classCount();
        this.classIsWord = new boolean[classCount];
        this.classIsLine = new boolean[classCount];
        for (int c = 0; c < classCount; c++) {
            classIsWord[c] = isWord(alphabet.representatives().get(c));
            classIsLine[c] = isLineTerminator(alphabet.representatives().get(c));
        }
        this.walker = new Walker(this);
        this.representatives =
                alphabet.representatives().stream().mapToInt(Integer::intValue).toArray();
        this.startPositions = pendingClosure(new int[] {nfa.start}, 1);
        this.startLive = new boolean[8][classCount];
        Stepper stepper = new Stepper(this);
        for (int left = 0; left < 8; left++) {
            for (int c = 0; c < classCount; c++) {
                stepper.beginChar();
                startLive[left][c] = stepper.step(startPositions, left, c).length > 0;
            }
        }
        this.cache = new Cache(this);
    }

    /** Thrown when the automaton could not run within its budget. */
    public static final class TooLarge extends Exception {

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    static Dfa build(Nfa nfa) throws TooLarge {
        return new Dfa(nfa, alphabet(nfa));
    }

    public int classCount() {
        return classCount;
    }

    public int classOf(char c) {
        return alphabet.classOf(c);
    }

    /** The cache in use now; scans keep the one their state numbers belong to. */
    public Cache cache() {
        return cache;
    }

    /** States reached so far in the current cache (for tests and sizing). */
    public int cachedStates() {
        return cache.count();
    }

    /** The estimated bytes of the current cache. */
    public long cachedBytes() {
        return cache.bytes();
    }

    /** How often a full cache has been cleared. */
    public long clears() {
        return clears.get();
    }

    /** Whether scans should step the NFA directly: the cache kept filling faster than it paid off. */
    public boolean nfaOnly() {
        return nfaOnly;
    }

    /** From now on, scans of this pattern step its NFA without a cache. */
    public void fallBackToNfa() {
        nfaOnly = true;
    }

    /** The pending positions of a match that has read nothing yet. */
    public int[] startPositions() {
        return startPositions;
    }

    /** Whether some match can start with a char of {@code charClass} in the given left context; needs no cache. */
    public boolean canStart(int left, int charClass) {
        return startLive[left][charClass];
    }

    /** {@link #canStart(int, int)} whether or not the char before is a line terminator. */
    public boolean canStart(boolean atTextStart, boolean prevIsWord, int charClass) {
        int left = atTextStart ? AT_START : prevIsWord ? AFTER_WORD : 0;
        return startLive[left][charClass] || (!atTextStart && startLive[left | AFTER_LINE][charClass]);
    }

    /** The left context of position {@code s} of {@code text}: what the char before it was. */
    public static int leftContext(char[] text, int s) {
        if (s == 0) {
            return AT_START;
        }
        char c = text[s - 1];
        return (isWord(c) ? AFTER_WORD : 0) | (isLineTerminator(c) ? AFTER_LINE : 0);
    }

    private synchronized void retire(Cache full) {
        if (cache == full) {
            clears.incrementAndGet();
            cache = new Cache(this);
        }
    }

    private static final boolean[] WORD = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
    }

    /** An ASCII word char, as {@code \w} and {@code \b} read it. */
    public static boolean isWord(int c) {
        return c < 128 && WORD[c];
    }

    /** JavaScript's line terminators, which end a line for {@code ^} and {@code $} under the m flag and stop {@code .}. */
    static boolean isLineTerminator(int c) {
        return c == '\n' || c == '\r' || (c | 1) == '\u2029';
    }

    /**
     * One generation of lazily built states. Readers need no lock: a transition, once known, never changes,
     * and a row is complete before it is published through the volatile {@link #rows}; anything not yet
     * visible is computed (or found) under the cache's lock. Once retired a cache never grows again: what it
     * knows stays readable, anything else answers {@link Dfa#RETIRED}.
     */
    public static final class Cache {

        private final Dfa dfa;

        private final long generation = GENERATIONS.incrementAndGet();

        /**
         * Per state: one transition per char class ({@code 0} while unknown), then its {@link #matchesBefore} bits.
         */
        private volatile int[][] rows;

        /** Per state: its pending NFA positions in priority order; the arrays are never modified. */
        private volatile int[][] positions;

        private final Map<Key, Integer> ids = new HashMap<>();

        private final List<Key> keys = new ArrayList<>();

        private final int[] initial = new int[8];

        private int count;

        private long bytes;

        /** What this cache holds of the shared budget; handed back when it is retired or collected. */
        private final AtomicLong reserved = new AtomicLong();

        private volatile boolean retired;

        Cache(Dfa dfa) {
            this.dfa = dfa;
            this.rows = new int[16][];
            this.positions = new int[16][];
            AtomicLong held = reserved;
            CLEANER.register(this, () -> AutomatonMemory.release(held.getAndSet(0)));
            synchronized (this) {
                Key dead = new Key(new int[0], 0);
                ids.put(dead, 0);
                keys.add(dead);
                rows[0] = deadRow(dfa.classCount);
                positions[0] = dead.states;
                count = 1;
                for (int left = 0; left < 8; left++) {
                    initial[left] = intern(dfa.key(dfa.startPositions, left), true);
                }
            }
        }

        private static int[] deadRow(int classCount) {
            int[] row = new int[classCount + 1];
            Arrays.fill(row, 0, classCount, transition(DEAD, false));
            return row;
        }

        public Dfa dfa() {
            return dfa;
        }

        /** Identifies this cache among all caches of all patterns: a scan's state numbers belong to one. */
        public long generation() {
            return generation;
        }

        /** The start state for a match starting at a position with the given left context. */
        public int initial(int left) {
            return initial[left];
        }

        public int classOf(char c) {
            return dfa.alphabet.classOf(c);
        }

        public synchronized int count() {
            return count;
        }

        public synchronized long bytes() {
            return bytes;
        }

        /**
         * The transition for a class, packed: read it with {@link Dfa#target} and {@link Dfa#matchedBefore};
         * {@link Dfa#RETIRED} if this cache was retired before learning it.
         */
        public int step(int state, int charClass) {
            int[][] r = rows;
            if (state < r.length) {
                int[] row = r[state];
                if (row != null && row[charClass] != 0) {
                    return row[charClass];
                }
            }
            return compute(state, charClass);
        }

        public boolean acceptsAtEnd(int state) {
            return (matchesBefore(state) & BEFORE_END) != 0;
        }

        /**
         * In which continuations a thread in {@code state} has a match ending here: {@link #BEFORE_END} if the text
         * ends, {@link #BEFORE_WORD}, {@link #BEFORE_OTHER}, {@link #BEFORE_LINE} if the next char is a word char, a
         * line terminator or any other char. {@link #BEFORE_ANYTHING}: the match no longer depends on what follows.
         */
        public int matchesBefore(int state) {
            int[][] r = rows;
            if (state < r.length && r[state] != null) {
                return r[state][dfa.classCount];
            }
            synchronized (this) {
                return rows[state][dfa.classCount];
            }
        }

        /** The pending NFA positions of {@code state}, in priority order; the array must not be modified. */
        public int[] positionsOf(int state) {
            int[][] p = positions;
            if (state < p.length && p[state] != null) {
                return p[state];
            }
            synchronized (this) {
                return positions[state];
            }
        }

        /**
         * The state of these positions in the left context {@code left}; {@link Dfa#RETIRED} if this cache is
         * retired or has no room for it.
         */
        public synchronized int stateOf(int[] pending, int left) {
            return intern(dfa.key(pending, left), false);
        }

        private synchronized int compute(int state, int charClass) {
            int[] row = rows[state];
            if (row[charClass] != 0) {
                return row[charClass];
            }
            if (retired) {
                return RETIRED;
            }
            Key key = keys.get(state);
            boolean nextWord = dfa.classIsWord[charClass];
            boolean nextLine = dfa.classIsLine[charClass];
            Stepped stepped = dfa.stepOver(key.states, key.left, charClass);
            int next = 0;
            if (stepped.positions().length > 0) {
                int left = (nextWord ? AFTER_WORD : 0) | (nextLine ? AFTER_LINE : 0);
                next = intern(dfa.key(stepped.positions(), left), false);
                if (next == RETIRED) {
                    return RETIRED;
                }
            }
            int t = transition(next, stepped.matchedBefore());
            row[charClass] = t;
            return t;
        }

        /** The number of {@code key}, made if new; {@link Dfa#RETIRED} if there is no room (then this cache retires). */
        private int intern(Key key, boolean force) {
            Integer id = ids.get(key);
            if (id != null) {
                return id;
            }
            if (retired) {
                return RETIRED;
            }
            long cost = AutomatonMemory.stateBytes(key.states.length, dfa.classCount);
            if (force) {
                AutomatonMemory.force(cost);
            } else if (count >= AutomatonMemory.statesPerPattern()
                    || bytes + cost > AutomatonMemory.bytesPerPattern()
                    || !AutomatonMemory.reserve(cost)) {
                retired = true;
                AutomatonMemory.release(reserved.getAndSet(0));
                dfa.retire(this);
                return RETIRED;
            }
            reserved.addAndGet(cost);
            bytes += cost;
            int[] row = new int[dfa.classCount + 1];
            row[dfa.classCount] = dfa.matchesBefore(key.states, key.left);
            int fresh = count++;
            ids.put(key, fresh);
            keys.add(key);
            int[][] p = positions;
            if (fresh >= p.length) {
                p = Arrays.copyOf(p, p.length * 2);
            }
            p[fresh] = key.states;
            positions = p;
            int[][] r = rows;
            if (fresh >= r.length) {
                r = Arrays.copyOf(r, r.length * 2);
            }
            r[fresh] = row;
            rows = r;
            return fresh;
        }
    }

    /**
     * Steps threads of NFA positions one char at a time, without a cache: the fallback of a pattern whose
     * cache keeps filling. Threads are stepped in priority order, and a position reached by an earlier thread
     * is left out of later ones (a later thread in the same position has the same future and never wins), so a
     * char costs at most the size of the NFA, whatever the number of threads. One per scan; not thread-safe.
     */
    public static final class Stepper {

        private final Dfa dfa;

        private final int[] claimed;

        private int claimEpoch;

        private final Walker walker;

        private boolean matched;

        Stepper(Dfa dfa) {
            this.dfa = dfa;
            this.claimed = new int[dfa.kind.length];
            this.walker = new Walker(dfa);
        }

        /** Starts a new char: positions claimed so far are free again. */
        public void beginChar() {
            if (++claimEpoch == Integer.MAX_VALUE) {
                Arrays.fill(claimed, 0);
                claimEpoch = 1;
            }
        }

        /** Marks positions as reached by a thread of this char: later threads leave them out. */
        public void claim(int[] positions) {
            for (int s : positions) {
                claimed[s] = claimEpoch;
            }
        }

        /** Whether the last {@link #step} found a match ending just before the char. */
        public boolean matched() {
            return matched;
        }

        /** Positions visited since last asked: the work done, for the scan's budget. */
        public long takeWork() {
            long w = walker.visited;
            walker.visited = 0;
            return w;
        }

        /**
         * Steps one thread's pending positions over a char of {@code charClass}; answers the positions it goes on
         * with (not yet claimed by an earlier thread of this char; now claimed), possibly none.
         */
        public int[] step(int[] from, int left, int charClass) {
            Stepped stepped = walker.stepOver(from, left, charClass);
            matched = stepped.matchedBefore();
            int[] reached = stepped.positions();
            int count = 0;
            for (int s : reached) {
                if (claimed[s] != claimEpoch) {
                    claimed[s] = claimEpoch;
                    reached[count++] = s;
                }
            }
            return Arrays.copyOf(reached, count);
        }

        /** Whether a thread in these positions has a match ending at the end of the text. */
        public boolean acceptsAtEnd(int[] from, int left) {
            return (dfa.matchesBefore(from, left) & BEFORE_END) != 0;
        }
    }

    /** A stepper for one scan of this pattern. */
    public Stepper stepper() {
        return new Stepper(this);
    }

    private boolean assertionHolds(int s, int left, boolean nextWord, boolean nextLine, boolean atEnd) {
        boolean prevWord = (left & AFTER_WORD) != 0;
        return switch (asserts[s]) {
            case WORD_BOUNDARY -> prevWord != nextWord;
            case NOT_WORD_BOUNDARY -> prevWord == nextWord;
            case TEXT_START -> (left & AT_START) != 0;
            case TEXT_END -> atEnd;
            case LINE_START -> (left & (AT_START | AFTER_LINE)) != 0;
            case LINE_END -> atEnd || nextLine;
        };
    }

    /** The {@link Cache#matchesBefore} bits of positions in a left context. */
    public synchronized int matchesBefore(int[] states, int left) {
        int bits = 0;
        if (hasMatch(walker.resolve(states, left, false, false, true))) {
            bits |= BEFORE_END;
        }
        if (hasMatch(walker.resolve(states, left, true, false, false))) {
            bits |= BEFORE_WORD;
        }
        if (hasMatch(walker.resolve(states, left, false, false, false))) {
            bits |= BEFORE_OTHER;
        }
        if (hasMatch(walker.resolve(states, left, false, true, false))) {
            bits |= BEFORE_LINE;
        }
        return bits;
    }

    private boolean hasMatch(int[] resolved) {
        for (int s : resolved) {
            if (kind[s] == Nfa.MATCH) {
                return true;
            }
        }
        return false;
    }

    /** The char classes of an automaton: chars in one class are treated alike by every set and by \b. */
    record Alphabet(int classCount, byte[] asciiClass, int[] bounds, int[] boundClass, List<Integer> representatives) {

        int classOf(char c) {
            if (c < 128) {
                return asciiClass[c];
            }
            int i = Arrays.binarySearch(bounds, c);
            return boundClass[i >= 0 ? i : -i - 2];
        }
    }

    static Alphabet alphabet(Nfa nfa) throws TooLarge {
        List<CharSet> sets = new ArrayList<>();
        java.util.Set<CharSet> seen = new java.util.HashSet<>();
        for (int i = 0; i < nfa.size(); i++) {
            if (nfa.kind.get(i) == Nfa.CHAR && seen.add(nfa.set(i))) {
                sets.add(nfa.set(i));
            }
        }
        sets.add(CharSet.WORD);
        if (nfa.usesLineBoundary) {
            sets.add(CharSet.LINE_TERMINATOR);
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        for (CharSet set : sets) {
            int[] r = set.ranges();
            for (int i = 0; i < r.length; i += 2) {
                cuts.add(r[i]);
                if (r[i + 1] + 1 <= 0xFFFF) {
                    cuts.add(r[i + 1] + 1);
                }
            }
        }
        int[] bounds = cuts.stream().mapToInt(Integer::intValue).toArray();
        int[] boundClass = new int[bounds.length];
        Map<String, Integer> signatures = new HashMap<>();
        List<Integer> representatives = new ArrayList<>();
        for (int b = 0; b < bounds.length; b++) {
            StringBuilder sig = new StringBuilder();
            for (CharSet set : sets) {
                sig.append(set.contains(bounds[b]) ? '1' : '0');
            }
            int rep = bounds[b];
            boundClass[b] = signatures.computeIfAbsent(sig.toString(), k -> {
                representatives.add(rep);
                return representatives.size() - 1;
            });
        }
        int classCount = representatives.size();
        if (classCount > 127) {
            throw new TooLarge("the pattern distinguishes more than 127 kinds of character: merge its classes");
        }
        byte[] asciiClass = new byte[128];
        for (int c = 0; c < 128; c++) {
            int i = Arrays.binarySearch(bounds, c);
            asciiClass[c] = (byte) boundClass[i >= 0 ? i : -i - 2];
        }
        return new Alphabet(classCount, asciiClass, bounds, boundClass, representatives);
    }

    /**
     * A state key that keeps the left context only where an assertion reads it: a pending one, or one it leads to
     * through empty moves and other assertions ({@code \b^}).
     */
    private Key key(int[] states, int left) {
        int needs = 0;
        for (int s : states) {
            if (kind[s] == Nfa.ASSERT) {
                needs |= assertionNeeds(s);
            }
        }
        return new Key(states, left & needs);
    }

    private synchronized int assertionNeeds(int from) {
        return walker.assertionNeeds(from);
    }

    private synchronized int[] pendingClosure(int[] from, int n) {
        return walker.pending(from, n);
    }

    private synchronized Stepped stepOver(int[] from, int left, int charClass) {
        return walker.stepOver(from, left, charClass);
    }

    /** The positions after a char, in priority order, and whether a match ended just before it. */
    private record Stepped(int[] positions, boolean matchedBefore) {}

    /**
     * Depth-first walks over the NFA's empty moves in priority order — a split's preferred branch first, the first
     * visit of a position winning — with scratch of their own: the automaton's walker is used under its lock,
     * each {@link Stepper} has one.
     */
    private static final class Walker {

        private final Dfa dfa;

        private final int[] seen;

        private int epoch;

        private int[] stack = new int[16];

        /** Positions visited, the work a stepper reports. */
        long visited;

        Walker(Dfa dfa) {
            this.dfa = dfa;
            this.seen = new int[dfa.kind.length];
        }

        /** Pushes {@code from[0, n)} so that {@code from[0]} comes first; answers the stack's size. */
        private int begin(int[] from, int n) {
            if (++epoch == Integer.MAX_VALUE) {
                Arrays.fill(seen, 0);
                epoch = 1;
            }
            int top = 0;
            for (int i = n - 1; i >= 0; i--) {
                stack = push(stack, top++, from[i]);
            }
            return top;
        }

        /** Whether {@code s} is visited for the first time in this walk. */
        private boolean firstVisit(int s) {
            if (seen[s] == epoch) {
                return false;
            }
            seen[s] = epoch;
            visited++;
            return true;
        }

        /** Follows empty moves, stopping at assertions (they need the next char), chars and the match. */
        int[] pending(int[] from, int n) {
            int[] out = new int[Math.max(4, n)];
            int count = 0;
            int top = begin(from, n);
            while (top > 0) {
                int s = stack[--top];
                if (!firstVisit(s)) {
                    continue;
                }
                switch (dfa.kind[s]) {
                    case Nfa.EPSILON -> stack = push(stack, top++, dfa.out1[s]);
                    case Nfa.SPLIT -> {
                        stack = push(stack, top++, dfa.out2[s]);
                        stack = push(stack, top++, dfa.out1[s]);
                    }
                    default -> out = push(out, count++, s);
                }
            }
            return Arrays.copyOf(out, count);
        }

        /**
         * Follows empty moves and the assertions that hold in this boundary context, to chars and the match; stops
         * at the match, which cuts off everything of lower priority (leftmost-first).
         */
        int[] resolve(int[] from, int left, boolean nextWord, boolean nextLine, boolean atEnd) {
            int[] out = new int[8];
            int count = 0;
            int top = begin(from, from.length);
            while (top > 0) {
                int s = stack[--top];
                if (!firstVisit(s)) {
                    continue;
                }
                switch (dfa.kind[s]) {
                    case Nfa.EPSILON -> stack = push(stack, top++, dfa.out1[s]);
                    case Nfa.SPLIT -> {
                        stack = push(stack, top++, dfa.out2[s]);
                        stack = push(stack, top++, dfa.out1[s]);
                    }
                    case Nfa.ASSERT -> {
                        if (dfa.assertionHolds(s, left, nextWord, nextLine, atEnd)) {
                            stack = push(stack, top++, dfa.out1[s]);
                        }
                    }
                    case Nfa.MATCH -> {
                        out = push(out, count++, s);
                        top = 0;
                    }
                    default -> out = push(out, count++, s);
                }
            }
            return Arrays.copyOf(out, count);
        }

        /** The positions after a char of {@code charClass} in the left context {@code left}. */
        Stepped stepOver(int[] from, int left, int charClass) {
            int[] resolved = resolve(from, left, dfa.classIsWord[charClass], dfa.classIsLine[charClass], false);
            int[] stepped = new int[resolved.length];
            int n = 0;
            boolean matched = false;
            int representative = dfa.representatives[charClass];
            for (int s : resolved) {
                if (dfa.kind[s] == Nfa.MATCH) {
                    matched = true;
                } else if (dfa.kind[s] == Nfa.CHAR && dfa.sets[s].contains(representative)) {
                    stepped[n++] = dfa.out1[s];
                }
            }
            return new Stepped(n == 0 ? new int[0] : pending(stepped, n), matched);
        }

        /** The left context the assertions reachable from {@code from} through empty moves and other assertions read. */
        int assertionNeeds(int from) {
            int needs = 0;
            int top = begin(new int[] {from}, 1);
            while (top > 0) {
                int s = stack[--top];
                if (!firstVisit(s)) {
                    continue;
                }
                switch (dfa.kind[s]) {
                    case Nfa.ASSERT -> {
                        needs |= switch (dfa.asserts[s]) {
                            case WORD_BOUNDARY, NOT_WORD_BOUNDARY -> AFTER_WORD;
                            case TEXT_START -> AT_START;
                            case LINE_START -> AT_START | AFTER_LINE;
                            case TEXT_END, LINE_END -> 0;
                        };
                        stack = push(stack, top++, dfa.out1[s]);
                    }
                    case Nfa.EPSILON -> stack = push(stack, top++, dfa.out1[s]);
                    case Nfa.SPLIT -> {
                        stack = push(stack, top++, dfa.out1[s]);
                        stack = push(stack, top++, dfa.out2[s]);
                    }
                    default -> {}
                }
            }
            return needs;
        }
    }

    private static int[] push(int[] array, int at, int value) {
        int[] a = at < array.length ? array : Arrays.copyOf(array, array.length * 2);
        a[at] = value;
        return a;
    }

    /** Whether the pattern matches the empty string in some context: then it would fire everywhere. */
    boolean matchesEmpty() {
        int[] start = pendingClosure(new int[] {nfa.start}, 1);
        for (int left = 0; left < 8; left++) {
            if (matchesBefore(start, left) != 0) {
                return true;
            }
        }
        return false;
    }

    /** A state: pending positions in priority order, and the bits of the left context they still read. */
    private record Key(int[] states, int left) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.left == left && Arrays.equals(k.states, states);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(states) * 8 + left;
        }
    }
}
