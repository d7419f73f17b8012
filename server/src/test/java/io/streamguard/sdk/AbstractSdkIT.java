package io.streamguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.console.AbstractConsoleIT;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK in the console tests' Chromium, on the same node and Spring context: a page of the node (same origin,
 * as the API has no CORS) gets the harness script, which imports {@code /sdk/streamguard.js} and runs what the
 * tests hand it. Data goes in and out as JSON, escaped to ASCII so that every UTF-16 unit arrives as it left.
 */
abstract class AbstractSdkIT extends AbstractConsoleIT {

    static final JsonMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final String HARNESS = resource("/sdk/harness.js");

    private final List<String> rulesCreated = new ArrayList<>();

    /** Opens a page of the node, loads the harness and the SDK into it; answers what the module exports. */
    JsonNode openSdkPage() {
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofMinutes(3));
        browser.driver().get("http://localhost:" + port + "/sdk/streamguard.js");
        browser.script("document.documentElement.innerHTML = '<head><title>SDK test</title></head><body></body>'");
        browser.script(HARNESS);
        return call("load", null);
    }

    /** Calls {@code sgTest[function](json)} in the page and waits for its promise; a rejection fails the test. */
    JsonNode call(String function, Object input) {
        Object answer = ((JavascriptExecutor) browser.driver())
                .executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        Promise.resolve()
                            .then(() => window.sgTest[arguments[0]](arguments[1]))
                            .then(result => done(JSON.stringify({ result })),
                                  e => done(JSON.stringify({ error: String(e && e.stack || e) })));
                        """, function, input == null ? null : JSON.writeValueAsString(input));
        JsonNode node = JSON.readTree((String) answer);
        assertThat(node.has("error"))
                .as("%s in the page: %s", function, node.path("error").asString(""))
                .isFalse();
        return node.get("result");
    }

    String newApiKey() {
        Response created = api.post("/v1/admin/api-clients", admin(), Map.of("name", unique("SDK test ")));
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("apiKey").asString();
    }

    /** Creates a rule through the admin API (201 asserted); it is deleted after the class. */
    String createRule(Map<String, Object> rule) {
        Response created = api.post("/v1/admin/rules", admin(), rule);
        assertThat(created.status()).as("rule %s: %s", rule, created.body()).isEqualTo(201);
        String id = created.body().get("id").asString();
        rulesCreated.add(id);
        return id;
    }

    void deleteRule(String id) {
        Response deleted = api.delete("/v1/admin/rules/" + id, admin());
        assertThat(deleted.status()).isBetween(200, 299);
        rulesCreated.remove(id);
    }

    @AfterAll
    void deleteTheRulesCreated() {
        for (String id : List.copyOf(rulesCreated)) {
            deleteRule(id);
        }
    }

    static Map<String, Object> context(String userId, String sessionId) {
        return Map.of("userId", userId, "botId", "sdk-test", "sessionId", sessionId);
    }

    /** {@code POST /v1/stream/start} as the SDK calls it: the answer carries {@code clientRuleSet}. */
    JsonNode start(String apiKey, Map<String, Object> context) {
        Response started = api.post("/v1/stream/start", ApiTestClient.bearer(apiKey), Map.of("context", context));
        assertThat(started.status()).as("start: %s", started.body()).isEqualTo(201);
        return started.body();
    }

    /** {@code POST /v1/check}, waiting out the per-client rate limit if it answers 429. */
    JsonNode check(String apiKey, Map<String, Object> context, String content) {
        for (int attempt = 0; ; attempt++) {
            Response checked =
                    api.post("/v1/check", ApiTestClient.bearer(apiKey), Map.of("context", context, "content", content));
            if (checked.status() == 429 && attempt < 20) {
                long seconds =
                        checked.raw().headers().firstValueAsLong("Retry-After").orElse(1);
                sleep(Duration.ofSeconds(Math.max(1, seconds)));
                continue;
            }
            assertThat(checked.status()).as("check: %s", checked.body()).isEqualTo(200);
            return checked.body();
        }
    }

    /** The audit rows of a user (whose id no other test uses). */
    List<JsonNode> auditRowsOf(String userId) {
        Response found = api.get("/v1/audit?limit=100&userId=" + userId, admin());
        assertThat(found.status()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        found.body().get("items").forEach(rows::add);
        return rows;
    }

    JsonNode auditEntry(String auditId) {
        Response entry = api.get("/v1/audit/" + auditId, admin());
        assertThat(entry.status()).as("audit entry %s", auditId).isEqualTo(200);
        return entry.body();
    }

    /** Violations as comparable text, {@code ruleId [start, end) action}, sorted: from the API's objects. */
    static List<String> spans(JsonNode violations) {
        List<String> spans = new ArrayList<>();
        for (JsonNode v : violations) {
            if (v.isArray()) {
                spans.add(span(
                        v.get(0).asString(),
                        v.get(1).asInt(),
                        v.get(2).asInt(),
                        v.get(3).asString()));
            } else {
                spans.add(span(
                        v.get("ruleId").asString(),
                        v.get("start").asInt(),
                        v.get("end").asInt(),
                        v.get("action").asString()));
            }
        }
        spans.sort(null);
        return spans;
    }

    /** The same, keeping only the rules with these ids. */
    static List<String> spans(JsonNode violations, java.util.Set<String> ruleIds) {
        return spans(violations).stream()
                .filter(s -> ruleIds.contains(s.substring(0, s.indexOf(' '))))
                .toList();
    }

    static String span(String ruleId, int start, int end, String action) {
        return ruleId + " [" + start + ", " + end + ") " + action;
    }

    /** The engine's rule specs of a {@code clientRuleSet} (the form {@code plugin-sdk} reads). */
    static List<RuleSpec> specs(JsonNode clientRuleSet) {
        List<RuleSpec> specs = new ArrayList<>();
        for (JsonNode r : clientRuleSet.get("rules")) {
            List<String> keywords = new ArrayList<>();
            r.path("keywords").forEach(k -> keywords.add(k.asString()));
            specs.add(new RuleSpec(
                    r.get("id").asString(),
                    r.path("name").asString(r.get("id").asString()),
                    RuleKind.fromWire(r.get("kind").asString()),
                    r.path("pattern").isString() ? r.get("pattern").asString() : null,
                    r.path("flags").asString(""),
                    keywords,
                    r.path("caseSensitive").asBoolean(false),
                    r.path("wholeWord").asBoolean(false),
                    Action.fromWire(r.get("action").asString())));
        }
        return specs;
    }

    /** A rule set in the compact form, for {@code compile} in the page. */
    static Map<String, Object> ruleSet(long version, List<RuleSpec> rules) {
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
        return Map.of("version", version, "rules", out);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(AbstractSdkIT.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
