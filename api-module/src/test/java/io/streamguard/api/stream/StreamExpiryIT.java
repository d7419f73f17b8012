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
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Expiry is a finish: a stream abandoned with a match still pending at the end of its text is audited with
 * exactly the verdict and violations that finishing it would have given, and the outcome {@code expired}.
 */
@ApiIntegrationTest
@TestPropertySource(
        properties = {
            "streamguard.limits.idle-timeout-seconds=" + StreamExpiryIT.IDLE_SECONDS,
            "streamguard.janitor.interval-millis=300"
        })
class StreamExpiryIT {

    static final int IDLE_SECONDS = 3;
    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiTestClient api;
    String apiKey;
    String ruleId = "";

    @BeforeEach
    void createClient() {
        api = new ApiTestClient("http://localhost:" + port);
        apiKey = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "abandoning plugin"))
                .body()
                .get("apiKey")
                .asString();
    }

    @AfterEach
    void deleteRule() {
        assertThat(api.delete("/v1/admin/rules/" + ruleId, ADMIN).status()).isEqualTo(204);
    }

    @Test
    void aWholeWordKeywordCutAtTheEndOfAnAbandonedStreamIsInItsExpiredRow() {
        ruleId = rule(Map.of(
                "name",
                "Codename " + System.nanoTime(),
                "kind",
                "keyword",
                "keywords",
                List.of("project falcon"),
                "caseSensitive",
                false,
                "wholeWord",
                true,
                "action",
                "block"));
        List<String> updates = List.of("Ask about project fal", "con");

        String abandoned = start();
        Response last = send(abandoned, updates);
        assertThat(last.body().get("action").asString())
                .as("the word may go on")
                .isEqualTo("allow");
        String finished = start();
        send(finished, updates);
        Response finish = api.post("/v1/stream/finish", bearer(apiKey), Map.of("streamId", finished));
        assertThat(finish.body().get("action").asString()).isEqualTo("block");

        JsonNode expired = expiredRow(abandoned);
        assertThat(expired.get("outcome").asString()).isEqualTo("expired");
        assertThat(expired.get("content").asString()).isEqualTo("Ask about project falcon");
        assertThat(expired.get("action").asString()).isEqualTo("block");
        assertThat(ours(expired.get("violations"))).singleElement().satisfies(v -> {
            assertThat(v.get("start").asInt()).isEqualTo(10);
            assertThat(v.get("end").asInt()).isEqualTo(24);
            assertThat(v.get("excerpt").asString()).isEqualTo("project falcon");
        });
        assertSameVerdict(expired, auditEntry(finish.body().get("auditId").asString()));
    }

    @Test
    void aRegexMatchEndingAtTheEndOfAnAbandonedStreamIsInItsExpiredRow() {
        ruleId = rule(Map.of(
                "name",
                "Secret block " + System.nanoTime(),
                "kind",
                "regex",
                "pattern",
                "BEGIN SECRET[^#]*END SECRET",
                "action",
                "block"));
        List<String> updates = List.of("here BEGIN SECRET abc ", "END SECRET");

        String abandoned = start();
        send(abandoned, updates);
        String finished = start();
        send(finished, updates);
        Response finish = api.post("/v1/stream/finish", bearer(apiKey), Map.of("streamId", finished));
        assertThat(finish.body().get("action").asString()).isEqualTo("block");

        JsonNode expired = expiredRow(abandoned);
        assertThat(expired.get("outcome").asString()).isEqualTo("expired");
        assertThat(expired.get("action").asString()).isEqualTo("block");
        assertThat(ours(expired.get("violations"))).singleElement().satisfies(v -> {
            assertThat(v.get("start").asInt()).isEqualTo(5);
            assertThat(v.get("end").asInt()).isEqualTo(32);
        });
        assertSameVerdict(expired, auditEntry(finish.body().get("auditId").asString()));

        Response late = api.post("/v1/stream/update", bearer(apiKey), Map.of("streamId", abandoned, "content", "x"));
        assertThat(late.status()).isEqualTo(404);
    }

    private void assertSameVerdict(JsonNode expired, JsonNode finished) {
        assertThat(finished.get("outcome").asString()).isEqualTo("finished");
        for (String field : List.of("action", "content", "violations", "blockedAt", "updateCount")) {
            assertThat(expired.get(field)).as(field).isEqualTo(finished.get(field));
        }
    }

    private JsonNode expiredRow(String streamId) {
        UUID auditId = await().atMost(Duration.ofSeconds(IDLE_SECONDS + 20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> jdbc.sql("select id from audit_entry where stream_id = :id")
                                .param("id", streamId)
                                .query(UUID.class)
                                .optional(),
                        Optional::isPresent)
                .orElseThrow();
        return auditEntry(auditId.toString());
    }

    private JsonNode auditEntry(String auditId) {
        Response entry = api.get("/v1/audit/" + auditId, ADMIN);
        assertThat(entry.status()).isEqualTo(200);
        return entry.body();
    }

    private List<JsonNode> ours(JsonNode violations) {
        return violations
                .valueStream()
                .filter(v -> v.get("ruleId").asString().equals(ruleId))
                .toList();
    }

    private String rule(Map<String, Object> definition) {
        Response rule = api.post("/v1/admin/rules", ADMIN, definition);
        assertThat(rule.status()).isEqualTo(201);
        return rule.body().get("id").asString();
    }

    private Response send(String streamId, List<String> deltas) {
        int position = 0;
        Response answer = null;
        for (String delta : deltas) {
            answer = api.post(
                    "/v1/stream/update",
                    bearer(apiKey),
                    Map.of("streamId", streamId, "delta", delta, "position", position));
            assertThat(answer.status()).isEqualTo(200);
            position += delta.length();
        }
        return answer;
    }

    private String start() {
        Response start = api.post(
                "/v1/stream/start",
                bearer(apiKey),
                Map.of("context", Map.of("userId", "u-9", "botId", "chatgpt", "sessionId", "tab-9")));
        assertThat(start.status()).isEqualTo(201);
        return start.body().get("streamId").asString();
    }
}
