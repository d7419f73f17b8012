package io.streamguard.engine.scan;

import io.streamguard.engine.keyword.KeywordAutomaton;
import io.streamguard.engine.keyword.WordBoundary;
import io.streamguard.engine.regex.CharSet;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.regex.Prefilter;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The immutable, shared part of a compiled rule set: one literal automaton for every keyword, every regex
 * prefilter literal and every secret near-keyword, one automaton per regex rule, and the list of
 * detectors. Built once per rule-set version by {@link CompiledRuleSet}; {@link StreamScan} holds the
 * per-stream part.
 */
final class ScanProgram {

    /** What an entry of the literal automaton stands for. */
    enum EntryKind {
        /** A keyword of a keyword rule. */
        KEYWORD,
        /** A literal of a regex's prefilter. */
        LITERAL,
        /** A near keyword of a secret detector. */
        NEAR
    }

    /**
     * One entry of the literal automaton: {@code target} is the rule index of a keyword, the regex slot of a
     * literal, the detector slot of a near keyword; {@code exact} is a case-sensitive keyword as written;
     * {@code lookahead} says its whole-word check needs the char after it.
     */
    record Entry(
            EntryKind kind,
            int target,
            int length,
            @Nullable String exact,
            boolean wholeWord,
            boolean lookahead) {}

    /** A set of chars with a table for ASCII: asked for chars of the text, mostly ASCII. */
    record Chars(CharSet set, boolean[] ascii) {

        static final Chars NONE = of(CharSet.EMPTY);

        static Chars of(CharSet set) {
            boolean[] ascii = new boolean[128];
            for (char c = 0; c < 128; c++) {
                ascii[c] = set.contains(c);
            }
            return new Chars(set, ascii);
        }

        boolean contains(char c) {
            return c < 128 ? ascii[c] : set.contains(c);
        }
    }

    /**
     * A regex rule: its index among the rules, its automaton, its prefilter's window (-1: none) and lead
     * ({@link Chars#NONE} without one), and the index of the {@link Lead} it shares.
     */
    record RegexSlot(int rule, PortableRegex regex, int window, Chars lead, int sharedLead) {}

    /** A built-in detector rule. */
    record DetectorSlot(int rule, RuleKind kind) {}

    /**
     * The chars a prefilter's match can hold before its literal ends, shared by the regexes whose prefilters have
     * it, and the largest of their windows. {@link #leads} are ordered by how many regexes share them, most first.
     */
    record Lead(Chars chars, int[] regexes, int window) {

        boolean contains(char c) {
            return chars.contains(c);
        }
    }

    final List<RuleSpec> rules;

    final KeywordAutomaton literals;

    /** Per automaton state: bit 0 has work on reaching it, bit 1 has work once the next char is known. */
    final byte[] work;

    final Entry[] entries;

    final RegexSlot[] regexes;

    final DetectorSlot[] detectors;

    final Lead[] leads;

    /** Per ASCII char, the indexes in {@link #leads} of the leads that hold it, in the order of the leads. */
    private final int[][] leadsWithAscii;

    final StartFilter starts;

    private final int[] allLeads;

    private ScanProgram(
            List<RuleSpec> rules,
            KeywordAutomaton literals,
            byte[] work,
            Entry[] entries,
            RegexSlot[] regexes,
            DetectorSlot[] detectors,
            Lead[] leads) {
        this.rules = rules;
        this.literals = literals;
        this.work = work;
        this.entries = entries;
        this.regexes = regexes;
        this.detectors = detectors;
        this.leads = leads;
        this.allLeads = new int[leads.length];
        for (int l = 0; l < leads.length; l++) {
            allLeads[l] = l;
        }
        this.leadsWithAscii = new int[128][];
        for (char c = 0; c < 128; c++) {
            char ch = c;
            leadsWithAscii[c] = java.util.stream.IntStream.range(0, leads.length)
                    .filter(l -> leads[l].chars().ascii()[ch])
                    .toArray();
        }
        this.starts = new StartFilter(regexes);
    }

    /** The indexes of the leads that may hold {@code c}, in the order of {@link #leads}. */
    int[] leadsWith(char c) {
        return c < 128 ? leadsWithAscii[c] : allLeads;
    }

    /**
     * Builds the program; {@code regexes.get(i)} is the compiled pattern of rule {@code i} when that rule
     * is a regex, and ignored otherwise. The rules must be valid.
     */
    static ScanProgram build(List<RuleSpec> rules, List<@Nullable PortableRegex> regexes) {
        return Objects.requireNonNull(build(rules, regexes, false).program);
    }

    /**
     * The size of the one literal automaton these rules need (their keywords, their regexes' prefilter
     * literals and their secret near keywords), measured without building its tables.
     */
    static KeywordAutomaton.Size literalAutomatonSize(List<RuleSpec> rules, List<@Nullable PortableRegex> regexes) {
        return Objects.requireNonNull(build(rules, regexes, true).size);
    }

    private record Built(@Nullable ScanProgram program, KeywordAutomaton.@Nullable Size size) {}

    /** An entry before the automaton gives its length. */
    private record Draft(
            String text,
            EntryKind kind,
            int target,
            @Nullable String exact,
            boolean wholeWord,
            boolean lookahead) {}

    private static Built build(List<RuleSpec> rules, List<@Nullable PortableRegex> regexes, boolean measureOnly) {
        List<Draft> drafts = new ArrayList<>();
        List<RegexSlot> regexSlots = new ArrayList<>();
        List<DetectorSlot> detectorSlots = new ArrayList<>();
        List<CharSet> leadSets = new ArrayList<>();
        List<java.util.BitSet> leadAsciiKeys = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            RuleSpec rule = rules.get(r);
            switch (rule.kind()) {
                case KEYWORD -> {
                    Set<String> distinct = new LinkedHashSet<>();
                    for (String keyword : rule.keywords()) {
                        distinct.add(rule.caseSensitive() ? keyword : KeywordAutomaton.fold(keyword));
                    }
                    for (String keyword : distinct) {
                        drafts.add(new Draft(
                                keyword,
                                EntryKind.KEYWORD,
                                r,
                                rule.caseSensitive() ? keyword : null,
                                rule.wholeWord(),
                                rule.wholeWord() && WordBoundary.endNeedsLookahead(keyword)));
                    }
                }
                case REGEX -> {
                    PortableRegex regex = Objects.requireNonNull(regexes.get(r));
                    Prefilter prefilter = regex.prefilter();
                    int lead = -1;
                    if (prefilter != null) {
                        // regexes whose leads agree on holding a space, a letter and a line break share one, the
                        // union of theirs: a wider lead only lets the automaton be asked from a lower start (where
                        // the memo of dead starts makes it cheap), and few leads are few checks per update
                        lead = leadAsciiKeys.indexOf(asciiKey(prefilter.lead()));
                        if (lead < 0) {
                            lead = leadSets.size();
                            leadSets.add(prefilter.lead());
                            leadAsciiKeys.add(asciiKey(prefilter.lead()));
                        } else {
                            leadSets.set(lead, leadSets.get(lead).union(prefilter.lead()));
                        }
                        for (String literal : prefilter.literals()) {
                            drafts.add(new Draft(literal, EntryKind.LITERAL, regexSlots.size(), null, false, false));
                        }
                    }
                    regexSlots.add(
                            prefilter == null
                                    ? new RegexSlot(r, regex, -1, Chars.NONE, -1)
                                    : new RegexSlot(r, regex, prefilter.window(), Chars.of(prefilter.lead()), lead));
                }
                case CREDIT_CARD, IBAN, SECRET -> {
                    if (rule.kind() == RuleKind.SECRET) {
                        for (String keyword : new LinkedHashSet<>(rule.secretKeywords().stream()
                                .map(KeywordAutomaton::fold)
                                .toList())) {
                            drafts.add(new Draft(keyword, EntryKind.NEAR, detectorSlots.size(), null, false, false));
                        }
                    }
                    detectorSlots.add(new DetectorSlot(r, rule.kind()));
                }
            }
        }
        List<String> texts = drafts.stream().map(Draft::text).toList();
        if (measureOnly) {
            return new Built(null, KeywordAutomaton.measure(texts));
        }
        boolean[] held = new boolean[drafts.size()];
        for (int e = 0; e < held.length; e++) {
            // a partial keyword holds text back; partial literals and near words do not (their regexes and
            // detectors say what they hold back)
            held[e] = drafts.get(e).kind() == EntryKind.KEYWORD;
        }
        KeywordAutomaton automaton = KeywordAutomaton.build(texts, held);
        Entry[] entries = new Entry[drafts.size()];
        for (int e = 0; e < entries.length; e++) {
            Draft d = drafts.get(e);
            entries[e] =
                    new Entry(d.kind(), d.target(), automaton.entryLength(e), d.exact(), d.wholeWord(), d.lookahead());
        }
        byte[] work = new byte[automaton.stateCount()];
        for (int s = 0; s < work.length; s++) {
            for (int i = automaton.outputsFrom(s); i < automaton.outputsTo(s); i++) {
                work[s] |= (byte) (entries[automaton.output(i)].lookahead() ? 2 : 1);
            }
        }
        return new Built(
                new ScanProgram(
                        List.copyOf(rules),
                        automaton,
                        work,
                        entries,
                        regexSlots.toArray(RegexSlot[]::new),
                        detectorSlots.toArray(DetectorSlot[]::new),
                        leads(leadSets, regexSlots)),
                null);
    }

    /** What decides which regexes share a lead: whether it holds a space, a letter, a line break. */
    private static java.util.BitSet asciiKey(CharSet set) {
        java.util.BitSet key = new java.util.BitSet(4);
        key.set(0, set.contains(' '));
        key.set(1, set.contains('a'));
        key.set(2, set.contains('\n'));
        return key;
    }

    private static Lead[] leads(List<CharSet> sets, List<RegexSlot> regexSlots) {
        Lead[] leads = new Lead[sets.size()];
        for (int l = 0; l < leads.length; l++) {
            List<Integer> slots = new ArrayList<>();
            int window = 0;
            for (int r = 0; r < regexSlots.size(); r++) {
                if (regexSlots.get(r).sharedLead() == l) {
                    slots.add(r);
                    window = Math.max(window, regexSlots.get(r).window());
                }
            }
            leads[l] = new Lead(
                    Chars.of(sets.get(l)),
                    slots.stream().mapToInt(Integer::intValue).toArray(),
                    window);
        }
        // the leads shared by most regexes first (gitleaks' generic prefix): one of theirs is usually alive from the
        // start of the current word, which lowers the safe offset before the others are asked
        java.util.Arrays.sort(
                leads,
                java.util.Comparator.comparingInt((Lead lead) -> lead.regexes().length)
                        .reversed());
        return leads;
    }

    int literalStates() {
        return literals.stateCount();
    }

    /** Bytes of the literal automaton's tables. */
    long literalBytes() {
        return literals.tableBytes();
    }

    int regexCount() {
        return regexes.length;
    }

    int prefilteredRegexCount() {
        int n = 0;
        for (RegexSlot slot : regexes) {
            if (slot.window() >= 0) {
                n++;
            }
        }
        return n;
    }
}
