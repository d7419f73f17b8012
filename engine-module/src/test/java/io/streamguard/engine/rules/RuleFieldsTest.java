package io.streamguard.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every field means something for the rule's kind or must keep its default. */
class RuleFieldsTest {

    private static RuleSpec spec(
            RuleKind kind,
            String pattern,
            String flags,
            List<String> keywords,
            boolean caseSensitive,
            boolean wholeWord) {
        return new RuleSpec("r", "r", kind, pattern, flags, keywords, caseSensitive, wholeWord, Action.WARN);
    }

    @Test
    void aRegexRuleRefusesKeywordsWholeWordAndACaseThatContradictsItsFlags() {
        assertThat(RuleValidator.problems(spec(RuleKind.REGEX, "a+", "", List.of(), true, false)))
                .isEmpty();
        assertThat(RuleValidator.problems(spec(RuleKind.REGEX, "a+", "i", List.of(), false, false)))
                .isEmpty();
        assertThat(RuleValidator.problems(spec(RuleKind.REGEX, "a+", "i", List.of(), true, false)))
                .containsExactly("caseSensitive true contradicts the i flag: drop one of them");
        assertThat(RuleValidator.problems(spec(RuleKind.REGEX, "a+", "", List.of(), false, false)))
                .hasSize(1);
        assertThat(RuleValidator.problems(spec(RuleKind.REGEX, "a+", "", List.of(), true, true)))
                .containsExactly("wholeWord is for keyword rules: write \\b at the pattern's ends instead");
        assertThat(RuleValidator.problems(spec(RuleKind.REGEX, "a+", "", List.of("x"), true, false)))
                .hasSize(1);
    }

    @Test
    void aKeywordRuleRefusesAPatternAndFlags() {
        assertThat(RuleValidator.problems(spec(RuleKind.KEYWORD, null, "", List.of("x"), true, true)))
                .isEmpty();
        assertThat(RuleValidator.problems(spec(RuleKind.KEYWORD, "x", "", List.of("x"), false, false)))
                .hasSize(1);
        assertThat(RuleValidator.problems(spec(RuleKind.KEYWORD, null, "i", List.of("x"), false, false)))
                .containsExactly("a keyword rule has no flags: remove them and use caseSensitive");
    }

    @Test
    void detectorsRefuseEveryOptionTheyDoNotHave() {
        for (RuleKind kind : List.of(RuleKind.CREDIT_CARD, RuleKind.IBAN)) {
            assertThat(RuleValidator.problems(spec(kind, null, "", List.of(), false, false)))
                    .isEmpty();
            assertThat(RuleValidator.problems(spec(kind, "x", "", List.of(), false, false)))
                    .hasSize(1);
            assertThat(RuleValidator.problems(spec(kind, null, "i", List.of(), false, false)))
                    .hasSize(1);
            assertThat(RuleValidator.problems(spec(kind, null, "", List.of("x"), false, false)))
                    .hasSize(1);
            assertThat(RuleValidator.problems(spec(kind, null, "", List.of(), true, false)))
                    .hasSize(1);
            assertThat(RuleValidator.problems(spec(kind, null, "", List.of(), false, true)))
                    .hasSize(1);
        }
        assertThat(RuleValidator.problems(spec(RuleKind.SECRET, null, "", List.of("token"), false, false)))
                .isEmpty();
        assertThat(RuleValidator.problems(spec(RuleKind.SECRET, null, "", List.of(), true, false)))
                .hasSize(1);
        assertThat(RuleValidator.problems(spec(RuleKind.SECRET, null, "", List.of(), false, true)))
                .hasSize(1);
        assertThat(RuleValidator.problems(spec(RuleKind.SECRET, "x", "s", List.of(), false, false)))
                .hasSize(2);
    }

    @Test
    void theRegexFactoryTakesItsCaseFromTheFlags() {
        assertThat(RuleSpec.regex("r", "r", "a", "i", Action.WARN).caseSensitive())
                .isFalse();
        assertThat(RuleSpec.regex("r", "r", "a", "", Action.WARN).caseSensitive())
                .isTrue();
    }
}
