package io.streamguard.engine.scan;

import io.streamguard.engine.detect.Sink;
import io.streamguard.engine.regex.Dfa;
import io.streamguard.engine.regex.PortableRegex;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The streaming state of one regex rule: leftmost-first, non-overlapping matches (JavaScript's) found by running
 * the rule's anchored {@link Dfa} as threads {@code (state, start)}, one per start position still alive.
 *
 * <p>Invariants. Threads are ordered by (level, start). Level 0 holds the threads that may still decide the
 * next match to report; a level with a candidate match {@code [candStart, candEnd)} keeps only threads
 * starting at or before {@code candStart} (they could make it one the pattern prefers, or earlier), and the next level holds
 * the threads starting at or after {@code candEnd}, which matter only if that candidate stands. No two
 * threads share a DFA state: the later one has the same future and can never win. So there are at most as
 * many threads as DFA states, and each char costs at most that many table steps: linear time.
 * The level-0 candidate is final when no level-0 thread is left; before that it is {@link #certain} (the rule
 * fires whatever follows), and so is a match ending at the end of the text that every next char would confirm.
 *
 * <p>With a prefilter, a thread starts at {@code s} only if a literal occurrence ends in
 * {@code (s, s + window]}; a start is decided once the literal scanner has passed {@code s + window}, so
 * this scan may lag up to {@code window} chars behind the text, and catches up at the end of the text.
 *
 * <p>Between advances a thread is its NFA positions ({@link #threadPositions}), which mean the same in any
 * cache and are what is serialized; its state number is a shortcut valid only while the cache of
 * {@link #generation} is the automaton's current one, and is re-entered from the positions otherwise. When
 * the cache is cleared under a scan, the step in progress is completed on positions and the scan goes on in the
 * fresh cache; when clears come faster than the cache pays off, the scan steps the positions directly (a
 * {@link Dfa.Stepper}): the same matches, at most the NFA's size in work per char.
 */
final class RegexScan {

    int simPos;

    private int[] intervals = new int[4];

    private int intervalCount;

    private int[] candStart = {-1, -1};

    private int[] candEnd = {0, 0};

    private int levelCount = 1;

    private int[] threadState = new int[4];

    private int[] threadStart = new int[4];

    private int[] threadLevel = new int[4];

    /** Per thread, its pending NFA positions at {@link #simPos}; null only for a state read in the old format. */
    private int[] @Nullable [] threadPositions = new int[4][];

    private int threadCount;

    private static final int[][] NO_POSITIONS = new int[0][];

    /** {@link #earliestLiveStart}'s memo: starts before this are dead or excluded; a start alive, stepped to a position. */
    private int deadBefore;

    private int probeStart = -1;

    private int probeState;

    private int probePos;

    private long probeGeneration = -1;

    /** The cache generation {@link #threadState} numbers belong to; -1 if none (the positions hold). */
    private long generation = -1;

    /** Nothing to do until a prefilter literal is found. */
    boolean dormant() {
        return intervalCount == 0 && idle();
    }

    /** A prefilter literal ended at {@code end}: starts in {@code [end - window, end - 1]} may match. */
    void hit(int end, int window) {
        int from = Math.max(end - window, 0);
        int to = end - 1;
        if (dormant()) {
            // nothing could start before this hit's window: skip there at once
            simPos = Math.max(simPos, from);
        }
        if (intervalCount > 0 && from <= intervals[2 * intervalCount - 1] + 1) {
            intervals[2 * intervalCount - 1] = Math.max(intervals[2 * intervalCount - 1], to);
            return;
        }
        if (2 * intervalCount + 2 > intervals.length) {
            intervals = Arrays.copyOf(intervals, intervals.length * 2);
        }
        intervals[2 * intervalCount] = from;
        intervals[2 * intervalCount + 1] = to;
        intervalCount++;
    }

    /**
     * Without a prefilter: no match starts in {@code [from, start)}, as the {@link StartFilter} found; an idle scan
     * that has read up to somewhere in that range moves to {@code start}.
     */
    void skipTo(int from, int start) {
        if (simPos >= from && simPos < start && idle()) {
            simPos = start;
        }
    }

    private boolean idle() {
        return threadCount == 0 && levelCount == 1 && candStart[0] < 0;
    }

    /**
     * Runs as far as the text and the literal scan allow: {@code known} chars of {@code buf} are there and
     * scanned for literals. With {@code finishing}, the text ends at {@code known}: everything is decided.
     *
     * @throws ScanBudgetExceededException when {@code budget} runs out; this scan is then in no defined state
     */
    void advance(
            PortableRegex regex,
            int window,
            char[] buf,
            int known,
            boolean finishing,
            Sink sink,
            Marks marks,
            ScanBudget budget) {
        if (window < 0 && !finishing && simPos < known && idle()) {
            // the common case of a regex without a prefilter: nothing can start in the new text
            simPos = skipNonStarts(regex, buf, simPos, known);
            if (simPos == known) {
                return;
            }
        }
        Dfa automaton = regex.dfa();
        // the cache is entered only once a char is to be stepped: many calls only wait for text or skip it
        Dfa.@Nullable Cache dfa = null;
        boolean entered = false;
        long work = 0;
        while (simPos < known) {
            int s = simPos;
            boolean start = true;
            if (window >= 0) {
                int drop = 0;
                while (drop < intervalCount && intervals[2 * drop + 1] < s) {
                    drop++;
                }
                if (drop > 0) {
                    System.arraycopy(intervals, 2 * drop, intervals, 0, 2 * (intervalCount - drop));
                    intervalCount -= drop;
                }
                if (intervalCount == 0 || intervals[0] > s) {
                    boolean decided =
                            finishing || intervalCount > 0 || s + window <= known || !canStart(automaton, buf, s);
                    if (!decided) {
                        break;
                    }
                    start = false;
                    if (idle()) {
                        int target = intervalCount > 0 ? intervals[0] : finishing ? known : known - window + 1;
                        target = Math.min(target, known);
                        if (target > s) {
                            simPos = target;
                            continue;
                        }
                    }
                }
            }
            if (start && window < 0 && idle()) {
                int p = skipNonStarts(regex, buf, s, known);
                if (p > s) {
                    simPos = p;
                    continue;
                }
            }
            if (!entered) {
                dfa = enter(automaton, buf, marks);
                entered = true;
            }
            if (dfa != null && step(dfa, buf, s, start, sink, marks)) {
                work += threadCount + 1;
            } else {
                dfa = slowStep(automaton, dfa, buf, s, start, sink, marks);
            }
            simPos = s + 1;
            if ((s & 1023) == 0) {
                budget.spend(work + marks.takeWork());
                work = 0;
            }
        }
        if (finishing) {
            if (!entered && threadCount > 0) {
                dfa = enter(automaton, buf, marks);
                entered = true;
            }
            decideAtEnd(dfa, marks.stepper, buf, known, sink);
        }
        if (entered) {
            if (dfa != null && threadCount > 0) {
                capture(dfa);
            }
            budget.spend(work + marks.takeWork());
        }
    }

    /** The cache to step in (threads entered into it), or null to step the NFA (threads as positions). */
    private Dfa.@Nullable Cache enter(Dfa automaton, char[] buf, Marks marks) {
        Dfa.@Nullable Cache dfa = automaton.nfaOnly() ? null : enter(automaton.cache(), buf);
        marks.begin(dfa == null ? toNfa(automaton, buf) : null);
        return dfa;
    }

    /**
     * A step off the fast path: on the NFA ({@code dfa} null), or after {@link #step} met a cleared cache and
     * completed the char on positions. Returns the cache to go on with, null for the NFA.
     */
    private Dfa.@Nullable Cache slowStep(
            Dfa automaton, Dfa.@Nullable Cache dfa, char[] buf, int s, boolean start, Sink sink, Marks marks) {
        if (dfa == null) {
            stepNfa(
                    automaton,
                    Objects.requireNonNull(marks.stepper, "an advance on the NFA has its stepper"),
                    buf,
                    s,
                    start,
                    sink);
            return null;
        }
        simPos = s + 1;
        // building the cleared cache's states cost about a step per position they hold
        marks.extraWork += threadCount + 1 + dfa.bytes() / 4;
        Dfa.Cache next = afterClear(automaton, dfa, s, buf, marks);
        if (next == null) {
            marks.stepper = toNfa(automaton, buf);
        }
        return next;
    }

    /** At the end of the text: the first thread (in priority order) that accepts there makes its level's candidate. */
    private void decideAtEnd(Dfa.@Nullable Cache dfa, Dfa.@Nullable Stepper nfa, char[] buf, int known, Sink sink) {
        if (threadCount == 0) {
            atEnd(sink);
            return;
        }
        int left = Dfa.leftContext(buf, known);
        for (int i = 0; i < threadCount; i++) {
            boolean accepts = dfa != null
                    ? dfa.acceptsAtEnd(threadState[i])
                    : Objects.requireNonNull(nfa, "an advance on the NFA has its stepper")
                            .acceptsAtEnd(nfaPositions(i), left);
            if (accepts) {
                candidate(threadLevel[i], threadStart[i], known);
                break;
            }
        }
        atEnd(sink);
    }

    /**
     * The cache to go on with after {@code cleared} was cleared at {@code s}, or null to step the NFA: RE2's
     * measure, two clears in a row each fewer chars after the one before than ten times the states it held, says
     * the cache does not pay for this pattern.
     */
    private Dfa.@Nullable Cache afterClear(Dfa automaton, Dfa.Cache cleared, int s, char[] buf, Marks marks) {
        boolean thrashing = marks.clearedAt >= 0 && s - marks.clearedAt < 10 * cleared.count();
        marks.clearsInARow = thrashing ? marks.clearsInARow + 1 : 0;
        marks.clearedAt = s;
        if (marks.clearsInARow >= 2) {
            automaton.fallBackToNfa();
            return null;
        }
        return enter(automaton.cache(), buf);
    }

    /** The first position from {@code s} where a match could start, judging by the char and the one before. */
    private static int skipNonStarts(PortableRegex regex, char[] buf, int s, int known) {
        int p = s;
        if (p == 0) {
            boolean[] startChars = regex.startChars();
            while (p < known && buf[p] < 128 && !startChars[buf[p]]) {
                p++;
            }
        }
        if (p > 0) {
            boolean[] afterWord = regex.startCharsAfter()[1];
            boolean[] afterOther = regex.startCharsAfter()[0];
            boolean word = Dfa.isWord(buf[p - 1]);
            while (p < known) {
                char c = buf[p];
                if (c >= 128 || (word ? afterWord : afterOther)[c]) {
                    break;
                }
                word = Dfa.isWord(c);
                p++;
            }
        }
        return p;
    }

    /** Keeps each thread's positions and the cache its numbers belong to: what an advance leaves behind. */
    private void capture(Dfa.Cache dfa) {
        for (int i = 0; i < threadCount; i++) {
            threadPositions[i] = dfa.positionsOf(threadState[i]);
        }
        generation = dfa.generation();
    }

    /** Threads as state numbers of {@code cache}, re-entered from their positions if need be; null if it has no room. */
    private Dfa.@Nullable Cache enter(Dfa.Cache cache, char[] buf) {
        if (cache.generation() == generation) {
            return cache;
        }
        int left = Dfa.leftContext(buf, simPos);
        for (int i = 0; i < threadCount; i++) {
            int state = cache.stateOf(positions(cache.dfa(), i, buf), left);
            if (state == Dfa.RETIRED) {
                generation = -1;
                return null;
            }
            threadState[i] = state;
        }
        generation = cache.generation();
        return cache;
    }

    /** Threads as positions only, for stepping the NFA. */
    private Dfa.Stepper toNfa(Dfa automaton, char[] buf) {
        Dfa.Stepper stepper = automaton.stepper();
        for (int i = 0; i < threadCount; i++) {
            positions(automaton, i, buf);
        }
        generation = -1;
        return stepper;
    }

    /** A thread's positions; read in the old format they are recomputed by running the NFA from its start. */
    private int[] positions(Dfa automaton, int i, char[] buf) {
        int[] p = threadPositions[i];
        if (p == null) {
            Dfa.Stepper stepper = automaton.stepper();
            p = automaton.startPositions();
            for (int q = threadStart[i]; q < simPos && p.length > 0; q++) {
                stepper.beginChar();
                p = stepper.step(p, Dfa.leftContext(buf, q), automaton.classOf(buf[q]));
            }
            threadPositions[i] = p;
        }
        return p;
    }

    /** A thread's positions where the threads are stepped as positions ({@link #toNfa} filled them all). */
    private int[] nfaPositions(int i) {
        return Objects.requireNonNull(threadPositions[i], "threads on the NFA have their positions");
    }

    /**
     * Steps every thread over {@code buf[s]} in {@code dfa}. Returns false if the cache was retired before it knew
     * a transition needed: the step is then completed on NFA positions ({@link #stepAside}), and the threads are
     * left as positions only.
     */
    private boolean step(Dfa.Cache dfa, char[] buf, int s, boolean start, Sink sink, Marks marks) {
        // kept small enough for the JIT to inline it into advance: the slow paths are calls
        int charClass = dfa.classOf(buf[s]);
        int epoch = marks.next();
        int n = threadCount;
        if (n > 0) {
            int[] mark = marks.array;
            int kept = 0;
            for (int i = 0; i < n; i++) {
                int t = dfa.step(threadState[i], charClass);
                if (t < 0) {
                    return stepAside(dfa, buf, s, start, sink, kept, i, n);
                }
                int next = Dfa.target(t);
                if (next != Dfa.DEAD) {
                    if (next >= mark.length) {
                        mark = marks.grow(next);
                    }
                    if (mark[next] != epoch) {
                        mark[next] = epoch;
                        threadState[kept] = next;
                        threadStart[kept] = threadStart[i];
                        threadLevel[kept] = threadLevel[i];
                        kept++;
                    }
                }
                if (Dfa.matchedBefore(t)) {
                    candidate(threadLevel[i], threadStart[i], s);
                    break;
                }
            }
            threadCount = kept;
        }
        if (start && !startThread(dfa, buf, s, charClass, marks)) {
            return stepAside(dfa, buf, s, true, sink, threadCount, 0, 0);
        }
        emitReady(sink);
        return true;
    }

    /** Starts a thread at {@code s} unless one is in its state already; false if the cache was retired. */
    private boolean startThread(Dfa.Cache dfa, char[] buf, int s, int charClass, Marks marks) {
        int t = dfa.step(dfa.initial(Dfa.leftContext(buf, s)), charClass);
        if (t < 0) {
            return false;
        }
        int next = Dfa.target(t);
        if (next != Dfa.DEAD && (threadCount == 0 || !marks.isMarked(next))) {
            add(next, null, s, levelCount - 1);
        }
        return true;
    }

    /**
     * Completes a step that met a retired cache, on NFA positions: threads {@code [0, kept)} have taken the char
     * (their states are in {@code dfa}), threads {@code [from, to)} have not, and the rest were dropped.
     */
    private boolean stepAside(Dfa.Cache dfa, char[] buf, int s, boolean start, Sink sink, int kept, int from, int to) {
        Dfa automaton = dfa.dfa();
        Dfa.Stepper nfa = automaton.stepper();
        nfa.beginChar();
        for (int j = 0; j < kept; j++) {
            int[] positions = dfa.positionsOf(threadState[j]);
            threadPositions[j] = positions;
            nfa.claim(positions);
        }
        // the threads still to step follow the stepped ones, as positions
        int n = kept;
        for (int j = from; j < to; j++) {
            threadPositions[n] = dfa.positionsOf(threadState[j]);
            threadStart[n] = threadStart[j];
            threadLevel[n] = threadLevel[j];
            n++;
        }
        for (int j = n; j < Math.max(threadCount, to); j++) {
            threadPositions[j] = null;
        }
        threadCount = n;
        stepPositions(automaton, nfa, buf, s, start, sink, kept);
        generation = -1;
        return false;
    }

    /** Steps every thread's positions over {@code buf[s]}, earlier threads first claiming the positions they reach. */
    private void stepNfa(Dfa automaton, Dfa.Stepper nfa, char[] buf, int s, boolean start, Sink sink) {
        nfa.beginChar();
        stepPositions(automaton, nfa, buf, s, start, sink, 0);
    }

    /**
     * Steps threads {@code [first, threadCount)} over {@code buf[s]} on their positions, in priority order (the
     * threads before {@code first} have taken the char already and claimed their positions), then starts one at
     * {@code s} if {@code start}.
     */
    private void stepPositions(Dfa automaton, Dfa.Stepper nfa, char[] buf, int s, boolean start, Sink sink, int first) {
        int charClass = automaton.classOf(buf[s]);
        int left = Dfa.leftContext(buf, s);
        int kept = first;
        int n = threadCount;
        int matchLevel = -1;
        int matchStart = 0;
        for (int i = first; i < n; i++) {
            int[] next = nfa.step(nfaPositions(i), left, charClass);
            int level = threadLevel[i];
            int from = threadStart[i];
            if (next.length > 0) {
                threadPositions[kept] = next;
                threadStart[kept] = from;
                threadLevel[kept] = level;
                kept++;
            }
            if (nfa.matched()) {
                matchLevel = level;
                matchStart = from;
                break;
            }
        }
        for (int i = kept; i < n; i++) {
            threadPositions[i] = null;
        }
        threadCount = kept;
        if (matchLevel >= 0) {
            candidate(matchLevel, matchStart, s);
        }
        if (start) {
            int[] next = nfa.step(automaton.startPositions(), left, charClass);
            if (next.length > 0) {
                add(0, next, s, levelCount - 1);
            }
        }
        emitReady(sink);
    }

    /**
     * The match this regex is certain of and has not reported as final, as {@code {start, end}} (the span known
     * so far), or null: the level-0 candidate, or else a match ending at the end of the text received, whatever
     * char (or none) comes next. Called after an {@link #advance} to {@code known}.
     */
    int @Nullable [] certain(PortableRegex regex, char[] buf, int known) {
        int n = 0;
        while (n < threadCount && threadLevel[n] == 0) {
            n++;
        }
        if (n == 0) {
            return candStart[0] >= 0 ? new int[] {candStart[0], candEnd[0]} : null;
        }
        Dfa automaton = regex.dfa();
        Dfa.Cache cache = automaton.cache();
        boolean numbered = cache.generation() == generation;
        int[] bits = new int[n];
        if (simPos < known) {
            if (candStart[0] >= 0) {
                return new int[] {candStart[0], candEnd[0]};
            }
            // the scan waits for the literal scan to decide starts; a start not yet decided has no literal in the
            // text, so it cannot make a match there: the running threads are stepped ahead on copies
            int[] matched = numbered ? aheadOnStates(cache, buf, known, bits) : null;
            if (matched == null && (!numbered || bits[0] < 0)) {
                matched = aheadOnPositions(automaton, buf, known, bits);
            }
            if (matched != null) {
                return matched;
            }
        } else {
            int left = Dfa.leftContext(buf, known);
            for (int i = 0; i < n; i++) {
                bits[i] = numbered
                        ? cache.matchesBefore(threadState[i])
                        : automaton.matchesBefore(positions(automaton, i, buf), left);
            }
        }
        int continuations = 0;
        int start = -1;
        int endingHere = -1;
        for (int i = 0; i < n; i++) {
            if (bits[i] != 0 && start < 0) {
                start = threadStart[i];
            }
            if ((bits[i] & Dfa.BEFORE_END) != 0 && endingHere < 0) {
                endingHere = threadStart[i];
            }
            continuations |= bits[i];
        }
        // the span known so far: what the text would give if it ended here
        if (candStart[0] >= 0) {
            return endingHere >= 0 ? new int[] {endingHere, known} : new int[] {candStart[0], candEnd[0]};
        }
        if (continuations != Dfa.BEFORE_ANYTHING) {
            return null;
        }
        return new int[] {endingHere >= 0 ? endingHere : start, known};
    }

    /**
     * Steps copies of the first {@code bits.length} threads' states from {@link #simPos} to {@code known}: the span
     * of a match they find on the way, or null and each thread's {@link Dfa.Cache#matchesBefore} bits at
     * {@code known}; {@code bits[0] = -1} if the cache was retired on the way.
     */
    private int @Nullable [] aheadOnStates(Dfa.Cache cache, char[] buf, int known, int[] bits) {
        int[] ahead = Arrays.copyOf(threadState, bits.length);
        for (int p = simPos; p < known; p++) {
            int charClass = cache.classOf(buf[p]);
            for (int i = 0; i < ahead.length; i++) {
                if (ahead[i] == Dfa.DEAD) {
                    continue;
                }
                int t = cache.step(ahead[i], charClass);
                if (t == Dfa.RETIRED) {
                    bits[0] = -1;
                    return null;
                }
                if (Dfa.matchedBefore(t)) {
                    return new int[] {threadStart[i], p};
                }
                ahead[i] = Dfa.target(t);
            }
        }
        for (int i = 0; i < ahead.length; i++) {
            bits[i] = ahead[i] == Dfa.DEAD ? 0 : cache.matchesBefore(ahead[i]);
        }
        return null;
    }

    /** {@link #aheadOnStates} on NFA positions, for threads not numbered in the current cache. */
    private int @Nullable [] aheadOnPositions(Dfa automaton, char[] buf, int known, int[] bits) {
        int[][] ahead = new int[bits.length][];
        for (int i = 0; i < ahead.length; i++) {
            ahead[i] = positions(automaton, i, buf);
        }
        Dfa.Stepper nfa = automaton.stepper();
        for (int p = simPos; p < known; p++) {
            int left = Dfa.leftContext(buf, p);
            int charClass = automaton.classOf(buf[p]);
            nfa.beginChar();
            for (int i = 0; i < ahead.length; i++) {
                if (ahead[i].length > 0) {
                    ahead[i] = nfa.step(ahead[i], left, charClass);
                    if (nfa.matched()) {
                        return new int[] {threadStart[i], p};
                    }
                }
            }
        }
        int left = Dfa.leftContext(buf, known);
        for (int i = 0; i < ahead.length; i++) {
            bits[i] = ahead[i].length == 0 ? 0 : automaton.matchesBefore(ahead[i], left);
        }
        return null;
    }

    /** The smallest start of a thread or candidate still alive, or {@code bound} if none is smaller. */
    int aliveFrom(int bound) {
        int safe = bound;
        for (int i = 0; i < threadCount; i++) {
            safe = Math.min(safe, threadStart[i]);
        }
        for (int level = 0; level < levelCount; level++) {
            if (candStart[level] >= 0) {
                safe = Math.min(safe, candStart[level]);
            }
        }
        return safe;
    }

    /**
     * With a prefilter: the smallest start not yet known to be unable to match, whatever follows {@code known}. A
     * start before {@code known + 1 - window} would need a literal already seen, and has been decided; one whose
     * literal is still to come has only chars of the prefilter's lead from it to the end of the text, so it is in
     * the run of lead chars that ends the text, which begins at {@code leadRun}.
     */
    int undecidedFrom(int window, int known, int leadRun) {
        return Math.max(Math.max(simPos, known + 1 - window), Math.max(deadBefore, leadRun));
    }

    /**
     * The first start in {@code [from, to)} from which the automaton is still alive at {@code known}, else
     * {@code to}. Everything before {@code from} is excluded for good, and so is a start found dead: the search
     * resumes where the last one stopped, and goes on stepping the start it found alive rather than rereading its
     * text. This memo is not part of the state: a copy or a restored scan starts without it.
     */
    int earliestLiveStart(Dfa automaton, char[] buf, int from, int to, int known, ScanBudget budget) {
        Dfa.Cache cache = automaton.cache();
        long work = 0;
        int s = Math.max(from, deadBefore);
        try {
            while (s < to) {
                int left = Dfa.leftContext(buf, s);
                if (!automaton.canStart(left, automaton.classOf(buf[s]))) {
                    s++;
                    continue;
                }
                boolean resume = probeStart == s && probeGeneration == cache.generation() && probePos <= known;
                int state = resume ? probeState : cache.initial(left);
                int p = resume ? probePos : s;
                while (p < known && state != Dfa.DEAD) {
                    int t = cache.step(state, cache.classOf(buf[p++]));
                    work++;
                    if (t == Dfa.RETIRED || Dfa.matchedBefore(t)) {
                        probeStart = -1;
                        return s;
                    }
                    state = Dfa.target(t);
                }
                if (state != Dfa.DEAD) {
                    probeStart = s;
                    probeState = state;
                    probePos = known;
                    probeGeneration = cache.generation();
                    return s;
                }
                s++;
            }
            return to;
        } finally {
            deadBefore = s;
            budget.spend(work);
        }
    }

    /** Whether a match could start at {@code s} at all, whatever the prefilter says. */
    private static boolean canStart(Dfa automaton, char[] buf, int s) {
        return automaton.canStart(Dfa.leftContext(buf, s), automaton.classOf(buf[s]));
    }

    /** A thread of {@code level} matched {@code [start, end)}: it is that level's best candidate. */
    private void candidate(int level, int start, int end) {
        candStart[level] = start;
        candEnd[level] = end;
        levelCount = level + 2;
        if (candStart.length < levelCount) {
            candStart = Arrays.copyOf(candStart, levelCount * 2);
            candEnd = Arrays.copyOf(candEnd, levelCount * 2);
        }
        candStart[level + 1] = -1;
        candEnd[level + 1] = 0;
    }

    private void add(int state, int @Nullable [] positions, int start, int level) {
        if (threadCount == threadState.length) {
            threadState = Arrays.copyOf(threadState, threadCount * 2);
            threadStart = Arrays.copyOf(threadStart, threadCount * 2);
            threadLevel = Arrays.copyOf(threadLevel, threadCount * 2);
        }
        if (threadCount >= threadPositions.length) {
            threadPositions = Arrays.copyOf(threadPositions, threadState.length);
        }
        threadState[threadCount] = state;
        threadPositions[threadCount] = positions;
        threadStart[threadCount] = start;
        threadLevel[threadCount] = level;
        threadCount++;
    }

    private void emitReady(Sink sink) {
        while (candStart[0] >= 0 && (threadCount == 0 || threadLevel[0] != 0)) {
            sink.match(candStart[0], candEnd[0]);
            System.arraycopy(candStart, 1, candStart, 0, levelCount - 1);
            System.arraycopy(candEnd, 1, candEnd, 0, levelCount - 1);
            levelCount--;
            candStart[levelCount] = -1;
            for (int i = 0; i < threadCount; i++) {
                threadLevel[i]--;
            }
        }
    }

    private void atEnd(Sink sink) {
        Arrays.fill(threadPositions, 0, threadCount, null);
        threadCount = 0;
        for (int level = 0; level < levelCount; level++) {
            if (candStart[level] >= 0) {
                sink.match(candStart[level], candEnd[level]);
            }
        }
        levelCount = 1;
        candStart[0] = -1;
    }

    /**
     * The state as ints: positions, candidates, and per thread its start, level and NFA positions (as gaps; -1
     * for a thread whose positions are still to be recomputed).
     */
    int[] save() {
        int size = 4 + 2 * intervalCount + 2 * levelCount + 3 * threadCount;
        for (int k = 0; k < threadCount; k++) {
            int[] p = threadPositions[k];
            size += p == null ? 0 : p.length;
        }
        int[] s = new int[size];
        int i = 0;
        s[i++] = simPos;
        s[i++] = intervalCount;
        for (int k = 0; k < 2 * intervalCount; k++) {
            s[i++] = intervals[k];
        }
        s[i++] = levelCount;
        for (int k = 0; k < levelCount; k++) {
            s[i++] = candStart[k];
            s[i++] = candEnd[k];
        }
        s[i++] = threadCount;
        for (int k = 0; k < threadCount; k++) {
            s[i++] = threadStart[k];
            s[i++] = threadLevel[k];
            int[] p = threadPositions[k];
            if (p == null) {
                // read in the first format and not advanced since: still to be recomputed
                s[i++] = -1;
                continue;
            }
            s[i++] = p.length;
            int previous = 0;
            for (int position : p) {
                s[i++] = position - previous;
                previous = position;
            }
        }
        return s;
    }

    /** Reads {@link #save}; {@code withPositions} false for the first format, whose threads are recomputed. */
    static RegexScan restore(int[] s, boolean withPositions) throws IOException {
        try {
            RegexScan r = new RegexScan();
            int i = 0;
            r.simPos = s[i++];
            r.intervalCount = s[i++];
            r.intervals = new int[Math.max(4, 2 * r.intervalCount)];
            for (int k = 0; k < 2 * r.intervalCount; k++) {
                r.intervals[k] = s[i++];
            }
            r.levelCount = s[i++];
            r.candStart = new int[Math.max(2, r.levelCount + 1)];
            r.candEnd = new int[r.candStart.length];
            Arrays.fill(r.candStart, -1);
            for (int k = 0; k < r.levelCount; k++) {
                r.candStart[k] = s[i++];
                r.candEnd[k] = s[i++];
            }
            r.threadCount = s[i++];
            int cap = Math.max(4, r.threadCount);
            r.threadState = new int[cap];
            r.threadStart = new int[cap];
            r.threadLevel = new int[cap];
            r.threadPositions = new int[cap][];
            for (int k = 0; k < r.threadCount; k++) {
                r.threadStart[k] = s[i++];
                r.threadLevel[k] = s[i++];
                int count = withPositions ? s[i++] : -1;
                if (count < 0) {
                    continue;
                }
                int[] p = new int[count];
                int previous = 0;
                for (int j = 0; j < p.length; j++) {
                    previous += s[i++];
                    p[j] = previous;
                }
                r.threadPositions[k] = p;
            }
            if (i != s.length) {
                throw new IOException("corrupt scan state: regex state of unexpected length");
            }
            return r;
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IOException("corrupt scan state: truncated regex state");
        }
    }

    RegexScan copy() {
        RegexScan r = new RegexScan();
        r.simPos = simPos;
        r.intervals = Arrays.copyOf(intervals, Math.max(4, 2 * intervalCount));
        r.intervalCount = intervalCount;
        r.candStart = candStart.clone();
        r.candEnd = candEnd.clone();
        r.levelCount = levelCount;
        int cap = Math.max(4, threadCount);
        r.threadState = Arrays.copyOf(threadState, cap);
        r.threadStart = Arrays.copyOf(threadStart, cap);
        r.threadLevel = Arrays.copyOf(threadLevel, cap);
        r.threadPositions = threadCount == 0 ? NO_POSITIONS : Arrays.copyOf(threadPositions, cap);
        r.threadCount = threadCount;
        r.generation = generation;
        return r;
    }

    /** Scratch marks for deduplicating threads by DFA state within one step; never serialized. */
    static final class Marks {

        int[] array;

        private int epoch;

        /** Where the current advance last met a cleared cache, and how many clears in a row came too soon. */
        int clearedAt;

        int clearsInARow;

        /** The current advance's NFA stepper, if it steps the NFA. */
        Dfa.@Nullable Stepper stepper;

        /** Work of the current advance not counted in its loop. */
        long extraWork;

        void begin(Dfa.@Nullable Stepper nfa) {
            stepper = nfa;
            clearedAt = -1;
            clearsInARow = 0;
            extraWork = 0;
        }

        long takeWork() {
            long w = extraWork + (stepper == null ? 0 : stepper.takeWork());
            extraWork = 0;
            return w;
        }

        Marks(int size) {
            this.array = new int[size];
        }

        /** Room for {@code state}: the lazily built automaton gains states while it runs. */
        int[] grow(int state) {
            array = Arrays.copyOf(array, Math.max(state + 1, array.length * 2));
            return array;
        }

        int next() {
            if (++epoch == Integer.MAX_VALUE) {
                Arrays.fill(array, 0);
                epoch = 1;
            }
            return epoch;
        }

        boolean isMarked(int state) {
            return state < array.length && array[state] == epoch;
        }
    }
}
