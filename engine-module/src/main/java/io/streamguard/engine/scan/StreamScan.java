package io.streamguard.engine.scan;

import io.streamguard.engine.detect.DetectorScan;
import io.streamguard.engine.detect.SecretScan;
import io.streamguard.engine.detect.Sink;
import io.streamguard.engine.keyword.KeywordAutomaton;
import io.streamguard.engine.keyword.WordBoundary;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The scan state of one stream: the content seen so far, the matcher states carried across updates,
 * checkpoints for rewrites, the violations found, and the sticky action. Not thread-safe: the caller
 * serialises access (one stream, one owner).
 *
 * <p>The laws (docs/engine.md): for any way of feeding a text as updates (appends, rewrites of earlier text,
 * re-sends), the violations after {@link #finish} equal {@link CompiledRuleSet#check} of the final text, and
 * every one of them was reported exactly once, in {@link ScanUpdate#newViolations()} or as the current span of
 * a {@link ScanUpdate#revised()} one, less those later {@link ScanUpdate#withdrawn()}. A violation is reported
 * in the update in which it becomes certain (it lies in the text whatever follows), with the span known so
 * far; {@link ScanUpdate#safeOffset()} says before which offset nothing can change any more.
 *
 * <p>Every violation remembers the content length whose scan reported it; since a matcher only ever reads
 * chars before that length, a rewrite at char {@code p} restores the last checkpoint {@code c <= p}, keeps the
 * violations reported at or before {@code c}, and rescans from {@code c}: the result is exactly that of a
 * fresh scan. Appending costs time proportional to the appended text only.
 */
public final class StreamScan {

    /** Checkpoints are taken every this many chars at first. */
    public static final int CHECKPOINT_INTERVAL = 4096;

    /** When more would be kept, every other one is dropped and the interval doubles. */
    public static final int MAX_CHECKPOINTS = 64;

    static final int FINISH = Integer.MAX_VALUE;

    /** 2: threads carry their NFA positions; 1 (still read): threads are recomputed from their starts. */
    static final byte FORMAT = 3;

    final long ruleSetVersion;

    char[] buf;

    int length;

    MatchState state;

    int[] checkpointAt = new int[4];

    /** The matcher states at {@link #checkpointAt}; the slots from {@link #checkpointCount} on are cleared. */
    @Nullable
    MatchState[] checkpoints = new @Nullable MatchState[4];

    int checkpointCount;

    int checkpointInterval;

    /** Found matches as {@code (rule, start, end, reportedAt)}, in the order reported. */
    final Findings found = new Findings();

    final Map<Integer, RuleRef> ruleRefs;

    Action action = Action.ALLOW;

    int blockedAt = -1;

    boolean finished;

    /**
     * Violations reported as certain whose span is not final yet, as {@code (rule, start, end)} triples: a regex
     * match that may still grow, or that an earlier start may still replace. Replaced, never changed in place.
     */
    int[] shown = NONE;

    /** {@link #shown} as reported, excerpts taken from the content of that time. */
    List<Violation> shownViolations = List.of();

    static final int[] NONE = new int[0];

    /** Read from a state written before leftmost-first matching: the matchers are rebuilt by the next call. */
    boolean rebuild;

    private RegexScan.@Nullable Marks marks;

    /** Scratch for {@link #skipNonStarts}: the first start of each regex its filter covers. */
    private int @Nullable [] firstStarts;

    /** What a call must give back if it fails: open while a call runs. */
    private final Undo undo = new Undo();

    /** The work the current call may still do. */
    private final ScanBudget budget = new ScanBudget();

    /** The work the last call did (for tests and measurements). */
    long lastCallWork;

    record RuleRef(String id, String name, Action action) {}

    StreamScan(long ruleSetVersion, char[] buf, int length, MatchState state, Map<Integer, RuleRef> ruleRefs) {
        this.ruleSetVersion = ruleSetVersion;
        this.buf = buf;
        this.length = length;
        this.state = state;
        this.ruleRefs = ruleRefs;
    }

    /** A fresh scan for {@code rules}; {@link CompiledRuleSet#newScan()} says the same. */
    public static StreamScan start(CompiledRuleSet rules) {
        return start(rules, CHECKPOINT_INTERVAL);
    }

    /**
     * A fresh scan that checkpoints every {@code checkpointInterval} chars: smaller means cheaper rewrites
     * and more state; the default suits streams of up to 256K chars.
     */
    public static StreamScan start(CompiledRuleSet rules, int checkpointInterval) {
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpoint interval must be positive: " + checkpointInterval);
        }
        StreamScan scan =
                new StreamScan(rules.version(), new char[256], 0, MatchState.initial(rules.program()), new TreeMap<>());
        scan.checkpointInterval = checkpointInterval;
        return scan;
    }

    public int position() {
        return length;
    }

    public String content() {
        return new String(buf, 0, length);
    }

    public long ruleSetVersion() {
        return ruleSetVersion;
    }

    /** The most severe action ever reported on this stream; once BLOCK, always BLOCK. */
    public Action action() {
        return action;
    }

    /** The content length at the update that first made the action BLOCK, or -1. */
    public int blockedAt() {
        return blockedAt;
    }

    public boolean isFinished() {
        return finished;
    }

    /**
     * The violations reported so far and not withdrawn, each with its span as last reported, sorted by start,
     * then rule id. After {@link #finish} every span is final and the list equals the full check of the content.
     */
    public List<Violation> violations() {
        List<Violation> out = new ArrayList<>(found.size() + shown.length / 3);
        for (int i = 0; i < found.size(); i++) {
            out.add(violation(i));
        }
        out.addAll(shownViolations);
        out.sort(ORDER);
        return out;
    }

    private static final Comparator<Violation> ORDER = Comparator.comparingInt(Violation::start)
            .thenComparing(Violation::ruleId)
            .thenComparingInt(Violation::end);

    /**
     * The content form: {@code content} is the whole text so far. Appended text is scanned alone; a text that
     * no longer starts with what was seen is rescanned from the last checkpoint before the first changed char.
     */
    public ScanUpdate update(CompiledRuleSet rules, String content) {
        return update(rules, content, EngineLimits.current().workPerScan());
    }

    /**
     * {@link #update(CompiledRuleSet, String)} within {@code workBudget} steps ({@code Long.MAX_VALUE}: no limit).
     *
     * @throws ScanBudgetExceededException if the budget runs out; the scan is then as it was before the call
     */
    public ScanUpdate update(CompiledRuleSet rules, String content, long workBudget) {
        ScanProgram program = programOf(rules);
        begin(workBudget);
        try {
            return report(program, updateNow(program, content));
        } catch (ScanBudgetExceededException e) {
            rollBack(program);
            throw e;
        } finally {
            end();
        }
    }

    private Change updateNow(ScanProgram program, String content) {
        int n = content.length();
        int common = rebuild ? 0 : commonPrefix(content);
        rebuild = false;
        if (common == length && n == length) {
            return Change.NONE;
        }
        if (common == length) {
            return change(length, () -> append(program, content, length, n));
        }
        int k = checkpointCount - 1;
        while (k >= 0 && checkpointAt[k] > common) {
            k--;
        }
        int checkpoint = k;
        int restored = k >= 0 ? checkpointAt[k] : 0;
        return change(restored, () -> {
            restore(program, checkpoint);
            append(program, content, restored, n);
        });
    }

    /** The delta form: {@code delta} is appended at {@code position}, which must be {@link #position()}. */
    public ScanUpdate append(CompiledRuleSet rules, int position, String delta) {
        return append(rules, position, delta, EngineLimits.current().workPerScan());
    }

    /**
     * {@link #append(CompiledRuleSet, int, String)} within {@code workBudget} steps ({@code Long.MAX_VALUE}: no
     * limit).
     *
     * @throws ScanBudgetExceededException if the budget runs out; the scan is then as it was before the call
     */
    public ScanUpdate append(CompiledRuleSet rules, int position, String delta, long workBudget) {
        ScanProgram program = programOf(rules);
        if (position != length) {
            throw new PositionMismatchException(length, position);
        }
        begin(workBudget);
        try {
            if (rebuild) {
                return report(program, updateNow(program, content() + delta));
            }
            if (delta.isEmpty()) {
                return report(program, Change.NONE);
            }
            return report(program, change(length, () -> append(program, delta, 0, delta.length())));
        } catch (ScanBudgetExceededException e) {
            rollBack(program);
            throw e;
        } finally {
            end();
        }
    }

    /**
     * Declares the content complete: decides what was pending at its end (a keyword or token touching the end,
     * {@code $}, a greedy match still growing). Finishing twice changes nothing.
     * A later update reopens the stream: the end-of-text decisions are withdrawn unless found again.
     */
    public ScanUpdate finish(CompiledRuleSet rules) {
        return finish(rules, EngineLimits.current().workPerScan());
    }

    /**
     * {@link #finish(CompiledRuleSet)} within {@code workBudget} steps ({@code Long.MAX_VALUE}: no limit).
     *
     * @throws ScanBudgetExceededException if the budget runs out; the scan is then as it was before the call
     */
    public ScanUpdate finish(CompiledRuleSet rules, long workBudget) {
        ScanProgram program = programOf(rules);
        begin(workBudget);
        try {
            Change rebuilt = rebuild ? updateNow(program, content()) : Change.NONE;
            return report(program, finished ? rebuilt : rebuilt.and(finishNow(program)));
        } catch (ScanBudgetExceededException e) {
            rollBack(program);
            throw e;
        } finally {
            end();
        }
    }

    /**
     * The content form of an update and a finish as one call: both happen, or, when the budget runs out,
     * neither.
     *
     * @throws ScanBudgetExceededException if the budget runs out; the scan is then as it was before the call
     */
    public ScanUpdate finish(CompiledRuleSet rules, String finalContent, long workBudget) {
        ScanProgram program = programOf(rules);
        begin(workBudget);
        try {
            Change updated = updateNow(program, finalContent);
            return report(program, finished ? updated : updated.and(finishNow(program)));
        } catch (ScanBudgetExceededException e) {
            rollBack(program);
            throw e;
        } finally {
            end();
        }
    }

    private Change finishNow(ScanProgram program) {
        int before = found.size();
        MatchState end = state.copy();
        Collector collector = new Collector(program, FINISH);
        int la = end.literalState;
        if ((program.work[la] & 2) != 0) {
            KeywordAutomaton automaton = program.literals;
            for (int i = automaton.outputsFrom(la); i < automaton.outputsTo(la); i++) {
                int e = automaton.output(i);
                if (program.entries[e].lookahead() && keywordAt(program, e, length)) {
                    collector.add(program.entries[e].target(), length - program.entries[e].length(), length);
                }
            }
        }
        for (int d = 0; d < end.detectors.length; d++) {
            end.detectors[d].finish(buf, length, collector.sink(program.detectors[d].rule()));
        }
        for (int r = 0; r < end.regex.length; r++) {
            end.regex[r].advance(
                    program.regexes[r].regex(),
                    program.regexes[r].window(),
                    buf,
                    length,
                    true,
                    collector.sink(program.regexes[r].rule()),
                    marks(),
                    budget);
        }
        finished = true;
        List<Violation> added = new ArrayList<>();
        for (int i = before; i < found.size(); i++) {
            added.add(violation(i));
        }
        return new Change(added, List.of());
    }

    /*
     * Every public call runs between begin() and end(), and on running out of budget rolls back: it either
     * completes or leaves the scan as it was. Copying the matcher states before every call would cost more
     * than a small update, so the undo keeps only what is cheap (scalars, references, what a rewrite replaces
     * anyway) and, if a call that appended fails, rebuilds the matcher states from the last checkpoint, as a
     * rewrite would.
     */

    private void begin(long workBudget) {
        undo.open();
        budget.reset(workBudget);
    }

    private void end() {
        lastCallWork = budget.spent();
        undo.close();
        budget.reset(Long.MAX_VALUE);
    }

    private void rollBack(ScanProgram program) {
        Undo u = undo;
        u.open = false;
        budget.reset(Long.MAX_VALUE);
        if (u.content != null) {
            System.arraycopy(u.content, 0, buf, u.contentFrom, u.content.length);
        }
        length = u.length;
        checkpointAt = u.checkpointAt;
        checkpoints = u.checkpoints;
        for (int i = u.checkpointCount; i < checkpointCount && i < checkpoints.length; i++) {
            checkpoints[i] = null;
        }
        checkpointCount = u.checkpointCount;
        checkpointInterval = u.checkpointInterval;
        if (u.found != null) {
            found.restore(u.foundFrom, u.found, u.foundCount);
        } else {
            found.truncate(u.foundCount);
        }
        if (u.addedRefs != null) {
            for (int rule : u.addedRefs) {
                ruleRefs.remove(rule);
            }
        }
        action = u.action;
        blockedAt = u.blockedAt;
        finished = u.finished;
        shown = u.shown;
        shownViolations = u.shownViolations;
        rebuild = u.rebuild;
        if (u.state != null) {
            state = u.state;
            return;
        }
        // the matcher states were changed in place: rebuild them from the last checkpoint within the old text
        int k = checkpointCount - 1;
        while (k >= 0 && checkpointAt[k] > length) {
            k--;
        }
        state = k >= 0 ? checkpointState(k).copy() : MatchState.initial(program);
        int pos = k >= 0 ? checkpointAt[k] : 0;
        int keep = found.size();
        while (pos < length) {
            int segmentEnd = Math.min(length, (pos / checkpointInterval + 1) * checkpointInterval);
            scan(program, pos, segmentEnd);
            pos = segmentEnd;
        }
        // what the rebuild found was found before, and is already in the list
        found.truncate(keep);
    }

    /** What a call changes in a scan other than its matcher states, as it was before the call. */
    private final class Undo {

        boolean open;

        int length;

        int[] checkpointAt = new int[0];

        @Nullable
        MatchState[] checkpoints = new @Nullable MatchState[0];

        boolean checkpointsCopied;

        int checkpointCount;

        int checkpointInterval;

        int foundCount;

        int @Nullable [] found;

        int foundFrom;

        @Nullable
        List<Integer> addedRefs;

        Action action = Action.ALLOW;

        int blockedAt;

        boolean finished;

        int[] shown = NONE;

        List<Violation> shownViolations = List.of();

        boolean rebuild;

        char @Nullable [] content;

        int contentFrom;

        /** The matcher states, when the call replaced rather than changed them (a rewrite). */
        @Nullable
        MatchState state;

        void open() {
            open = true;
            length = StreamScan.this.length;
            checkpointAt = StreamScan.this.checkpointAt;
            checkpoints = StreamScan.this.checkpoints;
            checkpointsCopied = false;
            checkpointCount = StreamScan.this.checkpointCount;
            checkpointInterval = StreamScan.this.checkpointInterval;
            foundCount = StreamScan.this.found.size();
            action = StreamScan.this.action;
            blockedAt = StreamScan.this.blockedAt;
            finished = StreamScan.this.finished;
            shown = StreamScan.this.shown;
            shownViolations = StreamScan.this.shownViolations;
            rebuild = StreamScan.this.rebuild;
        }

        void close() {
            open = false;
            found = null;
            addedRefs = null;
            content = null;
            state = null;
        }

        void addedRef(int rule) {
            if (open) {
                if (addedRefs == null) {
                    addedRefs = new ArrayList<>(2);
                }
                addedRefs.add(rule);
            }
        }

        void keepState() {
            state = StreamScan.this.state;
            // restore() clears the checkpoints after the one it goes back to
            if (!checkpointsCopied) {
                checkpointAt = checkpointAt.clone();
                checkpoints = checkpoints.clone();
                checkpointsCopied = true;
            }
        }
    }

    private ScanProgram programOf(CompiledRuleSet rules) {
        if (rules.version() != ruleSetVersion) {
            throw new IllegalArgumentException(
                    "this stream was started with rule set " + ruleSetVersion + ", not " + rules.version());
        }
        return rules.program();
    }

    private int commonPrefix(String content) {
        int n = Math.min(length, content.length());
        for (int i = 0; i < n; i++) {
            if (buf[i] != content.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    /** Rolls back to checkpoint {@code k}, or to the start if {@code k < 0}. */
    private void restore(ScanProgram program, int k) {
        int from = k >= 0 ? checkpointAt[k] : 0;
        Undo u = undo;
        if (u.open && u.content == null) {
            u.content = Arrays.copyOfRange(buf, from, length);
            u.contentFrom = from;
            u.keepState();
        }
        length = from;
        state = k >= 0 ? checkpointState(k).copy() : MatchState.initial(program);
        for (int i = k + 1; i < checkpointCount; i++) {
            checkpoints[i] = null;
        }
        checkpointCount = k + 1;
    }

    /**
     * Runs {@code scan} after dropping the final violations found after {@code keepUpTo} (and those of a finish);
     * answers what it dropped and what it found.
     */
    private Change change(int keepUpTo, Runnable scan) {
        int keep = found.size();
        while (keep > 0 && found.foundAt(keep - 1) > keepUpTo) {
            keep--;
        }
        List<Violation> removed = new ArrayList<>();
        for (int i = keep; i < found.size(); i++) {
            removed.add(violation(i));
        }
        Undo u = undo;
        if (u.open && keep < found.size()) {
            u.found = found.copyFrom(keep);
            u.foundFrom = keep;
        }
        found.truncate(keep);
        finished = false;
        scan.run();
        List<Violation> added = new ArrayList<>();
        for (int i = keep; i < found.size(); i++) {
            added.add(violation(i));
        }
        return new Change(added, removed);
    }

    /** Final violations a call found and dropped. */
    private record Change(List<Violation> added, List<Violation> removed) {

        static final Change NONE = new Change(List.of(), List.of());

        Change and(Change next) {
            List<Violation> a = new ArrayList<>(added);
            a.addAll(next.added);
            List<Violation> r = new ArrayList<>(removed);
            r.addAll(next.removed);
            return new Change(a, r);
        }
    }

    /** A violation as the plugin knows it: a rewrite inside its span that changes its excerpt changes it. */
    private record Key(String ruleId, int start, int end, String excerpt) {

        static Key of(Violation v) {
            return new Key(v.ruleId(), v.start(), v.end(), v.excerpt());
        }
    }

    /**
     * What a call tells: the difference between the violations reported before it (final and not yet final) and
     * after it. A violation not yet final that is replaced by one of the same rule with another span is a
     * revision; everything else that appears is new, and everything that disappears (a rewrite) is withdrawn.
     */
    private ScanUpdate report(ScanProgram program, Change change) {
        List<Violation> wasShown = shownViolations;
        int[] before = shown;
        shown = finished ? NONE : certainNotFinal(program);
        if (change.added.isEmpty() && change.removed.isEmpty() && Arrays.equals(before, shown)) {
            // the common case: nothing found, nothing settled
            return new ScanUpdate(List.of(), List.of(), List.of(), length, safeOffset(program), action);
        }
        shownViolations = shownViolations();
        Map<Key, Violation> gone = new LinkedHashMap<>();
        change.removed.forEach(v -> gone.put(Key.of(v), v));
        wasShown.forEach(v -> gone.put(Key.of(v), v));
        Map<Key, Violation> fresh = new LinkedHashMap<>();
        change.added.forEach(v -> fresh.put(Key.of(v), v));
        shownViolations.forEach(v -> fresh.put(Key.of(v), v));
        Set<Key> both = new HashSet<>(gone.keySet());
        both.retainAll(fresh.keySet());
        gone.keySet().removeAll(both);
        fresh.keySet().removeAll(both);
        List<ScanUpdate.Revision> revised = new ArrayList<>();
        for (Violation previous : wasShown) {
            if (gone.remove(Key.of(previous)) == null) {
                continue;
            }
            Key successor = fresh.keySet().stream()
                    .filter(k -> k.ruleId().equals(previous.ruleId()))
                    .min(Comparator.comparingInt(Key::start))
                    .orElse(null);
            if (successor != null) {
                revised.add(new ScanUpdate.Revision(
                        previous, Objects.requireNonNull(fresh.remove(successor), "the successor is a key of fresh")));
            } else {
                gone.put(Key.of(previous), previous);
            }
        }
        List<Violation> newViolations = new ArrayList<>(fresh.values());
        newViolations.forEach(v -> raise(v.action()));
        revised.forEach(r -> raise(r.current().action()));
        List<Violation> withdrawn = new ArrayList<>(gone.values());
        newViolations.sort(ORDER);
        withdrawn.sort(ORDER);
        return new ScanUpdate(newViolations, withdrawn, revised, length, safeOffset(program), action);
    }

    /** The action only ever rises: a rewrite that removes a BLOCK violation does not unblock the stream. */
    private void raise(Action reported) {
        Action before = action;
        action = Action.mostSevere(action, reported);
        if (action == Action.BLOCK && before != Action.BLOCK) {
            blockedAt = length;
        }
    }

    List<Violation> shownViolations() {
        List<Violation> out = new ArrayList<>(shown.length / 3);
        for (int i = 0; i < shown.length; i += 3) {
            out.add(violation(shown[i], shown[i + 1], shown[i + 2]));
        }
        return List.copyOf(out);
    }

    /** Per regex rule, the match it is certain of and has not reported as final, as (rule, start, end) triples. */
    private int[] certainNotFinal(ScanProgram program) {
        int[] out = NONE;
        int n = 0;
        int active = state.activeCount(program);
        for (int i = 0; i < active; i++) {
            int r = state.active(i);
            int[] span = state.regex[r].certain(program.regexes[r].regex(), buf, length);
            if (span != null) {
                addRef(program, program.regexes[r].rule());
                if (n + 3 > out.length) {
                    out = Arrays.copyOf(out, Math.max(6, 2 * out.length));
                }
                out[n++] = program.regexes[r].rule();
                out[n++] = span[0];
                out[n++] = span[1];
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * The offset before which no char can become part of a violation, whatever text follows: the plugin may show
     * the text up to it. The content length when nothing is pending, and after {@link #finish}.
     */
    private int safeOffset(ScanProgram program) {
        if (finished) {
            return length;
        }
        int safe = length - program.literals.heldDepth(state.literalState);
        for (DetectorScan detector : state.detectors) {
            safe = Math.min(safe, detector.pendingFrom());
        }
        int active = state.activeCount(program);
        for (int i = 0; i < active; i++) {
            safe = state.regex[state.active(i)].aliveFrom(safe);
        }
        // starts that wait for a prefilter literal lie in the run of their lead's chars that ends the text; that
        // run reaches below safe only for a lead that holds the char before safe: those are asked, regex by regex,
        // and asked again from the new char whenever the safe offset drops
        int asked;
        do {
            asked = safe;
            for (int l : safe > 0 ? program.leadsWith(buf[safe - 1]) : NONE) {
                ScanProgram.Lead lead = program.leads[l];
                int floor = Math.max(length + 1 - lead.window(), 0);
                if (floor >= safe) {
                    continue;
                }
                int run = length;
                while (run > floor && lead.contains(buf[run - 1])) {
                    run--;
                }
                for (int i = 0; i < lead.regexes().length && run < safe; i++) {
                    int r = lead.regexes()[i];
                    ScanProgram.RegexSlot slot = program.regexes[r];
                    int from = state.regex[r].undecidedFrom(slot.window(), length, run);
                    // the shared lead is a union: the regex's own lead chars may end their run sooner
                    int ownRun = length;
                    while (ownRun > from && slot.lead().contains(buf[ownRun - 1])) {
                        ownRun--;
                    }
                    from = ownRun;
                    if (from < safe) {
                        safe = state.regex[r].earliestLiveStart(slot.regex().dfa(), buf, from, safe, length, budget);
                    }
                }
                if (safe < asked) {
                    break;
                }
            }
        } while (safe < asked);
        // never between the halves of a surrogate pair: a plugin would show half a character
        if (safe > 0 && safe < length && Character.isHighSurrogate(buf[safe - 1])) {
            safe--;
        }
        return Math.max(safe, 0);
    }

    /** Appends {@code text[from, to)} to the content and scans it, checkpoint by checkpoint. */
    private void append(ScanProgram program, String text, int from, int to) {
        int add = to - from;
        if (length + add > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(length + add, buf.length * 2));
        }
        text.getChars(from, to, buf, length);
        int end = length + add;
        int pos = length;
        length = end;
        while (pos < end) {
            int nextCheckpoint = (pos / checkpointInterval + 1) * checkpointInterval;
            int segmentEnd = Math.min(end, nextCheckpoint);
            scan(program, pos, segmentEnd);
            pos = segmentEnd;
            if (pos == nextCheckpoint) {
                checkpoint(pos);
            }
        }
    }

    MatchState checkpointState(int k) {
        return Objects.requireNonNull(checkpoints[k], "the checkpoints below checkpointCount are set");
    }

    private void checkpoint(int at) {
        if (checkpointCount == checkpointAt.length) {
            checkpointAt = Arrays.copyOf(checkpointAt, checkpointCount * 2);
            checkpoints = Arrays.copyOf(checkpoints, checkpointCount * 2);
        }
        checkpointAt[checkpointCount] = at;
        checkpoints[checkpointCount] = state.copy();
        checkpointCount++;
        if (checkpointCount > MAX_CHECKPOINTS) {
            Undo u = undo;
            if (u.open && !u.checkpointsCopied) {
                // thinning rewrites the arrays in place: the call's undo needs them as they were
                u.checkpointAt = u.checkpointAt.clone();
                u.checkpoints = u.checkpoints.clone();
                u.checkpointsCopied = true;
            }
            checkpointInterval *= 2;
            int kept = 0;
            for (int i = 0; i < checkpointCount; i++) {
                if (checkpointAt[i] % checkpointInterval == 0) {
                    checkpointAt[kept] = checkpointAt[i];
                    checkpoints[kept] = checkpoints[i];
                    kept++;
                }
            }
            for (int i = kept; i < checkpointCount; i++) {
                checkpoints[i] = null;
            }
            checkpointCount = kept;
        }
    }

    /** Scans {@code buf[from, to)}: literals first (they feed the regex prefilters), then detectors and regexes. */
    private void scan(ScanProgram program, int from, int to) {
        Collector collector = new Collector(program, to);
        LiteralHits hits = new LiteralHits(program, collector);
        int la = state.literalState;
        state.literalState = program.literals.run(la, (program.work[la] & 2) != 0, buf, from, to, program.work, hits);
        for (int d = 0; d < state.detectors.length; d++) {
            state.detectors[d].scan(buf, from, to, collector.sink(program.detectors[d].rule()));
        }
        budget.spend((long) (to - from) * (1 + state.detectors.length));
        skipNonStarts(program.starts, from, to);
        int active = state.activeCount(program);
        for (int i = 0; i < active; i++) {
            int r = state.active(i);
            if (state.regex[r].simPos >= to) {
                continue;
            }
            state.regex[r].advance(
                    program.regexes[r].regex(),
                    program.regexes[r].window(),
                    buf,
                    to,
                    false,
                    collector.sink(program.regexes[r].rule()),
                    marks(),
                    budget);
        }
        state.retire(program);
    }

    /** Moves each idle regex without a prefilter to where it may start next in {@code [from, to)}. */
    private void skipNonStarts(StartFilter filter, int from, int to) {
        if (filter.size() == 0) {
            return;
        }
        int[] first = firstStarts;
        if (first == null || first.length < filter.size()) {
            first = new int[filter.size()];
            firstStarts = first;
        }
        filter.firstStarts(buf, from, to, first);
        for (int bit = 0; bit < filter.size(); bit++) {
            state.regex[filter.slot(bit)].skipTo(from, first[bit]);
        }
    }

    private RegexScan.Marks marks() {
        RegexScan.Marks m = marks;
        if (m == null) {
            m = new RegexScan.Marks(256);
            marks = m;
        }
        return m;
    }

    /** Whether keyword entry {@code e} really occurs ending at {@code end}: exact case, a word boundary at its start. */
    private boolean keywordAt(ScanProgram program, int e, int end) {
        int start = end - program.entries[e].length();
        String exact = program.entries[e].exact();
        if (exact != null) {
            for (int i = 0; i < exact.length(); i++) {
                if (buf[start + i] != exact.charAt(i)) {
                    return false;
                }
            }
        }
        return !program.entries[e].wholeWord() || WordBoundary.isStart(buf, start, end);
    }

    private final class LiteralHits implements KeywordAutomaton.Hits {

        private final ScanProgram program;

        private final Collector collector;

        LiteralHits(ScanProgram program, Collector collector) {
            this.program = program;
            this.collector = collector;
        }

        @Override
        public void reached(int s, int end) {
            KeywordAutomaton automaton = program.literals;
            for (int i = automaton.outputsFrom(s); i < automaton.outputsTo(s); i++) {
                int e = automaton.output(i);
                ScanProgram.Entry entry = program.entries[e];
                switch (entry.kind()) {
                    case KEYWORD -> {
                        if (!entry.lookahead() && keywordAt(program, e, end)) {
                            collector.add(entry.target(), end - entry.length(), end);
                        }
                    }
                    case LITERAL -> {
                        state.regex[entry.target()].hit(end, program.regexes[entry.target()].window());
                        state.activate(program, entry.target());
                    }
                    case NEAR -> ((SecretScan) state.detectors[entry.target()]).near(end);
                }
            }
        }

        @Override
        public void next(int s, int end) {
            if (!WordBoundary.isEnd(buf, end)) {
                return;
            }
            KeywordAutomaton automaton = program.literals;
            for (int i = automaton.outputsFrom(s); i < automaton.outputsTo(s); i++) {
                int e = automaton.output(i);
                if (program.entries[e].lookahead() && keywordAt(program, e, end)) {
                    collector.add(program.entries[e].target(), end - program.entries[e].length(), end);
                }
            }
        }
    }

    /** Adds found matches, stamped with the content length whose scan found them. */
    private final class Collector {

        private final ScanProgram program;

        private final int reportedAt;

        Collector(ScanProgram program, int reportedAt) {
            this.program = program;
            this.reportedAt = reportedAt;
        }

        Sink sink(int rule) {
            return (start, end) -> add(rule, start, end);
        }

        void add(int rule, int start, int end) {
            found.add(rule, start, end, reportedAt);
            addRef(program, rule);
        }
    }

    private void addRef(ScanProgram program, int rule) {
        ruleRefs.computeIfAbsent(rule, r -> {
            undo.addedRef(r);
            RuleSpec spec = program.rules.get(r);
            return new RuleRef(spec.id(), spec.name(), spec.action());
        });
    }

    private Violation violation(int i) {
        return violation(found.rule(i), found.start(i), found.end(i));
    }

    private Violation violation(int rule, int start, int end) {
        RuleRef ref = Objects.requireNonNull(ruleRefs.get(rule), "a rule gets its reference when it is found");
        return new Violation(
                ref.id(),
                ref.name(),
                ref.action(),
                start,
                end,
                Violation.excerpt(java.nio.CharBuffer.wrap(buf, 0, length), start, end));
    }

    // ---- serialization (ScanFormat)

    public void writeTo(DataOutput out) throws IOException {
        ScanFormat.write(this, out);
    }

    public static StreamScan readFrom(DataInput in) throws IOException {
        return ScanFormat.read(in);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The serialized size of everything but the content: matcher states, checkpoints, violations. */
    public int stateBytesExcludingContent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ScanFormat.writeContent(this, new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return toBytes().length - bytes.size();
    }

    /** The serialized size of the matcher states alone, as carried from one update to the next. */
    public int matcherStateBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            state.writeTo(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }
}
