package io.streamguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.ScanUpdate;
import io.streamguard.engine.scan.StreamScan;
import io.streamguard.engine.scan.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SDK's local checks in Chromium against the server, span for span: random rule sets of client-side regex
 * and keyword rules saved through the admin API, thousands of random texts checked in the page by
 * {@code compile(clientRuleSet).check} and on the server by {@code /v1/check}; streams pushed at random cuts
 * report, push by push, what the server's engine reports for the same pushes. And patterns that hang a
 * backtracking engine run in linear time in the page.
 */
class SdkDifferentialIT extends AbstractSdkIT {

    private static final int RULE_SETS = 3;
    private static final int TEXTS_PER_SET = 700;
    private static final int STREAMS_PER_SET = 40;

    /** Patterns the server accepts for client-side use: no exponential or polynomial backtracking. */
    private static final List<String> PATTERNS = List.of(
            "a+b",
            "ab|a",
            "a[ab]*c",
            "\\bfoo\\b",
            "[0-9]{2,4}",
            "x[a-c]*y",
            "^ab",
            "b$",
            "^foo.*$",
            "foo(bar)?",
            "\\d+-\\d",
            "AKIA[0-9A-Z]{4}",
            "(?:ab){2,}",
            "a\\s+b",
            "o\\b",
            "\\Bo",
            "[a-z]{3}\\.[a-z]",
            "token\\s*[=:]\\s*[A-Za-z0-9]{4,}",
            "y|yx|xyz",
            "\\D\\d\\D",
            "[^a-z ]+",
            "stra(ß|ss)e",
            "\\bİst",
            "[İı]",
            "ſ",
            "ß",
            "k",
            "\\bk\\w*",
            "colou?r",
            "[\\w.]+@\\w+\\.[a-z]{2,3}");

    private static final List<String> FLAGS = List.of("", "i", "m", "is", "im");

    /** Keywords with the case-folding traps: dotted and dotless i, long s, sharp s, Kelvin sign. */
    private static final List<List<String>> KEYWORDS = List.of(
            List.of("foo"),
            List.of("foo bar"),
            List.of("ab", "b"),
            List.of("İstanbul"),
            List.of("ıstanbul", "ISTANBUL"),
            List.of("ſecret"),
            List.of("secret"),
            List.of("straße"),
            List.of("STRASSE"),
            List.of("K"),
            List.of("kelvin"),
            List.of("é", "e\u0301"),
            List.of("token", "oken"),
            List.of("project falcon"),
            List.of("_1", "-"));

    /** Pieces of text that make matches (and near misses) likely. */
    private static final List<String> PIECES = List.of(
            "a",
            "b",
            "ab",
            "c",
            "x",
            "y",
            "o",
            "k",
            "K",
            "\u212A",
            "foo",
            "Foo",
            "FOO",
            "bar",
            "BAR",
            " ",
            " ",
            " ",
            "  ",
            "\n",
            "\r\n",
            "\t",
            ".",
            "-",
            "_",
            "=",
            ": ",
            "@",
            "1",
            "12",
            "2026",
            "token",
            "TOKEN",
            "AKIA",
            "QX7Z",
            "ab1",
            "colour",
            "color",
            "mail.me@host.com",
            "İstanbul",
            "istanbul",
            "ISTANBUL",
            "Istanbul",
            "ıstanbul",
            "İ",
            "ı",
            "i",
            "I",
            "ſecret",
            "secret",
            "SECRET",
            "ſ",
            "s",
            "S",
            "straße",
            "STRASSE",
            "strasse",
            "STRAẞE",
            "ß",
            "ẞ",
            "ss",
            "é",
            "e\u0301",
            "É",
            "kelvin",
            "\u212Aelvin",
            "KELVIN",
            "project falcon",
            "Project Falcon",
            "project  falcon",
            "\uD83D\uDE00",
            "カタ",
            "漢",
            "ไทย",
            "\u2028",
            "'s");

    @Test
    void localViolationsEqualTheServersForRandomRuleSetsAndTexts() throws Exception {
        Random random = new Random(16_16);
        String apiKey = newApiKey();
        List<String> checkKeys = List.of(newApiKey(), newApiKey(), newApiKey(), newApiKey());
        String user = unique("u-diff-");
        openSdkPage();

        int texts = 0;
        int fired = 0;
        int streamPushes = 0;
        long started = System.nanoTime();
        List<String> previous = List.of();
        for (int set = 0; set < RULE_SETS; set++) {
            previous.forEach(this::deleteRule);
            List<String> ids = randomRules(random, 16);
            previous = ids;

            JsonNode start = start(apiKey, context(user, "set-" + set));
            JsonNode clientRuleSet = start.get("clientRuleSet");
            assertThat(clientRuleSet)
                    .as("the start answer carries the client rule set")
                    .isNotNull();
            long version = clientRuleSet.get("version").asLong();
            assertThat(version).isEqualTo(start.get("ruleSetVersion").asLong());
            Set<String> clientIds = new HashSet<>();
            clientRuleSet.get("rules").forEach(r -> clientIds.add(r.get("id").asString()));
            assertThat(clientIds).containsAll(ids);

            List<String> setTexts = new ArrayList<>();
            for (int n = 0; n < TEXTS_PER_SET; n++) {
                setTexts.add(text(random));
            }
            List<Map<String, Object>> streams = new ArrayList<>();
            for (int n = 0; n < STREAMS_PER_SET; n++) {
                String text = setTexts.get(n);
                streams.add(Map.of("text", text, "cuts", cuts(random, text)));
            }
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("ruleSet", clientRuleSet);
            input.put("texts", setTexts);
            input.put("streams", streams);
            input.put("apiKey", apiKey);
            input.put("context", context(user, "streams-" + set));
            JsonNode page = call("differential", input);
            assertThat(page.get("version").asLong()).isEqualTo(version);
            assertThat(page.get("failed"))
                    .as("calls the SDK's streams made that failed")
                    .isEmpty();
            List<Long> starts = new ArrayList<>();
            page.get("starts").forEach(v -> starts.add(v.isNull() ? null : v.asLong()));
            assertThat(starts)
                    .as("clientRuleSetVersion of each start: none at first, then the cached version")
                    .hasSize(STREAMS_PER_SET)
                    .startsWith((Long) null)
                    .containsOnly(null, version)
                    .containsOnlyOnce((Long) null);

            List<JsonNode> server = checkAll(checkKeys, context(user, "check-" + set), setTexts);
            for (int n = 0; n < setTexts.size(); n++) {
                List<String> expected = spans(server.get(n).get("violations"), clientIds);
                assertThat(spans(page.get("checks").get(n)))
                        .as("rule set %d, check of %s", version, JSON.writeValueAsString(setTexts.get(n)))
                        .isEqualTo(expected);
                fired += expected.size();
            }
            texts += setTexts.size();

            CompiledRuleSet engine = RuleSetCompiler.compile(version, specs(clientRuleSet));
            for (int n = 0; n < streams.size(); n++) {
                JsonNode stream = page.get("streams").get(n);
                String text = setTexts.get(n);
                @SuppressWarnings("unchecked")
                List<Integer> cuts = (List<Integer>) streams.get(n).get("cuts");
                assertThat(stream.get("ruleSetVersion").asLong()).isEqualTo(version);
                StreamScan scan = engine.newScan();
                Set<String> reported = new HashSet<>();
                for (int p = 0; p < cuts.size(); p++) {
                    ScanUpdate update = scan.update(engine, text.substring(0, cuts.get(p)));
                    // a violation is reported once, when it becomes certain or its span settles differently
                    List<Violation> fresh = new ArrayList<>();
                    update.revised().forEach(r -> fresh.add(r.current()));
                    fresh.addAll(update.newViolations());
                    List<String> expected = engineSpans(fresh).stream()
                            .distinct()
                            .filter(reported::add)
                            .toList();
                    assertThat(spans(stream.get("pushes").get(p)))
                            .as("rule set %d, push %d (cuts %s) of %s", version, p, cuts, JSON.writeValueAsString(text))
                            .isEqualTo(expected);
                }
                assertThat(spans(stream.get("local")))
                        .as(
                                "rule set %d, local violations after the pushes (cuts %s) of %s",
                                version, cuts, JSON.writeValueAsString(text))
                        .isEqualTo(engineSpans(scan.violations()));
                streamPushes += cuts.size();
                assertThat(spans(stream.get("finished"), clientIds))
                        .as("the stream's finish and /v1/check of %s", JSON.writeValueAsString(text))
                        .isEqualTo(spans(server.get(n).get("violations"), clientIds));
                assertThat(stream.get("action").asString())
                        .isEqualTo(server.get(n).get("action").asString());
            }
            System.out.printf(
                    "SDK differential, rule set %d (%d client-side rules): %d texts checked in the page in %.0f ms%n",
                    version,
                    clientIds.size(),
                    setTexts.size(),
                    page.get("checkMs").asDouble());
        }
        assertThat(fired).as("the texts fire the rules").isGreaterThan(texts);
        System.out.printf(
                "SDK differential in Chromium: %d rule sets, %d texts, %d violations, %d stream pushes, no difference"
                        + " (%.1f s)%n",
                RULE_SETS, texts, fired, streamPushes, (System.nanoTime() - started) / 1e9);
    }

    @Test
    void patternsThatHangABacktrackingEngineRunInLinearTimeInThePage() {
        openSdkPage();
        String as = "a".repeat(100_000);
        List<Object[]> cases = List.of(
                new Object[] {"(a+)+$", as + "b"},
                new Object[] {"(x+x+)+y", "x".repeat(100_000)},
                new Object[] {"(a|a)*b", as},
                new Object[] {"(a|a)*b", as + "b"});
        List<Map<String, Object>> input = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        for (Object[] c : cases) {
            List<RuleSpec> rules = List.of(RuleSpec.regex("nested", "nested", (String) c[0], "", Action.BLOCK));
            input.add(Map.of("ruleSet", ruleSet(1, rules), "text", c[1]));
            expected.add(engineSpans(RuleSetCompiler.compile(1, rules).check((String) c[1])));
        }
        JsonNode answers = call("catastrophic", Map.of("cases", input));
        for (int n = 0; n < cases.size(); n++) {
            JsonNode answer = answers.get(n);
            assertThat(spans(answer.get("violations")))
                    .as("%s over %d chars", cases.get(n)[0], ((String) cases.get(n)[1]).length())
                    .isEqualTo(expected.get(n));
            assertThat(answer.get("ms").asDouble())
                    .as("milliseconds for %s over %d chars", cases.get(n)[0], ((String) cases.get(n)[1]).length())
                    .isLessThan(10_000);
            System.out.printf(
                    "SDK in Chromium: %s over %,d chars in %.0f ms%n",
                    cases.get(n)[0],
                    ((String) cases.get(n)[1]).length(),
                    answer.get("ms").asDouble());
        }
        assertThat(expected.get(3)).as("(a|a)*b matches a^100000 b whole").hasSize(1);
    }

    /** Random client-side rules from the pools, each saved through the admin API. */
    private List<String> randomRules(Random random, int count) {
        List<String> ids = new ArrayList<>();
        String tag = unique("diff ");
        for (int n = 0; n < count; n++) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", tag + " " + n);
            rule.put("action", random.nextBoolean() ? "warn" : "block");
            rule.put("clientSide", true);
            if (random.nextInt(5) < 3) {
                rule.put("kind", "regex");
                rule.put("pattern", PATTERNS.get(random.nextInt(PATTERNS.size())));
                rule.put("flags", FLAGS.get(random.nextInt(FLAGS.size())));
            } else {
                rule.put("kind", "keyword");
                rule.put("keywords", KEYWORDS.get(random.nextInt(KEYWORDS.size())));
                rule.put("caseSensitive", random.nextInt(3) == 0);
                rule.put("wholeWord", random.nextBoolean());
            }
            ids.add(createRule(rule));
        }
        return ids;
    }

    /** {@code /v1/check} of every text, spread over several clients (each may check 100 texts a second). */
    private List<JsonNode> checkAll(List<String> keys, Map<String, Object> context, List<String> texts)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(keys.size());
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int n = 0; n < texts.size(); n++) {
                String key = keys.get(n % keys.size());
                String text = texts.get(n);
                answers.add(pool.submit(() -> check(key, context, text)));
            }
            List<JsonNode> out = new ArrayList<>();
            for (Future<JsonNode> answer : answers) {
                out.add(answer.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> engineSpans(List<Violation> violations) {
        List<String> spans = new ArrayList<>();
        for (Violation v : violations) {
            spans.add(span(v.ruleId(), v.start(), v.end(), v.action().wireName()));
        }
        spans.sort(null);
        return spans;
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = 1 + random.nextInt(30);
        for (int p = 0; p < pieces; p++) {
            text.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return text.toString();
    }

    /** Random cut points of a text, never inside a surrogate pair, the last at its end. */
    private static List<Integer> cuts(Random random, String text) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            at = Math.min(text.length(), at + 1 + random.nextInt(8));
            if (at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
                at++;
            }
            cuts.add(at);
        }
        return cuts;
    }
}
