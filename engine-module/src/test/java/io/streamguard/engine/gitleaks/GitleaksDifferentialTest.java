package io.streamguard.engine.gitleaks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.Corpus;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.js.JavaReading;
import io.streamguard.engine.regex.RegexSampler;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gitleaks' real rules: all of them import, and the engine agrees with {@code java.util.regex} on them. For many
 * texts, built to contain matches of the rules, the set of rules that fire must be the same, and so must each
 * rule's spans (Java's {@code find()} is leftmost-first, as the engine is meant to be). Java is given each
 * pattern with the engine's meaning spelled out where Java reads the portable syntax differently
 * ({@link JavaReading}).
 */
class GitleaksDifferentialTest {

    private static final int RULES_IN_THE_FILE = 221;

    private static GitleaksImporter.Import imported;

    private static CompiledRuleSet engine;

    private static Map<String, Pattern> java;

    private static List<String> texts;

    /** Per text, Java's {@code find()} spans per rule id. */
    private static List<Map<String, List<String>>> javaSpans;

    @BeforeAll
    static void importTheRules() {
        imported = GitleaksImporter.parse(Corpus.gitleaksToml());
        engine = RuleSetCompiler.compile(1, imported.accepted());
        java = new LinkedHashMap<>();
        for (RuleSpec rule : imported.accepted()) {
            java.put(rule.id(), JavaReading.compile(rule.pattern(), rule.flags()));
        }
        System.out.printf(
                "gitleaks import: %d rules imported, %d refused%n",
                imported.accepted().size(), imported.refused().size());
        imported.refused().forEach(r -> System.out.printf("  refused %s: %s%n", r.ruleId(), r.reasons()));
        Random random = new Random(20261125);
        texts = new ArrayList<>();
        for (RuleSpec rule : imported.accepted()) {
            for (int i = 0; i < 12; i++) {
                texts.add(noise(random) + RegexSampler.sample(rule.pattern(), rule.flags(), random) + noise(random));
            }
        }
        for (int i = 0; i < 400; i++) {
            StringBuilder mixed = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                RuleSpec rule = imported.accepted()
                        .get(random.nextInt(imported.accepted().size()));
                mixed.append(noise(random)).append(RegexSampler.sample(rule.pattern(), rule.flags(), random));
            }
            texts.add(mixed.toString());
        }
        // Java's dot also stops at U+0085, JavaScript's does not
        texts.replaceAll(t -> t.replace('\u0085', ' '));
        javaSpans = new ArrayList<>();
        for (String text : texts) {
            Map<String, List<String>> byJava = new TreeMap<>();
            java.forEach((id, pattern) -> {
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    byJava.computeIfAbsent(id, k -> new ArrayList<>()).add(m.start() + "-" + m.end());
                }
            });
            javaSpans.add(byJava);
        }
    }

    @Test
    void everyGitleaksRuleImports() {
        assertThat(imported.accepted().size() + imported.refused().size()).isEqualTo(RULES_IN_THE_FILE);
        assertThat(imported.refused()).isEmpty();
        long clientSafe = 0;
        for (RuleSpec rule : imported.accepted()) {
            List<String> unsafe = RuleValidator.clientSideProblems(rule);
            if (unsafe.isEmpty()) {
                clientSafe++;
            } else {
                System.out.printf("  not client-side: %s: %s%n", rule.id(), unsafe);
            }
        }
        System.out.printf(
                "gitleaks rules safe to run client-side (no exponential or polynomial backtracking): %d of %d%n",
                clientSafe, imported.accepted().size());
        assertThat(clientSafe).isGreaterThan(RULES_IN_THE_FILE / 2);
    }

    @Test
    void theImporterTranslatesRe2SyntaxThatJavaScriptLacks() {
        assertThat(GitleaksImporter.posixClasses("\\b(pat[[:alnum:]]{14})")).isEqualTo("\\b(pat[0-9A-Za-z]{14})");
        assertThat(GitleaksImporter.posixClasses("\\[[:alnum:]]")).isEqualTo("\\[[:alnum:]]");
        assertThat(GitleaksImporter.parse("""
				[[rules]]
				id = "x"
				regex = '''(?i)key(?-i:[A-Z]{2})\\z'''
				""").accepted()).singleElement().satisfies(rule -> {
            assertThat(rule.flags()).isEqualTo("i");
            assertThat(rule.pattern()).isEqualTo("key(?-i:[A-Z]{2})\\z");
        });
    }

    @Test
    void everyImportedRuleFiresOnTheSameTextsAsJavaRegex() {
        int firing = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Set<String> byEngine =
                    engine.check(text).stream().map(Violation::ruleId).collect(Collectors.toCollection(TreeSet::new));
            Set<String> byJava = javaSpans.get(i).keySet();
            assertThat(byEngine).as("rules firing on %s", text).isEqualTo(byJava);
            firing += byJava.size();
        }
        System.out.printf("gitleaks differential: %d texts, %d rule firings, no difference%n", texts.size(), firing);
        assertThat(firing).isGreaterThan(texts.size());
    }

    /** Leftmost-first: fails where the engine still reports leftmost-longest spans. */
    @Test
    void everyImportedRuleFindsTheSameSpansAsJavaRegex() {
        List<String> differences = new ArrayList<>();
        Set<String> rulesThatDiffer = new TreeSet<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Map<String, List<String>> byEngine = new TreeMap<>();
            for (Violation v : engine.check(text)) {
                byEngine.computeIfAbsent(v.ruleId(), k -> new ArrayList<>()).add(v.start() + "-" + v.end());
            }
            Map<String, List<String>> byJava = javaSpans.get(i);
            if (!byEngine.equals(byJava)) {
                differences.add(text);
                Set<String> ids = new TreeSet<>(byEngine.keySet());
                ids.addAll(byJava.keySet());
                ids.stream()
                        .filter(id -> !Objects.equals(byEngine.get(id), byJava.get(id)))
                        .forEach(rulesThatDiffer::add);
            }
        }
        System.out.printf(
                "gitleaks spans: %d texts, %d differ, in %d rules: %s%n",
                texts.size(), differences.size(), rulesThatDiffer.size(), rulesThatDiffer);
        assertThat(rulesThatDiffer)
                .as("rules whose spans differ from Java's leftmost-first")
                .isEmpty();
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
}
