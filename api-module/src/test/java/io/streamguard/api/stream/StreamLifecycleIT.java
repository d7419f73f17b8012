package io.streamguard.api.stream;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The plugin's whole journey over HTTP: key, rule, stream in pieces, one audit row. */
@ApiIntegrationTest
class StreamLifecycleIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiTestClient api;
    String apiKey;

    @BeforeEach
    void createClient() {
        api = new ApiTestClient("http://localhost:" + port);
        Response created = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "plugin under test"));
        assertThat(created.status()).isEqualTo(201);
        apiKey = created.body().get("apiKey").asString();
    }

    @Test
    void keywordSplitAcrossTwoUpdatesIsFoundOnceAndAuditedOnce() {
        String keyword = "falcon-" + System.nanoTime();
        Response rule = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of(
                        "name",
                        "Project codename",
                        "kind",
                        "keyword",
                        "keywords",
                        List.of(keyword),
                        "action",
                        "block",
                        "clientSide",
                        true));
        assertThat(rule.status()).isEqualTo(201);
        String ruleId = rule.body().get("id").asString();

        Response start = api.post(
                "/v1/stream/start",
                bearer(apiKey),
                Map.of("context", Map.of("userId", "u-42", "botId", "chatgpt", "sessionId", "tab-7")));
        assertThat(start.status()).isEqualTo(201);
        String streamId = start.body().get("streamId").asString();
        assertThat(start.body().get("clientRules").get("keywords").toString()).contains(keyword);

        String first = "The plan for project " + keyword.substring(0, 4);
        String full = "The plan for project " + keyword + " is secret.";
        Response update1 =
                api.post("/v1/stream/update", bearer(apiKey), Map.of("streamId", streamId, "content", first));
        assertThat(update1.status()).isEqualTo(200);
        assertThat(update1.body().get("action").asString()).isEqualTo("allow");
        assertThat(update1.body().get("deltaViolations")).isEmpty();

        Response update2 = api.post("/v1/stream/update", bearer(apiKey), Map.of("streamId", streamId, "content", full));
        assertThat(update2.status()).isEqualTo(200);
        assertThat(update2.body().get("action").asString()).isEqualTo("block");
        assertThat(update2.body().get("deltaViolations")).hasSize(1);
        var violation = update2.body().get("deltaViolations").get(0);
        assertThat(violation.get("ruleId").asString()).isEqualTo(ruleId);
        assertThat(violation.get("start").asInt()).isEqualTo(full.indexOf(keyword));
        assertThat(violation.get("end").asInt()).isEqualTo(full.indexOf(keyword) + keyword.length());
        assertThat(update2.body().get("position").asInt()).isEqualTo(full.length());

        Response resend = api.post("/v1/stream/update", bearer(apiKey), Map.of("streamId", streamId, "content", full));
        assertThat(resend.body().get("deltaViolations")).isEmpty();
        assertThat(resend.body().get("position").asInt()).isEqualTo(full.length());

        Response finish = api.post("/v1/stream/finish", bearer(apiKey), Map.of("streamId", streamId));
        assertThat(finish.status()).isEqualTo(200);
        assertThat(finish.body().get("action").asString()).isEqualTo("block");
        assertThat(finish.body().get("violations")).hasSize(1);
        String auditId = finish.body().get("auditId").asString();

        Response again = api.post("/v1/stream/finish", bearer(apiKey), Map.of("streamId", streamId));
        assertThat(again.body().get("auditId").asString()).isEqualTo(auditId);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(jdbc.sql("select count(*) from audit_entry where stream_id = :id")
                                .param("id", streamId)
                                .query(Long.class)
                                .single())
                        .isEqualTo(1));

        Response entry = api.get("/v1/audit/" + auditId, ADMIN);
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.body().get("outcome").asString()).isEqualTo("finished");
        assertThat(entry.body().get("content").asString()).isEqualTo(full);
        assertThat(entry.body().get("action").asString()).isEqualTo("block");
        assertThat(entry.body().get("updateCount").asInt()).isEqualTo(3);
        assertThat(entry.body().get("context").get("userId").asString()).isEqualTo("u-42");
        assertThat(entry.body().get("violations").get(0).get("ruleId").asString())
                .isEqualTo(ruleId);

        Response afterFinish =
                api.post("/v1/stream/update", bearer(apiKey), Map.of("streamId", streamId, "content", full + " more"));
        assertThat(afterFinish.status()).isEqualTo(409);
        assertThat(afterFinish.body().get("code").asString()).isEqualTo("stream_finished");
    }

    @Test
    void deltaFormAppendsAtTheServersPositionAndRefusesAStaleOne() {
        String streamId = start();
        Response first = api.post(
                "/v1/stream/update", bearer(apiKey), Map.of("streamId", streamId, "delta", "Hello ", "position", 0));
        assertThat(first.body().get("position").asInt()).isEqualTo(6);

        Response stale = api.post(
                "/v1/stream/update", bearer(apiKey), Map.of("streamId", streamId, "delta", "world", "position", 2));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.body().get("code").asString()).isEqualTo("position_mismatch");
        assertThat(stale.body().get("position").asInt()).isEqualTo(6);
    }

    @Test
    void aStreamOfAnotherClientIsNotFound() {
        String streamId = start();
        String otherKey = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "other plugin"))
                .body()
                .get("apiKey")
                .asString();

        Response stolen = api.post("/v1/stream/update", bearer(otherKey), Map.of("streamId", streamId, "content", "x"));
        Response unknown =
                api.post("/v1/stream/update", bearer(otherKey), Map.of("streamId", "no-such-stream", "content", "x"));

        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.body().get("code").asString()).isEqualTo("stream_not_found");
        assertThat(stolen.body().toString()).isEqualTo(unknown.body().toString());
    }

    @Test
    void oneShotCheckWritesOneAuditEntry() {
        Response check = api.post(
                "/v1/check",
                bearer(apiKey),
                Map.of(
                        "context",
                        Map.of("userId", "u-1", "botId", "chatgpt", "sessionId", "tab-1"),
                        "content",
                        "nothing to see here"));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.body().get("action").asString()).isEqualTo("allow");
        Response entry = api.get("/v1/audit/" + check.body().get("auditId").asString(), ADMIN);
        assertThat(entry.body().get("outcome").asString()).isEqualTo("checked");
    }

    private String start() {
        return api.post(
                        "/v1/stream/start",
                        bearer(apiKey),
                        Map.of("context", Map.of("userId", "u-1", "botId", "chatgpt", "sessionId", "tab-1")))
                .body()
                .get("streamId")
                .asString();
    }
}
