package io.streamguard.api.rules;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A client-side regex rule runs in the browser's backtracking RegExp: it ships in a JavaScript form that means
 * what the server means, and one that could backtrack exponentially is refused when saved.
 */
@ApiIntegrationTest
class ClientSideRulesIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    ApiTestClient api;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
    }

    @Test
    void aClientSideRegexThatCanBacktrackExponentiallyIsRefusedWithTheReason() {
        Map<String, Object> rule = Map.of(
                "name", "digits", "kind", "regex", "pattern", "(\\d+\\s?)+qzq", "action", "warn", "clientSide", true);
        Response refused = api.post("/v1/admin/rules", ADMIN, rule);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("code").asString()).isEqualTo("invalid_request");
        assertThat(refused.body().get("detail").asString())
                .contains("'(?:\\d+\\s?)+'", "exponential time", "one way only", "clientSide false");

        Map<String, Object> serverOnly = new java.util.HashMap<>(rule);
        serverOnly.put("clientSide", false);
        Response saved = api.post("/v1/admin/rules", ADMIN, serverOnly);
        assertThat(saved.status()).isEqualTo(201);
        assertThat(api.delete("/v1/admin/rules/" + saved.body().get("id").asString(), ADMIN)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void aClientSideRegexThatCostsTheBrowserTooMuchPerCharIsRefusedWithTheReason() {
        Map<String, Object> rule = Map.of(
                "name",
                "repeats",
                "kind",
                "regex",
                "pattern",
                "[a-y]{1,300}[a-y]{1,300}[a-y]{1,300}z",
                "action",
                "warn",
                "clientSide",
                true);
        Response refused = api.post("/v1/admin/rules", ADMIN, rule);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asString()).isEqualTo("invalid_request");
        assertThat(refused.body().get("detail").asString()).contains("steps a char", "clientSide false");

        Map<String, Object> serverOnly = new java.util.HashMap<>(rule);
        serverOnly.put("clientSide", false);
        Response saved = api.post("/v1/admin/rules", ADMIN, serverOnly);
        assertThat(saved.status()).isEqualTo(201);
        api.delete("/v1/admin/rules/" + saved.body().get("id").asString(), ADMIN);
    }

    @Test
    void aClientSideRegexShipsInAJavaScriptFormWithItsInlineFlagsTranslated() {
        Response saved = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of(
                        "name",
                        "ticket",
                        "kind",
                        "regex",
                        "pattern",
                        "(?i)qzx-(?-i:K)\\d{3}\\z",
                        "action",
                        "warn",
                        "clientSide",
                        true));
        assertThat(saved.status()).isEqualTo(201);
        String id = saved.body().get("id").asString();
        try {
            String apiKey = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "client form"))
                    .body()
                    .get("apiKey")
                    .asString();
            Response start = api.post(
                    "/v1/stream/start",
                    bearer(apiKey),
                    Map.of("context", Map.of("userId", "u", "botId", "b", "sessionId", "s")));
            assertThat(start.status()).isEqualTo(201);
            var shipped = java.util.stream.StreamSupport.stream(
                            start.body().get("clientRules").get("regex").spliterator(), false)
                    .filter(r -> r.get("id").asString().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(shipped.get("pattern").asString()).isEqualTo("[Qq][Zz][Xx]-K\\d{3}$");
            assertThat(shipped.get("flags").asString()).isEmpty();
            assertThat(api.get("/v1/admin/rules/" + id, ADMIN)
                            .body()
                            .get("pattern")
                            .asString())
                    .isEqualTo("(?i)qzx-(?-i:K)\\d{3}\\z");
        } finally {
            api.delete("/v1/admin/rules/" + id, ADMIN);
        }
    }

    @Test
    void theClientRuleSetShipsTheRulesAsAuthoredAndOnlyToAClientWithoutThatVersion() {
        Response regex = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of(
                        "name",
                        "ticket",
                        "kind",
                        "regex",
                        "pattern",
                        "(?i)qzy-(?-i:K)\\d{3}\\z",
                        "action",
                        "warn",
                        "clientSide",
                        true));
        Response keyword = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of(
                        "name",
                        "falcon",
                        "kind",
                        "keyword",
                        "keywords",
                        java.util.List.of("Project Qzfalcon"),
                        "caseSensitive",
                        false,
                        "wholeWord",
                        true,
                        "action",
                        "block",
                        "clientSide",
                        true));
        Response serverOnly = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "server only", "kind", "regex", "pattern", "qzserver\\d+", "action", "block"));
        assertThat(java.util.List.of(regex.status(), keyword.status(), serverOnly.status()))
                .containsOnly(201);
        try {
            String apiKey = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "engine form"))
                    .body()
                    .get("apiKey")
                    .asString();
            Map<String, Object> context = Map.of("userId", "u", "botId", "b", "sessionId", "s");
            Response start = api.post("/v1/stream/start", bearer(apiKey), Map.of("context", context));
            assertThat(start.status()).isEqualTo(201);
            long version = start.body().get("ruleSetVersion").asLong();
            var set = start.body().get("clientRuleSet");
            assertThat(set.get("version").asLong()).isEqualTo(version);
            Map<String, tools.jackson.databind.JsonNode> shipped = new java.util.HashMap<>();
            set.get("rules").forEach(r -> shipped.put(r.get("id").asString(), r));
            assertThat(shipped).doesNotContainKey(serverOnly.body().get("id").asString());

            var ticket = shipped.get(regex.body().get("id").asString());
            assertThat(ticket.get("kind").asString()).isEqualTo("regex");
            assertThat(ticket.get("pattern").asString()).isEqualTo("(?i)qzy-(?-i:K)\\d{3}\\z");
            assertThat(ticket.get("action").asString()).isEqualTo("warn");
            assertThat(ticket.get("name").asString()).isEqualTo("ticket");
            var falcon = shipped.get(keyword.body().get("id").asString());
            assertThat(falcon.get("kind").asString()).isEqualTo("keyword");
            assertThat(falcon.get("keywords").get(0).asString()).isEqualTo("Project Qzfalcon");
            assertThat(falcon.get("caseSensitive").asBoolean()).isFalse();
            assertThat(falcon.get("wholeWord").asBoolean()).isTrue();
            assertThat(falcon.get("action").asString()).isEqualTo("block");
            // today's field is unchanged beside it
            assertThat(start.body().get("clientRules").get("keywords").toString())
                    .contains("project qzfalcon");

            Response cached = api.post(
                    "/v1/stream/start", bearer(apiKey), Map.of("context", context, "clientRuleSetVersion", version));
            assertThat(cached.status()).isEqualTo(201);
            assertThat(cached.body().get("clientRuleSet").isNull()).isTrue();
            assertThat(cached.body().get("clientRules").get("regex").isArray()).isTrue();

            Response stale = api.post(
                    "/v1/stream/start",
                    bearer(apiKey),
                    Map.of("context", context, "clientRuleSetVersion", version - 1));
            assertThat(stale.body().get("clientRuleSet").get("version").asLong())
                    .isEqualTo(version);

            Response wrongType = api.post(
                    "/v1/stream/start", bearer(apiKey), Map.of("context", context, "clientRuleSetVersion", "new"));
            assertThat(wrongType.status()).isEqualTo(400);
            assertThat(wrongType.body().get("code").asString()).isEqualTo("invalid_request");
        } finally {
            for (Response saved : java.util.List.of(regex, keyword, serverOnly)) {
                api.delete("/v1/admin/rules/" + saved.body().get("id").asString(), ADMIN);
            }
        }
    }
}
