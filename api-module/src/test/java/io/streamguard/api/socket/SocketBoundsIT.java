package io.streamguard.api.socket;

import static io.streamguard.testing.ApiTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.SocketTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What one client can hold on a node through its sockets, and what a revoked key can still do: the faults
 * found by attacking a running node (many sockets each holding most of a large frame filled its heap; a
 * socket opened before its key was revoked went on working; a lone node's answered finish was lost with it).
 */
@ApiIntegrationTest
@TestPropertySource(
        properties = {
            "streamguard.limits.max-request-bytes=16777216",
            "streamguard.limits.max-content-chars=" + SocketBoundsIT.MAX_CONTENT,
            "streamguard.socket.max-sockets-per-client=2",
            "streamguard.socket.max-partial-frames-heap-share=" + SocketBoundsIT.SHARE
        })
class SocketBoundsIT {

    static final int MAX_CONTENT = 2000;
    static final double SHARE = 0.001;
    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Map<String, Object> CONTEXT =
            Map.of("context", Map.of("userId", "u-1", "botId", "chatgpt", "sessionId", "tab-1"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiTestClient api;
    String clientId;
    String apiKey;

    @BeforeEach
    void newClient() {
        api = new ApiTestClient("http://localhost:" + port);
        JsonNode created = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "bounds"))
                .body();
        clientId = created.get("clientId").asString();
        apiKey = created.get("apiKey").asString();
    }

    @Test
    void framesHeldInPartsAreBoundedOverAllSocketsAndTheNodeGoesOn() {
        // The test runs in the node's JVM: the bound is this share of this heap, at two bytes a char.
        long budgetChars = (long) (Runtime.getRuntime().maxMemory() * SHARE / 2);
        String part = "x".repeat((int) (budgetChars * 6 / 10));
        try (var first = SocketTestClient.withHeader(ws(), apiKey);
                var second = SocketTestClient.withHeader(ws(), apiKey)) {
            first.sendPart(part, false);
            second.sendPart(part, false);
            // Whichever the node took in last finds no room: it is closed, the other goes on.
            await().atMost(Duration.ofSeconds(20)).until(() -> !first.isOpen() || !second.isOpen());
            var refused = first.isOpen() ? second : first;
            var goesOn = first.isOpen() ? first : second;
            assertThat(refused.closeCode(Duration.ofSeconds(5))).isEqualTo(1013);
            goesOn.sendPart("", true);
            assertThat(goesOn.nextAnswer().get("code").asString()).isEqualTo("invalid_request");
        }
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            assertThat(socket.call("start", CONTEXT).get("type").asString()).isEqualTo("started");
        }
        assertThat(api.get("/actuator/health", null).body().get("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void aClientOpensAtMostItsShareOfSocketsOnANode() {
        try (var first = SocketTestClient.withHeader(ws(), apiKey);
                var second = SocketTestClient.withHeader(ws(), apiKey)) {
            assertThat(first.isOpen() && second.isOpen()).isTrue();
            var third = SocketTestClient.handshake(
                    port,
                    "/v1/stream/ws",
                    Map.of("Authorization", "Bearer " + apiKey, "Sec-WebSocket-Protocol", "streamguard.v1"));
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.body().get("code").asString()).isEqualTo("rate_limited");
        }
        try (var again = SocketTestClient.withHeader(ws(), apiKey)) {
            assertThat(again.call("ping", Map.of()).get("type").asString()).isEqualTo("pong");
        }
    }

    @Test
    void revokingTheKeyClosesTheSocketsItOpened() {
        try (var socket = SocketTestClient.withProtocolToken(ws(), apiKey)) {
            assertThat(socket.call("ping", Map.of()).get("type").asString()).isEqualTo("pong");
            assertThat(api.post("/v1/admin/api-clients/" + clientId + "/revoke", ADMIN, Map.of())
                            .status())
                    .isEqualTo(200);
            socket.sendText("{\"type\":\"start\",\"id\":\"after\",\"context\":"
                    + "{\"userId\":\"u-1\",\"botId\":\"b\",\"sessionId\":\"s\"}}");
            assertThat(socket.closeCode(Duration.ofSeconds(10))).isEqualTo(1008);
        }
    }

    @Test
    void aLoneMembersFinishAnswersOnceItsRowIsInPostgres() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            for (int i = 0; i < 20; i++) {
                String streamId = socket.call("start", CONTEXT).get("streamId").asString();
                socket.call("update", Map.of("streamId", streamId, "content", "message " + i));
                JsonNode finished = socket.call("finish", Map.of("streamId", streamId));
                assertThat(jdbc.sql("select count(*) from audit_entry where id = cast(:id as uuid)")
                                .param("id", finished.get("auditId").asString())
                                .query(Long.class)
                                .single())
                        .as("the row of an answered finish, read at once")
                        .isEqualTo(1L);
            }
        }
    }

    @Test
    void aHandshakeWithoutItsKeyOrOfAnotherVersionIsRefusedAsProblemJson() throws Exception {
        var noKey = rawHandshake("Sec-WebSocket-Version: 13\r\n");
        assertThat(noKey).startsWith("HTTP/1.1 400").contains("application/problem+json", "Sec-WebSocket-Key");
        var version8 = rawHandshake("Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n");
        assertThat(version8)
                .startsWith("HTTP/1.1 426")
                .contains("application/problem+json", "\"code\":\"invalid_request\"")
                .containsIgnoringCase("Sec-WebSocket-Version: 13");
    }

    /** A handshake written by hand with exactly these WebSocket headers; the whole answer as text. */
    private String rawHandshake(String webSocketHeaders) throws Exception {
        try (var tcp = new java.net.Socket("localhost", port)) {
            tcp.setSoTimeout(10_000);
            String request = "GET /v1/stream/ws HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade, close\r\n"
                    + "Authorization: Bearer " + apiKey + "\r\nSec-WebSocket-Protocol: streamguard.v1\r\n"
                    + webSocketHeaders + "\r\n";
            tcp.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(tcp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private String ws() {
        return "ws://localhost:" + port;
    }
}
