package io.streamguard.engine.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.Corpus;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.gitleaks.GitleaksImporter;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.EngineLimits;
import io.streamguard.engine.scan.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeywordAutomatonMemoryTest {

    @AfterEach
    void restoreLimits() {
        EngineLimits.apply(EngineLimits.DEFAULTS);
    }

    /** The security tester's rule: 1,000 keywords of 200 random chars in U+4E00–U+55B7. */
    static List<String> cjkKeywords(int count, int length, long seed) {
        Random random = new Random(seed);
        Set<String> keywords = new HashSet<>();
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) (0x4E00 + random.nextInt(0x55B7 - 0x4E00 + 1));
            }
            String k = new String(chars);
            if (keywords.add(k)) {
                out.add(k);
            }
        }
        return out;
    }

    @Test
    void theTestersRuleCompilesWithinTheBudgetAndStillMatches() {
        List<String> keywords = cjkKeywords(1000, 200, 1);
        RuleSpec rule = RuleSpec.keyword("cjk", "cjk", keywords, false, false, Action.BLOCK);

        KeywordAutomaton.Size size = KeywordAutomaton.measure(keywords);
        // a full table would be about 200,001 states × 1,977 classes × 4 bytes = 1.6 GB
        assertThat(size.states()).isGreaterThan(190_000);
        assertThat(size.alphabet()).isGreaterThan(1900);
        assertThat(size.bytes()).isLessThanOrEqualTo(KeywordAutomaton.DEFAULT_MAX_BYTES);
        assertThat(size.denseStates()).isLessThan(size.states());
        assertThat(RuleSetCompiler.keywordAutomatonProblems(List.of(rule))).isEmpty();

        CompiledRuleSet set = RuleSetCompiler.compile(1, List.of(rule));
        assertThat(set.literalBytes())
                .isEqualTo(size.bytes())
                .isLessThanOrEqualTo(KeywordAutomaton.DEFAULT_DENSE_BYTES + 16L * 1024 * 1024);
        String text = "前言" + keywords.get(500).substring(0, 150) + keywords.get(500) + "后记" + keywords.get(999);
        List<Violation> found = set.check(text);
        int first = 2 + 150;
        assertThat(found)
                .extracting(Violation::start, Violation::end)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first, first + 200),
                        org.assertj.core.groups.Tuple.tuple(first + 202, first + 402));
    }

    @Test
    void beyondTheBudgetTheRuleSetIsRefusedWithItsSizeAndWhatToChange() {
        EngineLimits d = EngineLimits.DEFAULTS;
        EngineLimits.apply(new EngineLimits(
                d.workPerScan(),
                d.automatonBytesPerPattern(),
                d.automatonStatesPerPattern(),
                d.automatonBytesPerNode(),
                1L << 20,
                4L << 20));
        RuleSpec rule = RuleSpec.keyword("cjk", "cjk", cjkKeywords(1000, 200, 1), false, false, Action.BLOCK);

        assertThat(RuleSetCompiler.keywordAutomatonProblems(List.of(rule)))
                .singleElement()
                .satisfies(p -> assertThat(p)
                        .contains(
                                "keyword automaton of ",
                                " MiB (",
                                "states over",
                                "more than the 4.0 MiB allowed",
                                "use fewer or shorter keywords"));
        // two rules that each fit are refused together: they share one automaton
        RuleSpec half = RuleSpec.keyword("a", "a", cjkKeywords(200, 200, 2), false, false, Action.BLOCK);
        RuleSpec other = RuleSpec.keyword("b", "b", cjkKeywords(200, 200, 3), false, false, Action.BLOCK);
        assertThat(RuleSetCompiler.keywordAutomatonProblems(List.of(half))).isEmpty();
        assertThat(RuleSetCompiler.keywordAutomatonProblems(List.of(half, other)))
                .isEmpty();
        RuleSpec more = RuleSpec.keyword("c", "c", cjkKeywords(400, 200, 4), false, false, Action.BLOCK);
        assertThat(RuleSetCompiler.keywordAutomatonProblems(List.of(more))).isEmpty();
        assertThat(RuleSetCompiler.keywordAutomatonProblems(List.of(half, other, more)))
                .hasSize(1);
    }

    @Test
    void theRealisticRuleSetKeepsItsFullTable() {
        List<RuleSpec> rules = new ArrayList<>();
        rules.add(RuleSpec.keyword("bad-words", "bad words", Corpus.badWords(), false, true, Action.WARN));
        rules.addAll(GitleaksImporter.parse(Corpus.gitleaksToml()).accepted());
        assertThat(RuleSetCompiler.keywordAutomatonProblems(rules)).isEmpty();
        CompiledRuleSet set = RuleSetCompiler.compile(1, rules);
        KeywordAutomaton literals = set.literalAutomaton();
        assertThat(literals.denseStates()).isEqualTo(literals.stateCount());
        assertThat(literals.tableBytes()).isLessThan(KeywordAutomaton.DEFAULT_DENSE_BYTES);
    }

    @Test
    void tenThousandRealisticKeywordsFit() {
        Random random = new Random(7);
        Set<String> words = new HashSet<>();
        while (words.size() < 10_000) {
            StringBuilder w = new StringBuilder();
            int length = 4 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words.add(w.toString());
        }
        List<String> list = List.copyOf(words);
        RuleSpec rule = RuleSpec.keyword("big", "big", list, false, true, Action.WARN);
        assertThat(RuleSetCompiler.keywordAutomatonProblems(List.of(rule))).isEmpty();
        KeywordAutomaton automaton = KeywordAutomaton.build(list);
        assertThat(automaton.denseStates()).isEqualTo(automaton.stateCount());
        assertThat(automaton.tableBytes()).isLessThan(KeywordAutomaton.DEFAULT_DENSE_BYTES);
    }

    @Test
    void sparseStatesFindExactlyWhatAFullTableFinds() {
        List<String> entries = new ArrayList<>(cjkKeywords(300, 40, 5));
        Random random = new Random(9);
        // shared prefixes and suffixes, so that failure links run deep
        for (int i = 0; i < 300; i++) {
            String a = entries.get(random.nextInt(300));
            entries.add(a.substring(0, 1 + random.nextInt(39))
                    + entries.get(random.nextInt(300)).substring(20));
            entries.add(a.substring(random.nextInt(39)));
        }
        KeywordAutomaton sparse = KeywordAutomaton.build(entries);
        assertThat(sparse.denseStates()).isLessThan(sparse.stateCount() / 10);
        StringBuilder text = new StringBuilder();
        while (text.length() < 200_000) {
            String e = entries.get(random.nextInt(entries.size()));
            text.append(e, random.nextInt(e.length()), e.length());
            text.append((char) (0x4E00 + random.nextInt(50)));
        }
        char[] buf = text.toString().toCharArray();
        byte[] work = new byte[sparse.stateCount()];
        java.util.Arrays.fill(work, (byte) 1);
        Set<Long> hits = new HashSet<>();
        KeywordAutomaton.Hits none = new KeywordAutomaton.Hits() {
            @Override
            public void reached(int state, int end) {}

            @Override
            public void next(int state, int end) {}
        };
        sparse.run(0, false, buf, 0, buf.length, work, new KeywordAutomaton.Hits() {
            @Override
            public void reached(int state, int end) {
                for (int i = sparse.outputsFrom(state); i < sparse.outputsTo(state); i++) {
                    hits.add((long) sparse.output(i) << 32 | end);
                }
            }

            @Override
            public void next(int state, int end) {}
        });
        Set<Long> expected = new HashSet<>();
        for (int e = 0; e < entries.size(); e++) {
            String entry = entries.get(e);
            for (int at = text.indexOf(entry); at >= 0; at = text.indexOf(entry, at + 1)) {
                expected.add((long) e << 32 | (at + entry.length()));
            }
        }
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(hits).isEqualTo(expected);
        int s = 0;
        for (char c : buf) {
            s = sparse.step(s, c);
        }
        assertThat(s).isEqualTo(sparse.run(0, false, buf, 0, buf.length, new byte[sparse.stateCount()], none));
    }
}
