package io.streamguard.api.rules;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.engine.scan.Violation;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * One meaning per rule field: every field of every rule kind, set to something other than its default through
 * the HTTP API, either changes what the rule does or is refused with 400 problem+json and a code.
 */
@ApiIntegrationTest
class RuleFieldsIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    @Autowired
    RuleSetVersions versions;

    @Autowired
    RuleSets ruleSets;

    ApiTestClient api;

    String key;

    String word;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
        key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "fields"))
                .body()
                .get("apiKey")
                .asString();
        word = "fw" + Long.toString(System.nanoTime(), 36);
    }

    private Map<String, Object> base(String kind) {
        Map<String, Object> rule = new HashMap<>(Map.of("name", "fields " + kind, "kind", kind, "action", "warn"));
        switch (kind) {
            case "keyword" -> rule.put("keywords", List.of(word));
            case "regex" -> rule.put("pattern", word.toUpperCase() + "[0-9]+");
            default -> {}
        }
        return rule;
    }

    private static Map<String, Object> with(Map<String, Object> rule, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(rule);
        changed.put(field, value);
        return changed;
    }

    private void assertRefused(Map<String, Object> rule, String why) {
        Response response = api.post("/v1/admin/rules", ADMIN, rule);
        assertThat(response.status()).as(rule.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("code").asString()).isEqualTo("invalid_request");
        assertThat(response.body().get("detail").asString()).as(rule.toString()).contains(why);
    }

    private JsonNode created(Map<String, Object> rule) {
        Response response = api.post("/v1/admin/rules", ADMIN, rule);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    /** The actions of this test's rule's violations in {@code content}, checked now. */
    private List<String> fired(String ruleId, String content) {
        JsonNode body = api.post(
                        "/v1/check",
                        bearer(key),
                        Map.of("context", Map.of("userId", "u", "botId", "b", "sessionId", "s"), "content", content))
                .body();
        return body.get("violations")
                .valueStream()
                .filter(v -> v.get("ruleId").asString().equals(ruleId))
                .map(v -> v.get("action").asString() + ":" + v.get("excerpt").asString())
                .toList();
    }

    @Test
    void everyKindRefusesTheFieldsItHasNoUseFor() {
        for (String kind : List.of("regex", "credit_card", "iban")) {
            assertRefused(with(base(kind), "keywords", List.of("x")), "has no keywords");
        }
        for (String kind : List.of("keyword", "credit_card", "iban", "secret")) {
            assertRefused(with(base(kind), "pattern", "x+"), "has no pattern");
            assertRefused(with(base(kind), "flags", "i"), "has no flags");
        }
        for (String kind : List.of("credit_card", "iban")) {
            assertRefused(with(base(kind), "caseSensitive", true), "no caseSensitive option");
            assertRefused(with(base(kind), "wholeWord", true), "no wholeWord option");
            assertRefused(with(base(kind), "clientSide", true), "client-side");
        }
        assertRefused(with(base("secret"), "caseSensitive", true), "always case-insensitive");
        assertRefused(with(base("secret"), "wholeWord", true), "remove wholeWord");
        assertRefused(with(base("secret"), "clientSide", true), "client-side");
        assertRefused(with(base("regex"), "wholeWord", true), "write \\b at the pattern's ends");
        assertRefused(with(with(base("regex"), "flags", "i"), "caseSensitive", true), "contradicts the i flag");
        for (String kind : List.of("keyword", "regex", "credit_card", "iban", "secret")) {
            assertRefused(with(base(kind), "action", "allow"), "action must be warn or block");
            assertRefused(with(base(kind), "id", "r-1"), "the id is given by the server");
        }
        assertRefused(with(base("keyword"), "kind", "magic"), "kind must be one of");
    }

    @Test
    void aRegexRuleThatIsNotCaseSensitiveGetsTheIFlagAndSaysSo() {
        JsonNode plain = created(base("regex"));
        assertThat(plain.get("caseSensitive").asBoolean()).isTrue();
        assertThat(plain.get("wholeWord").asBoolean()).isFalse();
        assertThat(fired(plain.get("id").asString(), word + "12")).isEmpty();
        assertThat(fired(plain.get("id").asString(), word.toUpperCase() + "12")).hasSize(1);

        JsonNode folded = created(with(base("regex"), "caseSensitive", false));
        assertThat(folded.get("flags").asString()).isEqualTo("i");
        assertThat(folded.get("caseSensitive").asBoolean()).isFalse();
        assertThat(fired(folded.get("id").asString(), "say " + word + "12")).containsExactly("warn:" + word + "12");

        JsonNode byFlag = created(with(base("regex"), "flags", "i"));
        assertThat(byFlag.get("caseSensitive").asBoolean()).isFalse();
        assertThat(fired(byFlag.get("id").asString(), word + "7")).hasSize(1);
    }

    @Test
    void theKeywordFieldsChangeWhatFires() {
        String id = created(base("keyword")).get("id").asString();
        assertThat(fired(id, "a " + word.toUpperCase() + " and " + word + "s")).hasSize(2);

        JsonNode exact = api.put("/v1/admin/rules/" + id, ADMIN, with(base("keyword"), "caseSensitive", true))
                .body();
        assertThat(exact.get("caseSensitive").asBoolean()).isTrue();
        assertThat(fired(id, "a " + word.toUpperCase() + " and " + word + "s")).containsExactly("warn:" + word);

        api.put("/v1/admin/rules/" + id, ADMIN, with(base("keyword"), "wholeWord", true));
        assertThat(fired(id, "a " + word.toUpperCase() + " and " + word + "s"))
                .containsExactly("warn:" + word.toUpperCase());

        api.put("/v1/admin/rules/" + id, ADMIN, with(base("keyword"), "action", "block"));
        assertThat(fired(id, word)).containsExactly("block:" + word);

        Response renamed = api.put(
                "/v1/admin/rules/" + id,
                ADMIN,
                with(with(base("keyword"), "name", "renamed"), "description", "why it exists"));
        assertThat(renamed.body().get("name").asString()).isEqualTo("renamed");
        assertThat(renamed.body().get("description").asString()).isEqualTo("why it exists");

        api.put("/v1/admin/rules/" + id, ADMIN, with(base("keyword"), "enabled", false));
        assertThat(fired(id, word)).isEmpty();

        Response otherId = api.put("/v1/admin/rules/" + id, ADMIN, with(base("keyword"), "id", "r-999999"));
        assertThat(otherId.status()).isEqualTo(400);
        assertThat(otherId.body().get("code").asString()).isEqualTo("invalid_request");
        assertThat(api.put("/v1/admin/rules/" + id, ADMIN, with(base("keyword"), "id", id))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void clientSideRulesAreShippedWithTheirFolding() {
        String id = created(with(with(base("keyword"), "clientSide", true), "keywords", List.of(word + "kiss")))
                .get("id")
                .asString();
        String regexId = created(with(with(base("regex"), "clientSide", true), "caseSensitive", false))
                .get("id")
                .asString();
        JsonNode start = api.post(
                        "/v1/stream/start",
                        bearer(key),
                        Map.of("context", Map.of("userId", "u", "botId", "b", "sessionId", "s")))
                .body();
        JsonNode regex = start.get("clientRules")
                .get("regex")
                .valueStream()
                .filter(r -> r.get("id").asString().equals(regexId))
                .findFirst()
                .orElseThrow();
        assertThat(regex.get("flags").asString()).isEqualTo("i");
        JsonNode shipped = start.get("clientRules")
                .get("keywords")
                .valueStream()
                .filter(k -> k.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(shipped.get("caseSensitive").asBoolean()).isFalse();
        assertThat(shipped.get("folded").get(0).asString()).isEqualTo(word + "kiss");
        assertThat(shipped.get("foldMap").get("\u212A").asString()).isEqualTo("k");
        assertThat(shipped.get("foldMap").get("\u017F").asString()).isEqualTo("s");
        assertThat(shipped.get("foldMap").get("\u0130").asString()).isEqualTo("i");
    }

    @Test
    void theSecretKindUsesItsNearKeywords() {
        String id = created(with(base("secret"), "keywords", List.of(word)))
                .get("id")
                .asString();
        String token = "Zx9Qw3Er7Ty1Ui5Op2As8Df4Gh6Jk0Lm";
        assertThat(fired(id, word + " = " + token)).hasSize(1);
        assertThat(fired(id, "token = " + token)).isEmpty();
    }

    @Test
    void aSnapshotSavedBeforeFieldsHadOneMeaningKeepsItsMeaning() {
        String old = """
                [{"id":"r-old1","name":"old regex","kind":"regex","pattern":"%1$s[0-9]+","flags":"",
                  "keywords":[],"caseSensitive":false,"wholeWord":true,"action":"warn","clientSide":false,
                  "enabled":true,"description":""},
                 {"id":"r-old2","name":"old keyword","kind":"keyword","pattern":"ignored","flags":"",
                  "keywords":["%2$s"],"caseSensitive":false,"wholeWord":false,"action":"block","clientSide":false,
                  "enabled":true,"description":""}]
                """.formatted(word.toUpperCase(), word);
        long version = versions.saveAndFlush(new RuleSetVersion("test", Instant.now(), old))
                .version();
        var rules = ruleSets.ruleSet(version);
        assertThat(rules.rules()).hasSize(2);
        assertThat(rules.check(word + "1 " + word.toUpperCase() + "2 x" + word + "x"))
                .extracting(Violation::ruleId, Violation::excerpt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("r-old2", word),
                        org.assertj.core.groups.Tuple.tuple("r-old1", word.toUpperCase() + "2"),
                        org.assertj.core.groups.Tuple.tuple("r-old2", word.toUpperCase()),
                        org.assertj.core.groups.Tuple.tuple("r-old2", word));
    }
}
