package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.regex.AutomatonMemory;
import io.streamguard.engine.regex.Dfa;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rule whose automaton explodes ({@code [ab]*a[ab]{999}} has 2^1000 DFA states) runs with its cache within
 * budget, clearing it and falling back to stepping the NFA; streams carry over clears; a call that runs out of
 * work ends with {@link ScanBudgetExceededException} and leaves the stream as it was.
 */
class BoundedAutomatonTest {

    private static final String EXPLOSIVE = "[ab]*a[ab]{999}";

    @AfterEach
    void defaultLimits() {
        EngineLimits.apply(EngineLimits.DEFAULTS);
    }

    private static CompiledRuleSet rule(String pattern) {
        return RuleSetCompiler.compile(1, List.of(RuleSpec.regex("r", "r", pattern, "", Action.BLOCK)));
    }

    private static Dfa automaton(CompiledRuleSet rules) {
        return rules.program().regexes[0].regex().dfa();
    }

    private static String randomAb(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextBoolean() ? 'a' : 'b');
        }
        return text.toString();
    }

    /** On a/b text the one match runs from 0 to 1000 chars after the last 'a' that has 999 chars after it. */
    private static List<String> expectedExplosiveMatches(String text) {
        int lastA = text.lastIndexOf('a', text.length() - 1000);
        return lastA < 0 ? List.of() : List.of("0-" + (lastA + 1000));
    }

    private static List<String> spans(List<Violation> violations) {
        return violations.stream().map(v -> v.start() + "-" + v.end()).toList();
    }

    private static List<String> javaSpans(String pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(pattern).matcher(text);
        while (m.find()) {
            out.add(m.start() + "-" + m.end());
        }
        return out;
    }

    @Test
    void anExplodingAutomatonAgreesWithJavaOnASampleJavaCanDo() {
        CompiledRuleSet rules = rule(EXPLOSIVE);
        for (long seed = 1; seed <= 3; seed++) {
            String text = randomAb(4000, seed);
            assertThat(spans(rules.check(text)))
                    .isEqualTo(javaSpans(EXPLOSIVE, text))
                    .hasSize(1);
        }
        String tooShort = randomAb(999, 9);
        assertThat(spans(rules.check(tooShort)))
                .isEqualTo(javaSpans(EXPLOSIVE, tooShort))
                .isEmpty();
    }

    @Test
    void anExplodingAutomatonOn100KCharsStaysWithinItsCacheBudget() {
        CompiledRuleSet rules = rule(EXPLOSIVE);
        Dfa dfa = automaton(rules);
        String text = randomAb(100_000, 42);
        assertThat(spans(rules.check(text)))
                .isEqualTo(expectedExplosiveMatches(text))
                .hasSize(1);
        assertThat(dfa.cachedStates()).isLessThanOrEqualTo(AutomatonMemory.statesPerPattern());
        assertThat(dfa.cachedBytes()).isLessThanOrEqualTo(AutomatonMemory.bytesPerPattern());
        assertThat(AutomatonMemory.usedBytes()).isLessThanOrEqualTo(AutomatonMemory.bytesPerNode());
        // the cache filled, was cleared, and the rule went on without it
        assertThat(dfa.clears()).isGreaterThan(0);
        assertThat(dfa.nfaOnly()).isTrue();
        // a text without an 'a' early enough has no match
        String late = "b".repeat(50_000) + randomAb(900, 3);
        assertThat(rules.check(late)).isEmpty();
    }

    @Test
    void theWorkOfAnExplodingAutomatonGrowsLinearlyWithTheText() {
        CompiledRuleSet rules = rule(EXPLOSIVE);
        rules.check(randomAb(5_000, 1)); // falls back to the NFA
        long small = workToCheck(rules, randomAb(20_000, 2));
        long large = workToCheck(rules, randomAb(100_000, 3));
        System.out.printf("work for %s: 20,000 chars %,d, 100,000 chars %,d%n", EXPLOSIVE, small, large);
        assertThat((double) large / small).isBetween(4.0, 6.0);
        assertThat(large).isLessThan(EngineLimits.DEFAULT_WORK_PER_SCAN);
    }

    private static long workToCheck(CompiledRuleSet rules, String text) {
        StreamScan scan = rules.newScan();
        scan.update(rules, text);
        return scan.lastCallWork;
    }

    @Test
    void aStreamInSmallDeltasThroughCacheClearsFindsWhatTheWholeTextHas() throws Exception {
        // a budget of a few hundred states: 2^15 are reachable, so random text clears the cache over and over
        EngineLimits.apply(new EngineLimits(
                EngineLimits.DEFAULT_WORK_PER_SCAN,
                64 * 1024,
                300,
                64L << 20,
                EngineLimits.DEFAULTS.keywordDenseBytes(),
                EngineLimits.DEFAULTS.keywordAutomatonBytes()));
        String pattern = "[ab]*a[ab]{14}c";
        CompiledRuleSet rules = rule(pattern);
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            text.append(random.nextInt(50) == 0 ? 'c' : random.nextBoolean() ? 'a' : 'b');
        }
        List<String> expected = javaSpans(pattern, text.toString());
        assertThat(expected).hasSizeGreaterThan(100);
        StreamScan scan = rules.newScan();
        for (int i = 0; i < text.length(); i += 37) {
            scan.append(rules, i, text.substring(i, Math.min(text.length(), i + 37)));
            if (i % (37 * 100) == 0) {
                scan = StreamingLawProperties.roundTrip(scan);
            }
        }
        scan.finish(rules);
        assertThat(spans(scan.violations())).isEqualTo(expected);
        assertThat(automaton(rules).clears()).isGreaterThan(10);
        assertThat(automaton(rules).cachedStates()).isLessThanOrEqualTo(300);
    }

    @Test
    void aStreamOfAnExplodingRuleInSmallDeltasFindsWhatTheWholeTextHas() throws Exception {
        CompiledRuleSet rules = rule(EXPLOSIVE);
        String text = randomAb(30_000, 11);
        StreamScan scan = rules.newScan();
        for (int i = 0; i < text.length(); i += 250) {
            scan.append(rules, i, text.substring(i, Math.min(text.length(), i + 250)));
            if (i % 5000 == 0) {
                scan = StreamingLawProperties.roundTrip(scan);
            }
        }
        scan.finish(rules);
        assertThat(spans(scan.violations())).isEqualTo(expectedExplosiveMatches(text));
        assertThat(automaton(rules).cachedStates()).isLessThanOrEqualTo(AutomatonMemory.statesPerPattern());
    }

    @Test
    void aCallThatRunsOutOfWorkLeavesTheStreamAsItWas() throws Exception {
        CompiledRuleSet rules = rule(EXPLOSIVE);
        String text = randomAb(60_000, 5);
        StreamScan scan = rules.newScan();
        scan.append(rules, 0, text.substring(0, 20_000));
        byte[] before = scan.toBytes();
        List<Violation> violationsBefore = scan.violations();

        assertThatThrownBy(() -> scan.append(rules, 20_000, text.substring(20_000), 2_000_000))
                .isInstanceOf(ScanBudgetExceededException.class);
        assertThat(scan.position()).isEqualTo(20_000);
        assertThat(scan.violations()).isEqualTo(violationsBefore);
        assertThat(scan.toBytes()).isEqualTo(before);

        // a rewrite of the start fails alike
        String rewritten = "b" + text.substring(1, 40_000);
        assertThatThrownBy(() -> scan.update(rules, rewritten, 2_000_000))
                .isInstanceOf(ScanBudgetExceededException.class);
        assertThat(scan.toBytes()).isEqualTo(before);
        // an update and finish in one call fail as one
        assertThatThrownBy(() -> scan.finish(rules, text.substring(0, 40_000), 2_000_000))
                .isInstanceOf(ScanBudgetExceededException.class);
        assertThat(scan.toBytes()).isEqualTo(before);
        assertThat(scan.isFinished()).isFalse();

        // and the stream goes on as if the failed calls had never been made
        scan.append(rules, 20_000, text.substring(20_000));
        scan.finish(rules);
        assertThat(spans(scan.violations()))
                .isEqualTo(expectedExplosiveMatches(text))
                .hasSize(1);
    }

    @Test
    void aFailedAppendAcrossCheckpointsIsUndoneToo() {
        CompiledRuleSet rules = rule(EXPLOSIVE);
        String text = randomAb(30_000, 8);
        StreamScan scan = StreamScan.start(rules, 64);
        scan.append(rules, 0, text.substring(0, 10_000));
        byte[] before = scan.toBytes();
        assertThatThrownBy(() -> scan.append(rules, 10_000, text.substring(10_000), 3_000_000))
                .isInstanceOf(ScanBudgetExceededException.class);
        assertThat(scan.toBytes()).isEqualTo(before);
        scan.append(rules, 10_000, text.substring(10_000));
        scan.finish(rules);
        assertThat(spans(scan.violations())).isEqualTo(expectedExplosiveMatches(text));
    }
}
