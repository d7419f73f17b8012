package io.streamguard.api.rules;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rule authoring: every change is validated, makes a new rule-set version and a history line. */
@ApiIntegrationTest
class RulesIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiTestClient api;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
    }

    @Test
    void createReadUpdateDisableDeleteEachMakeAVersionWithItsAuthor() {
        long before = latestVersion();
        Response created = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of(
                        "name",
                        "AWS key",
                        "kind",
                        "regex",
                        "pattern",
                        "AKIA[0-9A-Z]{16}",
                        "action",
                        "block",
                        "clientSide",
                        true,
                        "description",
                        "keys"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(id).startsWith("r-");
        assertThat(created.body().get("createdBy").asString()).isEqualTo("admin");
        assertThat(latestVersion()).isEqualTo(before + 1);

        assertThat(api.get("/v1/admin/rules/" + id, ADMIN).body().get("pattern").asString())
                .isEqualTo("AKIA[0-9A-Z]{16}");

        Response updated = api.put(
                "/v1/admin/rules/" + id,
                ADMIN,
                Map.of("name", "AWS access key", "kind", "regex", "pattern", "AKIA[0-9A-Z]{16}", "action", "warn"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("action").asString()).isEqualTo("warn");

        assertThat(api.post("/v1/admin/rules/" + id + "/disable", ADMIN, Map.of())
                        .body()
                        .get("enabled")
                        .asBoolean())
                .isFalse();
        assertThat(api.delete("/v1/admin/rules/" + id, ADMIN).status()).isEqualTo(204);
        assertThat(api.get("/v1/admin/rules/" + id, ADMIN).status()).isEqualTo(404);
        assertThat(latestVersion()).isEqualTo(before + 4);

        var history = jdbc.sql("select change, changed_by from rule_change where rule_id = :id order by id")
                .param("id", id)
                .query((rs, n) -> rs.getString(1) + " by " + rs.getString(2))
                .list();
        assertThat(history)
                .containsExactly("created by admin", "updated by admin", "updated by admin", "deleted by admin");
    }

    @Test
    void aDisabledRuleNoLongerFiresForNewStreams() {
        String word = "dis" + Long.toString(System.nanoTime(), 36);
        String id = api.post(
                        "/v1/admin/rules",
                        ADMIN,
                        Map.of("name", "d", "kind", "keyword", "keywords", List.of(word), "action", "warn"))
                .body()
                .get("id")
                .asString();
        String key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "rules"))
                .body()
                .get("apiKey")
                .asString();
        Map<String, Object> check =
                Map.of("context", Map.of("userId", "u", "botId", "b", "sessionId", "s"), "content", "say " + word);
        assertThat(api.post("/v1/check", bearer(key), check)
                        .body()
                        .get("action")
                        .asString())
                .isEqualTo("warn");
        api.post("/v1/admin/rules/" + id + "/disable", ADMIN, Map.of());
        assertThat(api.post("/v1/check", bearer(key), check)
                        .body()
                        .get("action")
                        .asString())
                .isEqualTo("allow");
    }

    @Test
    void invalidRulesAreRefusedSayingWhy() {
        Response lookaround = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "x", "kind", "regex", "pattern", "foo(?=bar)", "action", "warn"));
        assertThat(lookaround.status()).isEqualTo(400);
        assertThat(lookaround.body().get("detail").asString()).containsIgnoringCase("lookahead");

        Response badKind = api.post("/v1/admin/rules", ADMIN, Map.of("name", "x", "kind", "magic", "action", "warn"));
        assertThat(badKind.body().get("detail").asString()).contains("kind must be one of");

        Response badAction = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "x", "kind", "keyword", "keywords", List.of("a"), "action", "allow"));
        assertThat(badAction.status()).isEqualTo(400);

        Response noName = api.post(
                "/v1/admin/rules", ADMIN, Map.of("kind", "keyword", "keywords", List.of("a"), "action", "warn"));
        assertThat(noName.body().get("detail").asString()).contains("name");

        Response detectorClientSide = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "cards", "kind", "credit_card", "action", "block", "clientSide", true));
        assertThat(detectorClientSide.status()).isEqualTo(400);
        assertThat(detectorClientSide.body().get("detail").asString()).contains("client-side");
    }

    @Test
    void importingGitleaksTakesThePortableRulesAndSaysWhyOthersAreRefused() throws Exception {
        String toml = """
                title = "sample"

                [[rules]]
                id = "aws-access-token"
                description = "AWS"
                regex = '''(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}'''
                keywords = ["akia"]

                [[rules]]
                id = "lookahead"
                description = "not portable"
                regex = '''key(?=[a-z]{10})'''
                """;
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/v1/admin/rules/import/gitleaks?action=warn"))
                .header("Authorization", ADMIN)
                .header("Content-Type", "application/toml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(toml))
                .build();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        var report = tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
        assertThat(report.get("created")).hasSize(1);
        assertThat(report.get("created").get(0).get("pattern").asString()).contains("AKIA");
        assertThat(report.get("refused")).hasSize(1);
        assertThat(report.get("refused").get(0).get("ruleId").asString()).isEqualTo("lookahead");
        assertThat(report.get("refused").get(0).get("reasons").toString()).containsIgnoringCase("lookahead");
    }

    @Test
    void aMissingRuleIsNotFound() {
        Response missing = api.get("/v1/admin/rules/r-999999999", ADMIN);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("code").asString()).isEqualTo("rule_not_found");
    }

    private long latestVersion() {
        return jdbc.sql("select max(version) from rule_set_version")
                .query(Long.class)
                .single();
    }
}
