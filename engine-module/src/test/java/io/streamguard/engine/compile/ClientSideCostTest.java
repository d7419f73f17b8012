package io.streamguard.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.Corpus;
import io.streamguard.engine.gitleaks.GitleaksImporter;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client-side regex runs on the page's own thread, five to ten times slower than on a server: one whose
 * counted repeats keep hundreds of positions alive is refused for client-side use, realistic ones are not.
 */
class ClientSideCostTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                // a browser scanned these at 1 to 130 KB/s (measured in node and Chromium)
                "[^z]{1,1000}[^y]{1,1000}[^x]{1,1000}q",
                "[a-y]{1,300}[a-y]{1,300}[a-y]{1,300}z",
                "[a-y]{1,1000}z",
                "[a-z]{1,500}@[a-z]{1,500}"
            })
    void countedRepeatsOverBroadClassesCostTooMuchPerChar(String pattern) {
        RuleSpec rule = RuleSpec.regex("r", "costly", pattern, "", Action.BLOCK);
        assertThat(RuleValidator.problems(rule)).as("a valid rule").isEmpty();
        assertThat(RuleValidator.clientSideProblems(rule))
                .as("no backtracking risk")
                .isEmpty();

        assertThat(RuleSetCompiler.clientSideCostProblems(rule))
                .singleElement()
                .asString()
                .contains("more than " + RuleSetCompiler.CLIENT_STEPS_PER_CHAR + " steps a char", "clientSide false");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AKIA[0-9A-Z]{16}",
                "(?i)password\\s*[:=]\\s*\\S{8,64}",
                "[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}",
                "\\b\\w{3,40}@\\w{2,30}\\.com\\b",
                "[a-y]+z"
            })
    void realisticPatternsAreCheap(String pattern) {
        assertThat(RuleSetCompiler.clientSideCostProblems(RuleSpec.regex("r", "cheap", pattern, "", Action.BLOCK)))
                .isEmpty();
    }

    @Test
    void everyGitleaksRuleThatMayRunClientSideIsCheapEnough() {
        List<RuleSpec> rules = GitleaksImporter.parse(Corpus.gitleaksToml()).accepted().stream()
                .filter(rule -> RuleValidator.clientSideProblems(rule).isEmpty())
                .toList();
        assertThat(rules).hasSizeGreaterThan(150);
        assertThat(rules)
                .allSatisfy(rule -> assertThat(RuleSetCompiler.clientSideCostProblems(rule))
                        .as(rule.id() + " " + rule.pattern())
                        .isEmpty());
    }

    @Test
    void keywordRulesAndInvalidRulesHaveNoCostProblem() {
        assertThat(RuleSetCompiler.clientSideCostProblems(
                        RuleSpec.keyword("k", "k", List.of("falcon"), false, true, Action.WARN)))
                .isEmpty();
        assertThat(RuleSetCompiler.clientSideCostProblems(RuleSpec.regex("r", "r", "(", "", Action.BLOCK)))
                .isEmpty();
    }
}
