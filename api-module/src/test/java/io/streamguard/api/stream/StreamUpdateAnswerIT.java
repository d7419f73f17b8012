package io.streamguard.api.stream;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The update answer over HTTP: the verdict in the update where a violation becomes certain, the safe offset,
 * spans that settle later, violations a rewrite withdraws, and the same fields at finish.
 */
@ApiIntegrationTest
class StreamUpdateAnswerIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final String SLACK_TOKEN = "xox[bp]-[0-9A-Za-z-]{10,48}";

    @LocalServerPort
    int port;

    ApiTestClient api;
    String apiKey;
    String ruleId;

    @BeforeEach
    void createClientAndRule() {
        api = new ApiTestClient("http://localhost:" + port);
        apiKey = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "update answer plugin"))
                .body()
                .get("apiKey")
                .asString();
        Response rule = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of(
                        "name",
                        "Slack token " + System.nanoTime(),
                        "kind",
                        "regex",
                        "pattern",
                        SLACK_TOKEN,
                        "action",
                        "block"));
        assertThat(rule.status()).isEqualTo(201);
        ruleId = rule.body().get("id").asString();
    }

    @AfterEach
    void deleteRule() {
        assertThat(api.delete("/v1/admin/rules/" + ruleId, ADMIN).status()).isEqualTo(204);
    }

    @Test
    void aTokenBlocksInTheUpdateWhereItBecomesCertainAndTheSafeOffsetNeverRunsAhead() {
        String streamId = start();
        List<Response> answers = new ArrayList<>();

        Response first = append(streamId, "my token is xoxb-", 0);
        answers.add(first);
        assertThat(first.body().get("action").asString()).isEqualTo("allow");
        assertThat(ours(first.body().get("deltaViolations"))).isEmpty();
        assertThat(first.body().get("safeOffset").asInt())
                .as("xoxb- may yet become a token")
                .isLessThanOrEqualTo(12);

        Response second = append(streamId, "1234567890abc", 17);
        answers.add(second);
        assertThat(second.body().get("action").asString())
                .as("certain once ten chars follow xoxb-")
                .isEqualTo("block");
        List<JsonNode> found = ours(second.body().get("deltaViolations"));
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().get("start").asInt()).isEqualTo(12);
        assertThat(found.getFirst().get("end").asInt()).isEqualTo(30);
        assertThat(found.getFirst().get("excerpt").asString()).isEqualTo("xoxb-1234567890abc");

        Response third = append(streamId, " thanks", 30);
        answers.add(third);
        assertThat(third.body().get("action").asString()).isEqualTo("block");
        assertThat(ours(third.body().get("deltaViolations")))
                .as("reported once")
                .isEmpty();
        assertThat(ours(third.body().get("revisedViolations")))
                .as("the span did not change")
                .isEmpty();

        for (Response answer : answers) {
            assertThat(answer.body().get("safeOffset").asInt())
                    .isBetween(0, answer.body().get("position").asInt());
            assertThat(answer.body().get("withdrawnViolations")).isEmpty();
        }

        Response finish = api.post("/v1/stream/finish", bearer(apiKey), Map.of("streamId", streamId));
        assertThat(finish.status()).isEqualTo(200);
        assertThat(finish.body().get("action").asString()).isEqualTo("block");
        assertThat(finish.body().get("position").asInt()).isEqualTo(37);
        assertThat(finish.body().get("safeOffset").asInt()).isEqualTo(37);
        List<JsonNode> all = ours(finish.body().get("violations"));
        assertThat(all).hasSize(1);
        assertThat(all.getFirst().get("end").asInt()).isEqualTo(30);
        assertThat(ours(finish.body().get("deltaViolations"))).isEmpty();
        assertThat(ours(finish.body().get("revisedViolations"))).isEmpty();
    }

    @Test
    void aTokenThatGrowsAfterItWasReportedIsRevisedNotReportedAgain() {
        String streamId = start();
        Response first = append(streamId, "my token is xoxb-1234567890", 0);
        assertThat(first.body().get("action").asString()).isEqualTo("block");
        List<JsonNode> found = ours(first.body().get("deltaViolations"));
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().get("start").asInt()).isEqualTo(12);
        assertThat(found.getFirst().get("end").asInt())
                .as("the span known so far")
                .isEqualTo(27);

        Response second = append(streamId, "abc thanks", 27);
        assertThat(ours(second.body().get("deltaViolations"))).isEmpty();
        List<JsonNode> revised = ours(second.body().get("revisedViolations"));
        assertThat(revised).hasSize(1);
        JsonNode revision = revised.getFirst();
        assertThat(revision.get("ruleName").asString()).startsWith("Slack token");
        assertThat(revision.get("action").asString()).isEqualTo("block");
        assertThat(revision.get("start").asInt()).isEqualTo(12);
        assertThat(revision.get("end").asInt()).isEqualTo(30);
        assertThat(revision.get("excerpt").asString()).isEqualTo("xoxb-1234567890abc");
        assertThat(revision.get("previous").get("start").asInt()).isEqualTo(12);
        assertThat(revision.get("previous").get("end").asInt()).isEqualTo(27);
    }

    @Test
    void aFinishThatLetsATokenGrowAnswersTheRevision() {
        String streamId = start();
        Response first = append(streamId, "my token is xoxb-1234567890", 0);
        assertThat(ours(first.body().get("deltaViolations"))).hasSize(1);

        Response finish = api.post(
                "/v1/stream/finish",
                bearer(apiKey),
                Map.of("streamId", streamId, "finalContent", "my token is xoxb-1234567890abc"));
        assertThat(finish.status()).isEqualTo(200);
        assertThat(finish.body().get("position").asInt()).isEqualTo(30);
        assertThat(finish.body().get("safeOffset").asInt()).isEqualTo(30);
        List<JsonNode> revised = ours(finish.body().get("revisedViolations"));
        assertThat(revised).hasSize(1);
        assertThat(revised.getFirst().get("end").asInt()).isEqualTo(30);
        assertThat(revised.getFirst().get("previous").get("end").asInt()).isEqualTo(27);
        assertThat(ours(finish.body().get("violations")))
                .singleElement()
                .satisfies(v -> assertThat(v.get("end").asInt()).isEqualTo(30));

        Response again = api.post("/v1/stream/finish", bearer(apiKey), Map.of("streamId", streamId));
        assertThat(again.body().get("auditId").asString())
                .isEqualTo(finish.body().get("auditId").asString());
        assertThat(again.body().get("revisedViolations"))
                .as("a retried finish changes nothing")
                .isEmpty();
        assertThat(again.body().get("safeOffset").asInt()).isEqualTo(30);
    }

    @Test
    void aRewriteThatRemovesATokenWithdrawsIt() {
        String streamId = start();
        Response first = api.post(
                "/v1/stream/update",
                bearer(apiKey),
                Map.of("streamId", streamId, "content", "use xoxp-0123456789abcdef now"));
        List<JsonNode> found = ours(first.body().get("deltaViolations"));
        assertThat(found).hasSize(1);

        Response rewritten = api.post(
                "/v1/stream/update", bearer(apiKey), Map.of("streamId", streamId, "content", "use [redacted] now"));
        assertThat(rewritten.status()).isEqualTo(200);
        List<JsonNode> withdrawn = ours(rewritten.body().get("withdrawnViolations"));
        assertThat(withdrawn).hasSize(1);
        assertThat(withdrawn.getFirst().get("start").asInt())
                .isEqualTo(found.getFirst().get("start").asInt());
        assertThat(withdrawn.getFirst().get("end").asInt())
                .isEqualTo(found.getFirst().get("end").asInt());
        assertThat(rewritten.body().get("position").asInt()).isEqualTo("use [redacted] now".length());
        assertThat(rewritten.body().get("safeOffset").asInt()).isBetween(0, "use [redacted] now".length());
    }

    @Test
    void theOpenApiDescribesTheNewFields() {
        Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode schemas = docs.body().get("components").get("schemas");
        JsonNode update = schemas.get("UpdateResponse").get("properties");
        assertThat(update.get("safeOffset").get("description").asString()).contains("hold back the rest");
        assertThat(update.get("revisedViolations").get("description").asString())
                .contains("settled differently");
        assertThat(update.get("withdrawnViolations").get("description").asString())
                .isNotBlank();
        assertThat(update.get("deltaViolations").get("description").asString()).contains("became certain");
        assertThat(update.get("action")
                        .get("enum")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("allow", "warn", "block");
        JsonNode finish = schemas.get("FinishResponse").get("properties");
        assertThat(finish.get("safeOffset").get("description").asString()).isNotBlank();
        assertThat(finish.get("revisedViolations").get("description").asString())
                .isNotBlank();
        JsonNode revised = schemas.get("RevisedViolation").get("properties");
        assertThat(revised.get("previous").get("$ref").asString()).endsWith("/ViolationSpan");
        assertThat(schemas.get("ViolationSpan").get("properties").propertyNames())
                .containsExactly("start", "end");
        assertThat(revised.get("action")
                        .get("enum")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("warn", "block");
        JsonNode example = docs.body()
                .get("paths")
                .get("/v1/stream/update")
                .get("post")
                .get("responses")
                .get("200")
                .get("content")
                .get("application/json")
                .get("examples")
                .get("revised")
                .get("value");
        assertThat(example.get("revisedViolations")
                        .get(0)
                        .get("previous")
                        .get("end")
                        .asInt())
                .isEqualTo(27);
    }

    private List<JsonNode> ours(JsonNode violations) {
        return violations
                .valueStream()
                .filter(v -> v.get("ruleId").asString().equals(ruleId))
                .toList();
    }

    private Response append(String streamId, String delta, int position) {
        Response answer = api.post(
                "/v1/stream/update",
                bearer(apiKey),
                Map.of("streamId", streamId, "delta", delta, "position", position));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("position").asInt()).isEqualTo(position + delta.length());
        return answer;
    }

    private String start() {
        Response start = api.post(
                "/v1/stream/start",
                bearer(apiKey),
                Map.of("context", Map.of("userId", "u-7", "botId", "chatgpt", "sessionId", "tab-3")));
        assertThat(start.status()).isEqualTo(201);
        return start.body().get("streamId").asString();
    }
}
