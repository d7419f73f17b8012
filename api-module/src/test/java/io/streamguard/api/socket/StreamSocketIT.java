package io.streamguard.api.socket;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import io.streamguard.testing.SocketTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stream socket answers what the HTTP stream API answers, frame for request, under the same limits; a bad
 * frame is refused and the socket goes on; the handshake takes the API key as HTTP does, never in the URL.
 */
@ApiIntegrationTest
@TestPropertySource(
        properties = {
            "streamguard.limits.max-content-chars=" + StreamSocketIT.MAX_CONTENT,
            "streamguard.limits.max-request-bytes=16384",
            "streamguard.limits.max-updates-per-second=20",
            "streamguard.socket.max-streams=" + StreamSocketIT.MAX_STREAMS
        })
class StreamSocketIT {

    static final int MAX_CONTENT = 2000;
    static final int MAX_STREAMS = 3;
    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Map<String, Object> CONTEXT =
            Map.of("context", Map.of("userId", "u-1", "botId", "chatgpt", "sessionId", "tab-1"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiTestClient api;
    String apiKey;
    String ruleId = "";
    String word = "";

    @BeforeEach
    void clientAndRule() {
        api = new ApiTestClient("http://localhost:" + port);
        apiKey = newClient();
        word = "kw" + Long.toString(System.nanoTime(), 36);
        Response rule = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "rule " + word, "kind", "keyword", "keywords", List.of(word), "action", "block"));
        assertThat(rule.status()).isEqualTo(201);
        ruleId = rule.body().get("id").asString();
    }

    @AfterEach
    void deleteRule() {
        assertThat(api.delete("/v1/admin/rules/" + ruleId, ADMIN).status()).isEqualTo(204);
    }

    @Test
    void startedCarriesTheClientRuleSetUnlessTheClientHoldsItsVersion() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            JsonNode started = socket.call("start", CONTEXT);
            long version = started.get("ruleSetVersion").asLong();
            assertThat(started.get("clientRuleSet").get("version").asLong()).isEqualTo(version);
            assertThat(started.get("clientRuleSet").get("rules").isArray()).isTrue();

            Map<String, Object> cachedStart = new java.util.HashMap<>(CONTEXT);
            cachedStart.put("clientRuleSetVersion", version);
            JsonNode cached = socket.call("start", cachedStart);
            assertThat(cached.get("type").asString()).isEqualTo("started");
            assertThat(cached.get("clientRuleSet").isNull()).isTrue();
            assertThat(cached.get("clientRules").isObject()).isTrue();
        }
    }

    @Test
    void startUpdateAndFinishAnswerWhatHttpAnswersAndWriteOneAuditRow() {
        List<String> deltas = List.of("Hello, we talk about ", word.substring(0, 3), word.substring(3) + " today.");
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            JsonNode started = socket.call("start", CONTEXT);
            Response httpStarted = api.post("/v1/stream/start", bearer(apiKey), CONTEXT);
            assertThat(started.get("type").asString()).isEqualTo("started");
            assertThat(started.get("id").asString()).isEqualTo("1");
            assertThat(withoutFrameFields(started, "streamId", "expiresAt"))
                    .isEqualTo(withoutFrameFields(httpStarted.body(), "streamId", "expiresAt"));
            String streamId = started.get("streamId").asString();
            String httpStreamId = httpStarted.body().get("streamId").asString();

            int position = 0;
            for (String delta : deltas) {
                JsonNode updated =
                        socket.call("update", Map.of("streamId", streamId, "delta", delta, "position", position));
                Response httpUpdated = api.post(
                        "/v1/stream/update",
                        bearer(apiKey),
                        Map.of("streamId", httpStreamId, "delta", delta, "position", position));
                assertThat(httpUpdated.status()).isEqualTo(200);
                assertThat(updated.get("type").asString()).isEqualTo("updated");
                assertThat(withoutFrameFields(updated)).isEqualTo(httpUpdated.body());
                position += delta.length();
            }

            JsonNode finished = socket.call("finish", Map.of("streamId", streamId));
            Response httpFinished = api.post("/v1/stream/finish", bearer(apiKey), Map.of("streamId", httpStreamId));
            assertThat(finished.get("type").asString()).isEqualTo("finished");
            assertThat(finished.get("action").asString()).isEqualTo("block");
            assertThat(withoutFrameFields(finished, "auditId"))
                    .isEqualTo(withoutFrameFields(httpFinished.body(), "auditId"));
            assertThat(auditRows(streamId))
                    .containsExactly(finished.get("auditId").asString() + " " + String.join("", deltas));
        }
    }

    @Test
    void theContentFormAndAFinalContentWorkAsOverHttp() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            String streamId = socket.call("start", CONTEXT).get("streamId").asString();
            JsonNode first = socket.call("update", Map.of("streamId", streamId, "content", "All fine so far"));
            assertThat(first.get("action").asString()).isEqualTo("allow");
            assertThat(first.get("position").asInt()).isEqualTo(15);
            JsonNode second =
                    socket.call("update", Map.of("streamId", streamId, "content", "All fine so far, then " + word));
            assertThat(second.get("action").asString()).isEqualTo("block");
            assertThat(second.get("deltaViolations")).hasSize(1);
            JsonNode finished = socket.call(
                    "finish", Map.of("streamId", streamId, "finalContent", "All fine so far, then " + word + "."));
            assertThat(finished.get("position").asInt()).isEqualTo(23 + word.length());
            assertThat(finished.get("safeOffset").asInt())
                    .isEqualTo(finished.get("position").asInt());
            assertThat(finished.get("violations")).hasSize(1);

            JsonNode again = socket.call("finish", Map.of("streamId", streamId));
            assertThat(again.get("auditId")).as("a retried finish").isEqualTo(finished.get("auditId"));
        }
    }

    @Test
    void aDeltaAtTheWrongPositionIsRefusedWithTheServersPosition() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            String streamId = socket.call("start", CONTEXT).get("streamId").asString();
            socket.call("update", Map.of("streamId", streamId, "delta", "Hello", "position", 0));
            JsonNode error = socket.call("update", Map.of("streamId", streamId, "delta", " you", "position", 3));
            assertThat(error.get("type").asString()).isEqualTo("error");
            assertThat(error.get("id").asString()).isEqualTo("3");
            assertThat(error.get("status").asInt()).isEqualTo(409);
            assertThat(error.get("code").asString()).isEqualTo("position_mismatch");
            assertThat(error.get("position").asInt()).isEqualTo(5);
            assertThat(socket.call("update", Map.of("streamId", streamId, "delta", " you", "position", 5))
                            .get("position")
                            .asInt())
                    .isEqualTo(9);
        }
    }

    @Test
    void updatesFasterThanAStreamMayTakeAreRefusedWithWhenToRetry() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            String streamId = socket.call("start", CONTEXT).get("streamId").asString();
            // Sent at once, without waiting for answers: twice what a stream may take in a second.
            for (int i = 1; i <= 40; i++) {
                socket.sendText("{\"type\":\"update\",\"id\":\"u" + i + "\",\"streamId\":\"" + streamId
                        + "\",\"content\":\"" + "a".repeat(i) + "\"}");
            }
            List<JsonNode> answers = new java.util.ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                answers.add(socket.nextAnswer());
            }
            assertThat(answers)
                    .extracting(answer -> answer.get("id").asString())
                    .as("answered in order")
                    .startsWith("u1", "u2", "u3")
                    .endsWith("u40");
            List<JsonNode> refused = answers.stream()
                    .filter(answer -> answer.get("type").asString().equals("error"))
                    .toList();
            assertThat(refused).as("beyond the bucket of 20").isNotEmpty();
            assertThat(refused).allSatisfy(error -> {
                assertThat(error.get("status").asInt()).isEqualTo(429);
                assertThat(error.get("code").asString()).isEqualTo("rate_limited");
                assertThat(error.get("retryAfterSeconds").asInt()).isEqualTo(1);
            });
        }
    }

    @Test
    void aSocketCarriesAtMostItsShareOfStreamsAndAFinishedOneFreesItsPlace() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            String first = null;
            for (int i = 0; i < MAX_STREAMS; i++) {
                JsonNode started = socket.call("start", CONTEXT);
                assertThat(started.get("type").asString()).isEqualTo("started");
                first = first == null ? started.get("streamId").asString() : first;
            }
            JsonNode refused = socket.call("start", CONTEXT);
            assertThat(refused.get("status").asInt()).isEqualTo(429);
            assertThat(refused.get("code").asString()).isEqualTo("too_many_streams");
            assertThat(refused.get("maxStreamsPerSocket").asInt()).isEqualTo(MAX_STREAMS);
            assertThat(refused.get("retryAfterSeconds").asInt()).isEqualTo(1);

            assertThat(socket.call("finish", Map.of("streamId", first))
                            .get("type")
                            .asString())
                    .isEqualTo("finished");
            assertThat(socket.call("start", CONTEXT).get("type").asString()).isEqualTo("started");
        }
    }

    @Test
    void contentBeyondTheLimitIsRefusedAndAFrameBeyondWhatASocketReadsIsDroppedWithoutClosingIt() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            String streamId = socket.call("start", CONTEXT).get("streamId").asString();
            JsonNode tooLong = socket.call(
                    "update", Map.of("streamId", streamId, "delta", "x".repeat(MAX_CONTENT + 1), "position", 0));
            assertThat(tooLong.get("status").asInt()).isEqualTo(413);
            assertThat(tooLong.get("code").asString()).isEqualTo("content_too_large");
            assertThat(tooLong.get("maxContentChars").asInt()).isEqualTo(MAX_CONTENT);

            JsonNode dropped = socket.raw("{\"type\":\"update\",\"id\":\"big\",\"streamId\":\"" + streamId
                    + "\",\"position\":0,\"delta\":\"" + "y".repeat(40_000) + "\"}");
            assertThat(dropped.get("code").asString()).isEqualTo("content_too_large");
            assertThat(dropped.get("id").isNull()).as("the frame was not read").isTrue();

            assertThat(socket.call("update", Map.of("streamId", streamId, "delta", "fine", "position", 0))
                            .get("position")
                            .asInt())
                    .isEqualTo(4);
        }
    }

    @Test
    void malformedFramesAreRefusedAndTheSocketStaysUsable() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            String streamId = socket.call("start", CONTEXT).get("streamId").asString();

            JsonNode notJson = socket.raw("{not json");
            assertInvalid(notJson);
            assertThat(notJson.get("id").isNull()).isTrue();

            JsonNode unknownType = socket.raw("{\"type\":\"subscribe\",\"id\":\"a\"}");
            assertInvalid(unknownType);
            assertThat(unknownType.get("id").asString()).isEqualTo("a");

            JsonNode noId = socket.raw("{\"type\":\"update\",\"streamId\":\"" + streamId + "\",\"content\":\"x\"}");
            assertInvalid(noId);
            assertThat(noId.get("id").isNull()).isTrue();

            JsonNode blankStream =
                    socket.raw("{\"type\":\"update\",\"id\":\"b\",\"streamId\":\" \",\"content\":\"x\"}");
            assertInvalid(blankStream);
            assertThat(blankStream.get("detail").asString()).contains("streamId");

            // Updates skip the validator only when plainly valid: each of these still gets its words.
            for (var bad : List.of(
                    List.of("\"streamId\":\"" + streamId + "\",\"delta\":\"x\",\"position\":-1", "position"),
                    List.of("\"streamId\":\"" + streamId + "\",\"delta\":\"a\\u0000b\",\"position\":0", "delta"),
                    List.of("\"streamId\":\"" + streamId + "\",\"content\":\"a\\ud800b\"", "content"),
                    List.of("\"streamId\":\"" + "s".repeat(65) + "\",\"content\":\"x\"", "streamId"),
                    List.of("\"streamId\":\"\\u2003x\",\"content\":\"x\"", "x"))) {
                JsonNode refused = socket.raw("{\"type\":\"update\",\"id\":\"v\"," + bad.get(0) + "}");
                if (bad.get(1).equals("x")) {
                    // not blank, merely unknown: the validator passes it on, the cluster does not know it
                    assertThat(refused.get("code").asString()).isEqualTo("stream_not_found");
                } else {
                    assertInvalid(refused);
                    assertThat(refused.get("detail").asString()).contains(bad.get(1));
                }
            }

            JsonNode unknownField = socket.raw("{\"type\":\"ping\",\"id\":\"c\",\"extra\":1}");
            assertInvalid(unknownField);
            assertThat(unknownField.get("detail").asString()).contains("extra");

            JsonNode both = socket.raw("{\"type\":\"update\",\"id\":\"d\",\"streamId\":\"" + streamId
                    + "\",\"content\":\"x\",\"delta\":\"y\",\"position\":0}");
            assertInvalid(both);

            JsonNode pong = socket.call("ping", Map.of());
            assertThat(pong.get("type").asString()).isEqualTo("pong");
            assertThat(socket.call("update", Map.of("streamId", streamId, "delta", "still here", "position", 0))
                            .get("type")
                            .asString())
                    .isEqualTo("updated");
        }
    }

    @Test
    void anotherClientsStreamIsNotFound() {
        try (var mine = SocketTestClient.withHeader(ws(), apiKey);
                var theirs = SocketTestClient.withHeader(ws(), newClient())) {
            String streamId = mine.call("start", CONTEXT).get("streamId").asString();
            for (JsonNode refused : List.of(
                    theirs.call("update", Map.of("streamId", streamId, "content", "mine now")),
                    theirs.call("finish", Map.of("streamId", streamId)),
                    theirs.call("resume", Map.of("streamId", streamId)))) {
                assertThat(refused.get("status").asInt()).isEqualTo(404);
                assertThat(refused.get("code").asString()).isEqualTo("stream_not_found");
            }
            assertThat(mine.call("update", Map.of("streamId", streamId, "content", "still mine"))
                            .get("type")
                            .asString())
                    .isEqualTo("updated");
        }
    }

    @Test
    void aBrowserSendsItsKeyAsASubprotocolAndTheServerChoosesOnlyTheProtocol() {
        try (var socket = SocketTestClient.withProtocolToken(ws(), apiKey)) {
            assertThat(socket.subprotocol()).isEqualTo(SocketTestClient.PROTOCOL);
            assertThat(socket.call("start", CONTEXT).get("type").asString()).isEqualTo("started");
        }
        var handshake = SocketTestClient.handshake(
                port, "/v1/stream/ws", Map.of("Sec-WebSocket-Protocol", "streamguard.v1, bearer." + apiKey));
        assertThat(handshake.status()).isEqualTo(101);
        assertThat(handshake.headers().get("sec-websocket-protocol")).isEqualTo("streamguard.v1");
    }

    @Test
    void theHandshakeIsRefusedWithoutAKnownKeyWithAKeyInTheUrlAndWithAPersonsToken() {
        assertRefused(handshake("/v1/stream/ws", Map.of()), 401, "unauthorized");
        assertRefused(
                handshake("/v1/stream/ws", Map.of("Authorization", "Bearer sg_" + "A".repeat(43))),
                401,
                "unauthorized");
        assertRefused(
                handshake(
                        "/v1/stream/ws",
                        Map.of("Sec-WebSocket-Protocol", "streamguard.v1, bearer.sg_" + "B".repeat(43))),
                401,
                "unauthorized");
        assertRefused(handshake("/v1/stream/ws?apiKey=" + apiKey, Map.of()), 400, "invalid_request");
        assertRefused(
                handshake("/v1/stream/ws?token=" + apiKey, Map.of("Authorization", "Bearer " + apiKey)),
                400,
                "invalid_request");
        assertRefused(
                handshake(
                        "/v1/stream/ws",
                        Map.of(
                                "Authorization",
                                "Bearer " + apiKey,
                                "Sec-WebSocket-Protocol",
                                "streamguard.v1, bearer." + apiKey)),
                400,
                "invalid_request");
        assertRefused(
                handshake("/v1/stream/ws", Map.of("Authorization", "Bearer " + personalToken())), 403, "forbidden");
        assertRefused(handshake("/v1/stream/ws", Map.of("Authorization", ADMIN)), 403, "forbidden");

        var noProtocol = SocketTestClient.handshake(port, "/v1/stream/ws", Map.of("Authorization", "Bearer " + apiKey));
        assertRefused(noProtocol, 400, "invalid_request");

        assertThatThrownBy(() -> SocketTestClient.open(ws(), Map.of(), SocketTestClient.PROTOCOL))
                .as("the JDK's client sees the refusal too")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSocketResumesAStreamItDidNotStartAndFinishesIt() {
        String streamId;
        try (var first = SocketTestClient.withHeader(ws(), apiKey)) {
            streamId = first.call("start", CONTEXT).get("streamId").asString();
            first.call(
                    "update",
                    Map.of("streamId", streamId, "delta", "Talk about " + word.substring(0, 2), "position", 0));
        }
        try (var second = SocketTestClient.withProtocolToken(ws(), apiKey)) {
            JsonNode resumed = second.call("resume", Map.of("streamId", streamId));
            assertThat(resumed.get("type").asString()).isEqualTo("resumed");
            assertThat(resumed.get("streamId").asString()).isEqualTo(streamId);
            assertThat(resumed.get("position").asInt()).isEqualTo(13);
            assertThat(resumed.get("safeOffset").asInt())
                    .as("the word may go on")
                    .isLessThan(13);
            assertThat(resumed.get("action").asString()).isEqualTo("allow");

            JsonNode updated = second.call(
                    "update", Map.of("streamId", streamId, "delta", word.substring(2) + ".", "position", 13));
            assertThat(updated.get("action").asString()).isEqualTo("block");
            JsonNode finished = second.call("finish", Map.of("streamId", streamId));
            assertThat(finished.get("type").asString()).isEqualTo("finished");

            JsonNode again = second.call("resume", Map.of("streamId", streamId));
            assertThat(again.get("code").asString()).isEqualTo("stream_finished");
        }
        assertThat(auditRows(streamId)).singleElement().asString().endsWith(" Talk about " + word + ".");
    }

    @Test
    void aNewRuleSetIsPushedToOpenSockets() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            socket.call("ping", Map.of());
            Response rule = api.post(
                    "/v1/admin/rules",
                    ADMIN,
                    Map.of(
                            "name",
                            "pushed " + word,
                            "kind",
                            "keyword",
                            "keywords",
                            List.of("x" + word),
                            "action",
                            "warn"));
            assertThat(rule.status()).isEqualTo(201);
            long version = jdbc.sql("select max(version) from rule_set_version")
                    .query(Long.class)
                    .single();
            try {
                JsonNode push;
                do {
                    // an announcement of the rule this test's set-up made may come first
                    push = socket.nextPush(Duration.ofSeconds(10));
                    assertThat(push.get("type").asString()).isEqualTo("rules");
                } while (push.get("ruleSetVersion").asLong() < version);
                assertThat(push.get("ruleSetVersion").asLong()).isEqualTo(version);
            } finally {
                api.delete("/v1/admin/rules/" + rule.body().get("id").asString(), ADMIN);
            }
        }
    }

    /** Each audit row of the stream as "id content", once the first is written. */
    private List<String> auditRows(String streamId) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> jdbc.sql("select id::text || ' ' || content from audit_entry where stream_id = :id")
                                .param("id", streamId)
                                .query(String.class)
                                .list(),
                        rows -> !rows.isEmpty());
    }

    private static void assertInvalid(JsonNode error) {
        assertThat(error.get("type").asString()).isEqualTo("error");
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("code").asString()).isEqualTo("invalid_request");
        assertThat(error.get("detail").asString()).isNotBlank();
    }

    private static void assertRefused(SocketTestClient.Handshake handshake, int status, String code) {
        assertThat(handshake.status()).isEqualTo(status);
        assertThat(handshake.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(handshake.body().get("code").asString()).isEqualTo(code);
    }

    private SocketTestClient.Handshake handshake(String path, Map<String, String> headers) {
        var withProtocol = new java.util.LinkedHashMap<>(headers);
        withProtocol.putIfAbsent("Sec-WebSocket-Protocol", SocketTestClient.PROTOCOL);
        return SocketTestClient.handshake(port, path, withProtocol);
    }

    private static JsonNode withoutFrameFields(JsonNode frame, String... more) {
        ObjectNode copy = ((ObjectNode) frame).deepCopy();
        copy.remove(List.of("type", "id"));
        copy.remove(List.of(more));
        return copy;
    }

    private String ws() {
        return "ws://localhost:" + port;
    }

    private String newClient() {
        return api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "socket test"))
                .body()
                .get("apiKey")
                .asString();
    }

    private String personalToken() {
        String name = "socket-" + System.nanoTime();
        String password = "a-long-password-" + name;
        assertThat(api.post("/v1/admin/users", ADMIN, Map.of("username", name, "password", password, "role", "ADMIN"))
                        .status())
                .isEqualTo(201);
        return api.post("/v1/me/tokens", basic(name, password), Map.of("name", "socket", "expiresInDays", 1))
                .body()
                .get("token")
                .asString();
    }
}
