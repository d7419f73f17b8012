package io.streamguard.engine.gitleaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.streamguard.engine.Corpus;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.regex.RegexSampler;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.Violation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine against {@code java.util.regex} on gitleaks' real rules: for many texts, built to contain
 * matches of the rules, the set of rules that fire must be the same. Java is given each pattern with the
 * engine's meaning spelled out where Java reads the portable syntax differently ({@code $} as {@code \z},
 * {@code \s} and {@code .} as JavaScript defines them).
 */
class GitleaksDifferentialTest {

	private static GitleaksImporter.Import imported;

	private static CompiledRuleSet engine;

	private static Map<String, Pattern> java;

	@BeforeAll
	static void importTheRules() {
		imported = GitleaksImporter.parse(Corpus.gitleaksToml());
		engine = RuleSetCompiler.compile(1, imported.accepted());
		java = new LinkedHashMap<>();
		for (RuleSpec rule : imported.accepted()) {
			int flags = rule.hasFlag('i') ? Pattern.CASE_INSENSITIVE : 0;
			java.put(rule.id(), Pattern.compile(javaMeaning(rule.pattern()), flags));
		}
		System.out.printf("gitleaks import: %d rules imported, %d refused%n", imported.accepted().size(),
				imported.refused().size());
		GitleaksImporter.refusalSummary(imported).forEach((reason, n) -> System.out.printf("  %3d  %s%n", n, reason));
	}

	@Test
	void importAcceptsMostRulesAndSaysWhyItRefusesTheRest() {
		assertThat(imported.accepted()).hasSizeGreaterThan(150);
		assertThat(imported.refused()).allSatisfy(refusal -> assertThat(refusal.reasons()).isNotEmpty());
		assertThat(GitleaksImporter.refusalSummary(imported).keySet())
			.anyMatch(reason -> reason.contains("inline flag"))
			.anyMatch(reason -> reason.contains("\\z"))
			.anyMatch(reason -> reason.contains("POSIX"));
	}

	@Test
	void everyImportedRuleFiresOnTheSameTextsAsJavaRegex() {
		Random random = new Random(20261125);
		List<String> texts = new ArrayList<>();
		for (RuleSpec rule : imported.accepted()) {
			for (int i = 0; i < 12; i++) {
				texts.add(noise(random) + RegexSampler.sample(rule.pattern(), rule.flags(), random) + noise(random));
			}
		}
		for (int i = 0; i < 400; i++) {
			StringBuilder mixed = new StringBuilder();
			for (int k = 0; k < 4; k++) {
				RuleSpec rule = imported.accepted().get(random.nextInt(imported.accepted().size()));
				mixed.append(noise(random)).append(RegexSampler.sample(rule.pattern(), rule.flags(), random));
			}
			texts.add(mixed.toString());
		}
		int firing = 0;
		for (String text : texts) {
			Set<String> byEngine = engine.check(text).stream().map(Violation::ruleId).collect(Collectors.toCollection(TreeSet::new));
			Set<String> byJava = new TreeSet<>();
			java.forEach((id, pattern) -> {
				if (pattern.matcher(text).find()) {
					byJava.add(id);
				}
			});
			assertThat(byEngine).as("rules firing on %s", text).isEqualTo(byJava);
			firing += byJava.size();
		}
		System.out.printf("gitleaks differential: %d texts, %d rule firings, no difference%n", texts.size(), firing);
		assertThat(firing).isGreaterThan(texts.size());
	}

	private static String noise(Random random) {
		String alphabet = "abcXYZ019 _-=:'\"\n.é/";
		StringBuilder out = new StringBuilder();
		int n = random.nextInt(12);
		for (int i = 0; i < n; i++) {
			out.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return out.toString();
	}

	private static final String JS_SPACE = "\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

	/** The portable pattern with Java's differing readings replaced by what the engine means. */
	static String javaMeaning(String pattern) {
		StringBuilder out = new StringBuilder();
		boolean inClass = false;
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '\\' && i + 1 < pattern.length()) {
				char e = pattern.charAt(++i);
				if (e == 's') {
					out.append(inClass ? JS_SPACE : "[" + JS_SPACE + "]");
				}
				else if (e == 'S') {
					out.append("[^" + JS_SPACE + "]");
				}
				else {
					out.append(c).append(e);
				}
			}
			else if (inClass) {
				out.append(c);
				if (c == ']') {
					inClass = false;
				}
			}
			else if (c == '[') {
				out.append(c);
				inClass = true;
				if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
					out.append('^');
					i++;
				}
				if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
					out.append(']');
					i++;
				}
			}
			else if (c == '$') {
				out.append("\\z");
			}
			else if (c == '.') {
				out.append("[^\\n\\r\\u2028\\u2029]");
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}
}
