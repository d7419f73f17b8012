package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fallback means the same as the cached automaton: with every regex stepping its NFA directly, from the
 * start or from some update on, streamed (and serialized) or checked whole, the violations are those of the
 * cached automaton's full check.
 */
class NfaFallbackProperties {

    private static List<RuleSpec> rules(long seed) {
        Random random = new Random(seed);
        List<RuleSpec> rules = new ArrayList<>();
        int i = 0;
        for (String pattern : StreamingLawProperties.PATTERNS) {
            if (random.nextInt(3) == 0) {
                rules.add(RuleSpec.regex("r" + i, "r" + i, pattern, random.nextBoolean() ? "i" : "", Action.WARN));
            }
            i++;
        }
        return rules;
    }

    private static void fallBack(CompiledRuleSet rules) {
        for (ScanProgram.RegexSlot slot : rules.program().regexes) {
            slot.regex().dfa().fallBackToNfa();
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of(StreamingLawProperties.PIECES)
                .list()
                .ofMaxSize(60)
                .map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 1000).list().ofMaxSize(12);
    }

    @Property(tries = 2000)
    void steppingTheNfaFindsWhatTheCachedAutomatonFinds(
            @ForAll("texts") String text,
            @ForAll("cuts") List<Integer> cuts,
            @ForAll long seed,
            @ForAll boolean fromTheStart,
            @ForAll boolean serialize)
            throws IOException {
        List<RuleSpec> specs = rules(seed);
        CompiledRuleSet cached = RuleSetCompiler.compile(1, specs);
        CompiledRuleSet direct = RuleSetCompiler.compile(1, specs);
        if (fromTheStart) {
            fallBack(direct);
        }
        assertThat(StreamingLawProperties.keys(direct.check(text)))
                .isEqualTo(StreamingLawProperties.keys(cached.check(text)));
        StreamingLawProperties.Ledger ledger = new StreamingLawProperties.Ledger();
        StreamScan scan = direct.newScan();
        int sent = 0;
        for (int cut : cuts.stream().map(c -> c % (text.length() + 1)).sorted().toList()) {
            ledger.apply(scan.append(direct, sent, text.substring(sent, cut)), scan);
            sent = cut;
            fallBack(direct);
            if (serialize) {
                scan = StreamingLawProperties.roundTrip(scan);
            }
        }
        ledger.apply(scan.append(direct, sent, text.substring(sent)), scan);
        ledger.apply(scan.finish(direct), scan);
        assertThat(ledger.live).isEqualTo(StreamingLawProperties.keys(cached.check(text)));
    }
}
