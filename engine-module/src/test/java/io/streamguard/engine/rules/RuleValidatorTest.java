package io.streamguard.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleValidatorTest {

    private static List<String> problems(String pattern, String flags) {
        return RuleValidator.problems(RuleSpec.regex("r", "rule", pattern, flags, Action.WARN));
    }

    @ParameterizedTest(name = "{0} is refused because {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			(a)\\1          |   | backreferences (\\1) are not supported
			a(?=b)          |   | lookahead
			(?<=a)b         |   | lookbehind
			a(?!b)          |   | lookahead
			a++             |   | possessive quantifier
			(?x)abc         |   | unknown inline flag 'x'
			a(?-:b)         |   | names no flags
			(?<n>a)(?P<n>b) |   | the group name 'n' is used twice
			(?P<n>a)(?P=n)  |   | backreferences and recursion
			(?<1a>a)        |   | group name '1a' is not portable
			[[:alnum:]]+    |   | POSIX classes like [[:alnum:]]
			a*              |   | matches the empty string
			(?i)            |   | matches the empty string
			abc\\Z          |   | \\Z is not portable
			[a\\z]          |   | inside a class is not an anchor
			a{2000}         |   | counted repeat {2000} is too large
			a{5,2}          |   | wrong order
			abc             | x | unknown flag 'x'
			abc             | ii | the flag 'i' is given twice
			a\\yb           |   | unknown escape \\y
			[a&&b]          |   | inside a class is an intersection in Java
			a{              |   | write \\{ for a literal brace
			(ab             |   | never closed
			ab)             |   | unbalanced ')'
			\\p{L}          |   | Unicode property
			a\\vb           |   | \\v means
			a(?>b)          |   | atomic group
			""")
    void nonPortableConstructsAreRefusedWithAReasonThatSaysWhatToChange(String pattern, String flags, String reason) {
        assertThat(problems(pattern, flags == null ? "" : flags)).anyMatch(p -> p.contains(reason));
    }

    @ParameterizedTest(name = "{0} is portable")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
			AKIA[0-9A-Z]{16}
			\\bfoo\\b
			(?:a|b)+c
			[\\w.-]{0,50}?key
			\\d{3}-\\d{4}$
			^start
			(?<name>x)y
			[^\\s"']+@example\\.com
			\\x41\\u00e9
			a.b
			""")
    void portablePatternsAreAccepted(String pattern) {
        assertThat(problems(pattern, "")).isEmpty();
    }

    @ParameterizedTest(name = "{0} with flags ''{1}'' is accepted")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			(?i)abc                 |
			a(?-i:b)c               | i
			(?i:key)=\\w+           |
			x(?i)y(?:z)             |
			(?s:.)+x                |
			(?m)^abc$               |
			^abc$                   | m
			(?P<key_ops>a)b         |
			abc\\z                  |
			\\Aabc                  |
			é+                      | i
			(?U)a+b                 |
			""")
    void re2AndFlagFormsAreAccepted(String pattern, String flags) {
        assertThat(problems(pattern, flags == null ? "" : flags)).isEmpty();
    }

    @Test
    void aClientSideRegexThatCanBacktrackExponentiallyIsRefusedSayingWhatToWriteInstead() {
        for (String pattern : List.of(
                "(a+)+",
                "(a+)+$",
                "(a|a)*b",
                "(x|x)*y",
                "(\\w+\\s?)+$",
                "(?:a|ab|ba)*c",
                "(?:\\d+\\.?)+x",
                "(a|a){0,40}b")) {
            assertThat(clientSide(pattern))
                    .as(pattern)
                    .singleElement()
                    .asString()
                    .contains("exponential time", "one way only", "clientSide false");
        }
        assertThat(clientSide("(\\w+\\s?)+$")).singleElement().asString().contains("'(?:\\w+\\s?)+'");
    }

    @Test
    void aRepeatOfSomethingThatCanMatchNothingIsRefusedForJavaScriptMatchesItDifferently() {
        // JavaScript rejects a round that matches nothing and backtracks: /b(?:c??)?/ finds "bc" where Java finds "b"
        for (String pattern : List.of("b(?:c??)?", "(a*)*b", "x(?:a|)+", "(?:a?b?){1,3}")) {
            assertThat(RuleValidator.problems(RuleSpec.regex("r", "r", pattern, "", Action.WARN)))
                    .as(pattern)
                    .singleElement()
                    .asString()
                    .contains("can match nothing");
        }
        assertThat(RuleValidator.problems(RuleSpec.regex("r", "r", "(?:a?b?){2}c", "", Action.WARN)))
                .isEmpty();
    }

    @Test
    void aClientSideRegexWithPolynomialAmbiguityBetweenUnboundedRepeatsIsRefused() {
        for (String pattern : List.of("\\d+\\d+x", ".*.*=.*", "\\w+_\\w+x", "a.*b.*=")) {
            assertThat(clientSide(pattern))
                    .as(pattern)
                    .singleElement()
                    .asString()
                    .contains("polynomial time", "clientSide false");
        }
        assertThat(clientSide("\\d+\\d+x")).singleElement().asString().contains("'\\d+' and '\\d+'");
    }

    @Test
    void aClientSideRegexWithoutThatAmbiguityIsAccepted() {
        // (a|ab)*c reads each text one way (every round starts with a); a bounded repeat bounds the cost
        for (String pattern : List.of(
                "AKIA[0-9A-Z]{16}",
                "(a|ab)*c",
                "\\d{1,50}\\d+x",
                "\\w+(?:\\s\\w+)*$",
                "(?:[a-z0-9]+\\.)+com",
                "[\\w.+-]+@(?:[a-z0-9-]+\\.)+[a-z]{2,}",
                "\\w+\\s*=\\s*\\w+",
                "[\\w.-]{0,50}?(?:key)[ \\t]{0,20}=",
                "a+")) {
            assertThat(clientSide(pattern)).as(pattern).isEmpty();
        }
        assertThat(RuleValidator.clientSideProblems(
                        RuleSpec.keyword("k", "k", List.of("a"), false, false, Action.WARN)))
                .isEmpty();
    }

    @Test
    void aClientSideRegexTooLargeToProveSafeIsRefusedQuickly() {
        String pattern = "(?:" + ".|".repeat(600) + ".)*x";
        long started = System.nanoTime();
        assertThat(clientSide(pattern)).singleElement().asString().contains("too large to prove");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    private static List<String> clientSide(String pattern) {
        RuleSpec spec = RuleSpec.regex("r", "rule", pattern, "", Action.WARN);
        assertThat(RuleValidator.problems(spec)).as(pattern).isEmpty();
        return RuleValidator.clientSideProblems(spec);
    }

    @Test
    void aPatternLongerThanTheCapIsRefused() {
        assertThat(problems("a".repeat(RuleValidator.MAX_PATTERN_LENGTH + 1), ""))
                .anyMatch(p -> p.contains("more than " + RuleValidator.MAX_PATTERN_LENGTH));
    }

    @Test
    void keywordRulesNeedKeywordsOfReasonableSize() {
        assertThat(RuleValidator.problems(RuleSpec.keyword("k", "k", List.of(), false, false, Action.WARN)))
                .anyMatch(p -> p.contains("list is empty"));
        assertThat(RuleValidator.problems(
                        RuleSpec.keyword("k", "k", List.of("x".repeat(300)), false, false, Action.WARN)))
                .anyMatch(p -> p.contains("longer than"));
        assertThat(RuleValidator.problems(RuleSpec.keyword(
                        "k", "k", Collections.nCopies(RuleValidator.MAX_KEYWORDS + 1, "w"), false, false, Action.WARN)))
                .anyMatch(p -> p.contains("more than 10000"));
    }

    @Test
    void aPatternWhoseAutomatonWouldBeHugeIsRefused() {
        assertThat(problems("(a{500}){500}", "")).anyMatch(p -> p.contains("too large"));
        assertThat(problems("(?:[a-z]{1,100}){1,100}", ""))
                .containsExactly("the pattern is too large: its counted "
                        + "repeats expand to 20,100 automaton positions, more than 10,000; use smaller bounds (e.g. {1,50} "
                        + "rather than {1,1000}), nest fewer counted repeats, or split the pattern into several rules");
    }

    @Test
    void largeButLinearPatternsAreAccepted() {
        // 2,002 positions: the cached automaton could have 2^1000 states, so it runs within its cache budget
        assertThat(problems("[ab]*a[ab]{999}", "")).isEmpty();
        // gitleaks' largest
        assertThat(problems("pypi-AgEIcHlwaS5vcmc[\\w-]{50,1000}", "")).isEmpty();
    }

    @Test
    void actionsAndKindsHaveWireNames() {
        assertThat(Action.fromWire("block")).isEqualTo(Action.BLOCK);
        assertThat(Action.mostSevere(Action.WARN, Action.BLOCK)).isEqualTo(Action.BLOCK);
        assertThat(RuleKind.fromWire("credit_card")).isEqualTo(RuleKind.CREDIT_CARD);
        assertThat(RuleKind.IBAN.wireName()).isEqualTo("iban");
        assertThatThrownBy(() -> Action.fromWire("deny")).isInstanceOf(IllegalArgumentException.class);
    }
}
