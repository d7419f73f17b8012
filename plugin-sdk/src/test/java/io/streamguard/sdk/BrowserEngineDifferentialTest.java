package io.streamguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.InvalidRuleException;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.gitleaks.GitleaksImporter;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.StreamScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The engine compiled to JavaScript answers as the engine on the JVM, span for span: for whole-text checks and for
 * streams pushed the text so far at random cuts (with earlier text sometimes rewritten), over random texts and
 * random rule sets, over gitleaks' real rules, and on a pattern that backtracking engines take exponential time on.
 */
class BrowserEngineDifferentialTest {

    /** Pieces that make matches likely: keywords and their case variants, digits, boundaries, secrets, surrogates. */
    private static final List<String> PIECES = List.of(
            "a",
            "b",
            "ab",
            "c",
            "x",
            "y",
            "foo",
            "Foo",
            "FOO",
            "bar",
            " ",
            " ",
            "  ",
            "\n",
            "-",
            "_",
            "1",
            "12",
            "4111 1111",
            " 1111 1111",
            "4111111111111111",
            "DE89 3704 0044 0532 0130 00",
            "DE89370400440532013000",
            "token",
            "=",
            ": ",
            "Z9kQ2mX7pL4vB8nR3tY6",
            "AKIA",
            "QX7Z",
            "é",
            "ß",
            "K",
            "İ",
            "ı",
            "ſ",
            "ab1",
            "@",
            ".",
            "oo",
            "aab",
            "bba",
            "\u2028",
            "\t",
            "\uD83D\uDE00",
            "\uD83D",
            "\u0301",
            "カタ",
            "漢",
            "ไทย",
            "'s",
            // letters of Unicode 17, which the JavaScript class library knows and JDK 25 does not
            "\uA7CE",
            "\uA7CF",
            "\uA7D3");

    private static final List<String> PATTERNS = List.of(
            "a+b",
            "ab|a",
            "a[ab]*b",
            "\\bfoo\\b",
            "[0-9]{2,4}",
            "x[a-c]*y",
            "^ab",
            "b$",
            "(a|ab)(c|bcd)",
            "\\d+-\\d+",
            "foo(bar)?",
            "[^ \\n]+@[^ \\n]+",
            "AKIA[0-9A-Z]{4}",
            "\\Bo+",
            "(?:ab){2,}",
            "a\\s+b",
            "o\\b",
            "\\w+_\\w+",
            "[a-z]{3}\\.[a-z]",
            "b.a",
            "token\\s*[=:]\\s*\\w{4,}",
            "(?:foo|bar){1,3}x?",
            "y|yx|xyz",
            "\\D\\d\\D",
            "1{2,}",
            "[a-c]{0,50}foo[ a-z]{0,6}bar",
            "(a+)+$",
            "k",
            "i",
            "ß",
            "[^a-z]+",
            "^.+$",
            "\uA7CF\\w");

    private static final List<List<String>> KEYWORDS = List.of(
            List.of("foo"),
            List.of("ab", "b"),
            List.of("foo bar"),
            List.of("oo", "o"),
            List.of("a b", "ab1"),
            List.of("Foo", "FOO"),
            List.of("é", "ss"),
            List.of("k", "bar"),
            List.of("_1", "-"),
            List.of("İ", "ı"),
            List.of("カタ", "漢"),
            List.of("\uA7CF", "\uA7D2"));

    private static final String SCRIPT = """
            function main(input, out) {
              const sets = input.sets.map(s => sg.compile(s));
              out(input.cases.map(c => {
                const rs = sets[c.set];
                const stream = rs.start();
                const pushes = c.pushes.map(p => stream.push(p));
                pushes.push(stream.finish());
                return { check: rs.check(c.text), pushes, violations: stream.violations() };
              }));
            }
            """;

    @Test
    void randomTextsAndRuleSetsAnswerAsOnTheJvm() {
        Random random = new Random(16);
        List<RuleSpec> pool = pool();
        List<String> setJson = new ArrayList<>();
        List<CompiledRuleSet> sets = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            List<RuleSpec> rules = new ArrayList<>();
            for (RuleSpec rule : pool) {
                if (random.nextInt(4) == 0) {
                    rules.add(rule);
                }
            }
            String json = ruleSetJson(s, rules);
            assertThat(RuleSetJson.parse(json).rules())
                    .as("the compact form reads back")
                    .isEqualTo(rules);
            setJson.add(json);
            sets.add(RuleSetCompiler.compile(s, rules));
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            String text = text(random);
            List<String> pushes = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                at = Math.min(text.length(), at + 1 + random.nextInt(12));
                if (random.nextInt(10) == 0) {
                    // a rewrite of earlier text, which the next push then takes back
                    String other = text(random);
                    pushes.add(other.substring(0, Math.min(other.length(), at)));
                }
                pushes.add(text.substring(0, at));
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("set", random.nextInt(sets.size()));
            c.put("text", text);
            c.put("pushes", pushes);
            cases.add(c);
        }
        JsonNode answers = Node.run(SCRIPT, Map.of("sets", setJson, "cases", cases));

        assertThat(answers.size()).isEqualTo(cases.size());
        int violations = 0;
        for (int n = 0; n < cases.size(); n++) {
            Map<String, Object> c = cases.get(n);
            CompiledRuleSet set = sets.get((Integer) c.get("set"));
            String text = (String) c.get("text");
            @SuppressWarnings("unchecked")
            List<String> pushes = (List<String>) c.get("pushes");
            JsonNode js = answers.get(n);
            String expectedCheck = ResultJson.violations(set.check(text));
            assertThat(js.get("check").asString())
                    .as("check of %s", Node.JSON.writeValueAsString(text))
                    .isEqualTo(expectedCheck);
            StreamScan scan = set.newScan();
            for (int p = 0; p < pushes.size(); p++) {
                assertThat(js.get("pushes").get(p).asString())
                        .as("push %d of %s", p, Node.JSON.writeValueAsString(pushes))
                        .isEqualTo(ResultJson.update(scan.update(set, pushes.get(p))));
            }
            assertThat(js.get("pushes").get(pushes.size()).asString())
                    .as("finish of %s", Node.JSON.writeValueAsString(pushes))
                    .isEqualTo(ResultJson.update(scan.finish(set)));
            assertThat(js.get("violations").asString()).isEqualTo(ResultJson.violations(scan.violations()));
            violations += set.check(text).size();
        }
        assertThat(violations).as("the texts fire rules").isGreaterThan(cases.size());
        System.out.printf(
                "plugin-sdk differential: %d texts, %d violations, no difference%n", cases.size(), violations);
    }

    @Test
    void aCatastrophicPatternRunsInLinearTimeInNode() {
        List<RuleSpec> rules = List.of(RuleSpec.regex("nested", "nested", "(a+)+$", "", Action.BLOCK));
        String text = "a".repeat(100_000) + "b";
        JsonNode answer = Node.run("""
                function main(input, out) {
                  const rs = sg.compile(input.set);
                  const t0 = Date.now();
                  const check = rs.check(input.text);
                  out({ check, ms: Date.now() - t0 });
                }
                """, Map.of("set", ruleSetJson(1, rules), "text", text));
        assertThat(answer.get("check").asString())
                .isEqualTo(
                        ResultJson.violations(RuleSetCompiler.compile(1, rules).check(text)))
                .isEqualTo("[]");
        assertThat(answer.get("ms").asLong())
                .as("milliseconds for (a+)+$ on 100,000 a's and a b")
                .isLessThan(10_000);
        System.out.printf(
                "plugin-sdk: (a+)+$ over 100,001 chars in node: %d ms%n",
                answer.get("ms").asLong());
    }

    @Test
    void anInvalidRuleFailsTheCompileInJavaScriptWithTheServersMessage() {
        List<RuleSpec> rules = List.of(RuleSpec.regex("open", "open", "(a", "", Action.BLOCK));
        JsonNode answer = Node.run("""
                function main(input, out) {
                  try { sg.compile(input.set); out({ thrown: null }); } catch (e) { out({ thrown: e.message }); }
                }
                """, Map.of("set", ruleSetJson(1, rules)));
        String expected;
        try {
            RuleSetCompiler.compile(1, rules);
            throw new AssertionError("the JVM engine took an unclosed group");
        } catch (InvalidRuleException e) {
            expected = e.getMessage();
        }
        assertThat(answer.get("thrown").asString()).isEqualTo(expected).contains("never closed");
    }

    @Test
    void gitleaksRulesAnswerAsOnTheJvmAndTheirThroughputIsMeasured() {
        Path toml = corpusFile("gitleaks-rules.toml");
        List<RuleSpec> rules;
        try {
            rules = GitleaksImporter.parse(Files.readString(toml, StandardCharsets.UTF_8))
                    .accepted();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        CompiledRuleSet set = RuleSetCompiler.compile(1, rules);
        Random random = new Random(1616);
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            texts.add(realisticText(random, 200 + random.nextInt(2000)));
        }
        StringBuilder big = new StringBuilder();
        while (big.length() < 262_144) {
            big.append(realisticText(random, 4000));
        }
        String large = big.substring(0, 262_144);
        JsonNode answer = Node.run("""
                function main(input, out) {
                  const rs = sg.compile(input.set);
                  const checks = input.texts.map(t => rs.check(t));
                  const large = rs.check(input.large);
                  const rounds = 8;
                  const t0 = process.hrtime.bigint();
                  for (let i = 0; i < rounds; i++) rs.check(input.large);
                  const ns = Number(process.hrtime.bigint() - t0);
                  out({ checks, large, charsPerSecond: rounds * input.large.length / (ns / 1e9) });
                }
                """, Map.of("set", ruleSetJson(1, rules), "texts", texts, "large", large));
        int fired = 0;
        for (int n = 0; n < texts.size(); n++) {
            String expected = ResultJson.violations(set.check(texts.get(n)));
            assertThat(answer.get("checks").get(n).asString())
                    .as("gitleaks check of text %d", n)
                    .isEqualTo(expected);
            fired += set.check(texts.get(n)).size();
        }
        assertThat(answer.get("large").asString()).isEqualTo(ResultJson.violations(set.check(large)));
        assertThat(fired).as("the texts fire gitleaks rules").isPositive();
        double mbPerSecond = answer.get("charsPerSecond").asDouble() / 1e6;
        assertThat(mbPerSecond).isPositive();
        System.out.printf(
                "plugin-sdk gitleaks (%d rules): %d texts, %d rule firings, no difference; node throughput %.1f MB/s%n",
                rules.size(), texts.size(), fired, mbPerSecond);
    }

    private static List<RuleSpec> pool() {
        List<RuleSpec> pool = new ArrayList<>();
        int i = 0;
        for (String pattern : PATTERNS) {
            pool.add(RuleSpec.regex("re" + i, "re" + i, pattern, "", Action.WARN));
            pool.add(RuleSpec.regex("ri" + i, "ri" + i, pattern, "i", Action.BLOCK));
            pool.add(RuleSpec.regex("rm" + i, "rm" + i, pattern, "ms", Action.ALLOW));
            i++;
        }
        i = 0;
        for (List<String> keywords : KEYWORDS) {
            pool.add(RuleSpec.keyword("kw" + i, "kw" + i, keywords, false, false, Action.WARN));
            pool.add(RuleSpec.keyword("kc" + i, "kc" + i, keywords, true, true, Action.BLOCK));
            pool.add(RuleSpec.keyword("kx" + i, "kx" + i, keywords, false, true, Action.ALLOW));
            i++;
        }
        pool.add(RuleSpec.detector("cc", "cc", RuleKind.CREDIT_CARD, Action.BLOCK));
        pool.add(RuleSpec.detector("iban", "iban", RuleKind.IBAN, Action.BLOCK));
        pool.add(RuleSpec.secret("secret", "secret", List.of("token", "ab"), Action.WARN));
        return pool;
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(40);
        for (int p = 0; p < pieces; p++) {
            text.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return text.toString();
    }

    /** Prose with credentials in it, as an LLM might write when asked about configuration. */
    private static String realisticText(Random random, int length) {
        List<String> parts = List.of(
                "Here is how to configure the client. ",
                "Set the environment variable before you start the service.\n",
                "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",
                "github_token = \"ghp_" + alnum(random, 36) + "\"\n",
                "slack: xoxb-" + digits(random, 12) + "-" + digits(random, 12) + "-" + alnum(random, 24) + "\n",
                "-----BEGIN RSA PRIVATE KEY-----\n" + alnum(random, 64) + "\n-----END RSA PRIVATE KEY-----\n",
                "api_key: " + alnum(random, 32) + "\n",
                "The quick brown fox jumps over the lazy dog. ",
                "Then restart the worker and check the logs for errors. ",
                "stripe sk_live_" + alnum(random, 24) + " ",
                "glpat-" + alnum(random, 20) + " ");
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(parts.get(random.nextInt(parts.size())));
        }
        return text.toString();
    }

    private static String alnum(Random random, int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(chars.charAt(random.nextInt(chars.length())));
        }
        return s.toString();
    }

    private static String digits(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    /** The compact client-side form of {@code rules}, as the server would ship it. */
    static String ruleSetJson(long version, List<RuleSpec> rules) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RuleSpec rule : rules) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", rule.id());
            r.put("name", rule.name());
            r.put("kind", rule.kind().wireName());
            if (rule.pattern() != null) {
                r.put("pattern", rule.pattern());
                r.put("flags", rule.flags());
            }
            if (!rule.keywords().isEmpty()) {
                r.put("keywords", rule.keywords());
            }
            r.put("caseSensitive", rule.caseSensitive());
            r.put("wholeWord", rule.wholeWord());
            r.put("action", rule.action().wireName());
            out.add(r);
        }
        return Node.JSON.writeValueAsString(Map.of("version", version, "rules", out));
    }

    /** The shared corpus where it lies, beside the repository; the test is skipped, saying so, where it is absent. */
    private static Path corpusFile(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("skipped: the shared corpus (shared/corpus/" + name
                + ") is not beside this repository, so the gitleaks rule set is not available");
        throw new AssertionError("unreachable");
    }
}
