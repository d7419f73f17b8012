package io.streamguard.api.socket;

import static io.streamguard.testing.ApiTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.SocketTestClient;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A socket is kept open by its pongs alone, and closed when nothing is heard from it; an idle stream expires as
 * usual and the socket carrying it is told; a socket's close ends none of its streams.
 */
@ApiIntegrationTest
@TestPropertySource(
        properties = {
            "streamguard.limits.idle-timeout-seconds=2",
            "streamguard.janitor.interval-millis=300",
            "streamguard.socket.heartbeat=300ms",
            "streamguard.socket.idle-timeout=" + SocketExpiryIT.SOCKET_IDLE_SECONDS + "s"
        })
class SocketExpiryIT {

    static final int SOCKET_IDLE_SECONDS = 3;
    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Map<String, Object> CONTEXT =
            Map.of("context", Map.of("userId", "u-2", "botId", "chatgpt", "sessionId", "tab-2"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    String apiKey;

    @BeforeEach
    void client() {
        apiKey = new ApiTestClient("http://localhost:" + port)
                .post("/v1/admin/api-clients", ADMIN, Map.of("name", "socket expiry test"))
                .body()
                .get("apiKey")
                .asString();
    }

    @Test
    void anIdleStreamExpiresAsUsualAndItsSocketIsToldWhileItsPongsKeepTheSocketOpen() {
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            String streamId = socket.call("start", CONTEXT).get("streamId").asString();
            socket.call("update", Map.of("streamId", streamId, "delta", "left unfinished", "position", 0));

            JsonNode expired = socket.nextPush(Duration.ofSeconds(20));
            assertThat(expired.get("type").asString()).isEqualTo("expired");
            assertThat(expired.get("streamId").asString()).isEqualTo(streamId);
            assertThat(expired.get("action").asString()).isEqualTo("allow");
            assertThat(auditRow(streamId))
                    .containsExactly(expired.get("auditId").asString(), "expired", "left unfinished");

            try {
                Thread.sleep(Duration.ofSeconds(SOCKET_IDLE_SECONDS + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(socket.isOpen())
                    .as("the client sent no frame for longer than the idle timeout, but answered every ping")
                    .isTrue();
            JsonNode refused = socket.call("update", Map.of("streamId", streamId, "delta", "late", "position", 15));
            assertThat(refused.get("code").asString()).isEqualTo("stream_not_found");
        }
    }

    @Test
    void aSocketThatAnswersNoPingIsClosedAndItsStreamsExpireAsUsual() throws Exception {
        try (var tcp = new Socket("localhost", port)) {
            var handshake = SocketTestClient.handshake(
                    tcp,
                    port,
                    "/v1/stream/ws",
                    Map.of("Authorization", "Bearer " + apiKey, "Sec-WebSocket-Protocol", SocketTestClient.PROTOCOL));
            assertThat(handshake.status()).isEqualTo(101);
            long opened = System.nanoTime();
            int code = SocketTestClient.awaitCloseFrame(tcp);
            assertThat(code).isEqualTo(1001);
            assertThat(Duration.ofNanos(System.nanoTime() - opened))
                    .isGreaterThanOrEqualTo(
                            Duration.ofSeconds(SOCKET_IDLE_SECONDS).minusMillis(100))
                    .isLessThan(Duration.ofSeconds(SOCKET_IDLE_SECONDS + 5));
        }

        String streamId;
        try (var socket = SocketTestClient.withHeader(ws(), apiKey)) {
            streamId = socket.call("start", CONTEXT).get("streamId").asString();
            socket.call("update", Map.of("streamId", streamId, "delta", "the tab was closed", "position", 0));
        }
        assertThat(auditRow(streamId).subList(1, 3)).containsExactly("expired", "the tab was closed");
    }

    /** The stream's one audit row: id, outcome, content. */
    private List<String> auditRow(String streamId) {
        return await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> jdbc.sql("select id::text, outcome, content from audit_entry where stream_id = :id")
                                .param("id", streamId)
                                .query((row, n) -> List.of(row.getString(1), row.getString(2), row.getString(3)))
                                .list(),
                        rows -> !rows.isEmpty())
                .stream()
                .reduce((a, b) -> {
                    throw new AssertionError("more than one audit row for stream " + streamId);
                })
                .orElseThrow();
    }

    private String ws() {
        return "ws://localhost:" + port;
    }
}
