package io.streamguard.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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
			(?i)abc         |   | inline flag group (?i)
			a(?-i:b)        |   | scoped flag group
			[[:alnum:]]+    |   | POSIX classes like [[:alnum:]]
			(?P<n>a)        |   | named group (?P<name>…)
			a*              |   | matches the empty string
			abc\\z          |   | \\z is not portable
			a{2000}         |   | counted repeat {2000} is too large
			a{5,2}          |   | wrong order
			abc             | x | unknown flag 'x'
			^abc            | m | the m flag is not portable
			é+              | i | may only name ASCII characters
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

	@Test
	void aPatternLongerThanTheCapIsRefused() {
		assertThat(problems("a".repeat(RuleValidator.MAX_PATTERN_LENGTH + 1), ""))
			.anyMatch(p -> p.contains("more than " + RuleValidator.MAX_PATTERN_LENGTH));
	}

	@Test
	void keywordRulesNeedKeywordsOfReasonableSize() {
		assertThat(RuleValidator.problems(RuleSpec.keyword("k", "k", List.of(), false, false, Action.WARN)))
			.anyMatch(p -> p.contains("list is empty"));
		assertThat(RuleValidator.problems(RuleSpec.keyword("k", "k", List.of("x".repeat(300)), false, false, Action.WARN)))
			.anyMatch(p -> p.contains("longer than"));
		assertThat(RuleValidator.problems(
				RuleSpec.keyword("k", "k", Collections.nCopies(RuleValidator.MAX_KEYWORDS + 1, "w"), false, false, Action.WARN)))
			.anyMatch(p -> p.contains("more than 10000"));
	}

	@Test
	void aPatternWhoseAutomatonWouldBeHugeIsRefused() {
		assertThat(problems("(a{500}){500}", "")).anyMatch(p -> p.contains("too large"));
		assertThat(problems("(?:[a-z]{1,100}){1,100}", "")).containsExactly("the pattern is too large: its counted "
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
