package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A rule whose automaton explodes ({@code [ab]*a[ab]{999}}, 2^1000 DFA states) on 100,000 chars of
 * random a/b: checked in linear time within a bounded cache, on a heap of 512 MB (see the POM); a text
 * that needs more than a request's work budget gets a clear problem and changes nothing, and the node
 * stays healthy. The budget is lowered so that 100,000 chars fit and 200,000 do not.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "streamguard.limits.scan-work-per-request=150000000")
class CostlyRulesIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Map<String, String> CONTEXT = Map.of("userId", "u-1", "botId", "bot", "sessionId", "s-1");

    @LocalServerPort
    int port;

    ApiTestClient api;
    String key;
    String ruleId;

    @BeforeEach
    void ruleAndClient() {
        api = new ApiTestClient("http://localhost:" + port);
        key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "costly"))
                .body()
                .get("apiKey")
                .asString();
        Response saved = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "exploding", "kind", "regex", "pattern", "[ab]*a[ab]{999}", "action", "block"));
        assertThat(saved.status()).isEqualTo(201);
        ruleId = saved.body().get("id").asString();
        String probe = "a" + "b".repeat(999);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> check(probe).body().get("violations").size() == 1);
    }

    @AfterEach
    void deleteTheRule() {
        assertThat(api.delete("/v1/admin/rules/" + ruleId, ADMIN).status()).isEqualTo(204);
    }

    @Test
    void anExplodingRuleChecks100KCharsAndTheNodeStaysHealthy() {
        String text = randomAb(100_000, 42);
        Response checked = check(text);
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.body().get("action").asString()).isEqualTo("block");
        assertThat(checked.body().get("violations")).hasSize(1);
        assertThat(checked.body().get("violations").get(0).get("start").asInt()).isZero();
        assertThat(checked.body().get("violations").get(0).get("end").asInt()).isEqualTo(expectedEnd(text));

        assertThat(api.get("/actuator/health", null).body().get("status").asString())
                .isEqualTo("UP");
        assertThat(check("nothing to see here").status()).isEqualTo(200);
    }

    @Test
    void aCheckOverTheWorkBudgetIsAClearProblemAndTheNodeAnswersTheNext() {
        Response tooCostly = check(randomAb(200_000, 7));
        assertThat(tooCostly.status()).isEqualTo(422);
        assertThat(tooCostly.contentType()).startsWith("application/problem+json");
        assertThat(tooCostly.body().get("code").asString()).isEqualTo("scan_budget_exceeded");
        assertThat(tooCostly.body().get("detail").asString()).contains("shorter content");

        assertThat(api.get("/actuator/health", null).body().get("status").asString())
                .isEqualTo("UP");
        Response next = check(randomAb(50_000, 8));
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void aStreamUpdateOverTheBudgetChangesNothingAndTheStreamGoesOn() {
        String text = randomAb(200_000, 9);
        String stream = api.post("/v1/stream/start", bearer(key), Map.of("context", CONTEXT))
                .body()
                .get("streamId")
                .asString();
        Response first = api.post(
                "/v1/stream/update",
                bearer(key),
                Map.of("streamId", stream, "delta", text.substring(0, 100_000), "position", 0));
        assertThat(first.status()).isEqualTo(200);

        // a rewrite from the first char rescans all 200,000 chars; appending them would scan only the new half
        String rewritten = "c" + text.substring(1);
        Response tooCostly =
                api.post("/v1/stream/update", bearer(key), Map.of("streamId", stream, "content", rewritten));
        assertThat(tooCostly.status()).isEqualTo(422);
        assertThat(tooCostly.body().get("code").asString()).isEqualTo("scan_budget_exceeded");
        Response finishTooCostly =
                api.post("/v1/stream/finish", bearer(key), Map.of("streamId", stream, "finalContent", rewritten));
        assertThat(finishTooCostly.status()).isEqualTo(422);
        assertThat(finishTooCostly.body().get("code").asString()).isEqualTo("scan_budget_exceeded");

        // the stream is where it was: the rest arrives as a delta at the old position
        Response rest = api.post(
                "/v1/stream/update",
                bearer(key),
                Map.of("streamId", stream, "delta", text.substring(100_000), "position", 100_000));
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.body().get("position").asInt()).isEqualTo(200_000);
        Response finished = api.post("/v1/stream/finish", bearer(key), Map.of("streamId", stream));
        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.body().get("violations")).hasSize(1);
        assertThat(finished.body().get("violations").get(0).get("end").asInt()).isEqualTo(expectedEnd(text));
        assertThat(api.get("/actuator/health", null).body().get("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void aPatternThatExpandsTooFarIsRefusedSayingWhatToChange() {
        Response refused = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "nested", "kind", "regex", "pattern", "(?:[ab]{1,100}){1,100}", "action", "block"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asString()).isEqualTo("invalid_request");
        assertThat(refused.body().get("detail").asString())
                .contains("too large")
                .contains("20,100")
                .contains("use smaller bounds");
    }

    private Response check(String content) {
        return api.post("/v1/check", bearer(key), Map.of("context", CONTEXT, "content", content));
    }

    /** On a/b text the one match runs from 0 to 1000 chars after the last 'a' that has 999 chars after it. */
    private static int expectedEnd(String text) {
        return text.lastIndexOf('a', text.length() - 1000) + 1000;
    }

    private static String randomAb(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextBoolean() ? 'a' : 'b');
        }
        return text.toString();
    }
}
