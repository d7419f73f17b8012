package io.streamguard.api.cluster;

import static io.streamguard.testing.ApiTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.testing.SocketTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two real nodes: a plugin whose socket breaks reconnects to the other node, resumes its stream by id and
 * finishes it there, and the stream's one audit row holds the text sent through both sockets. An expiry is
 * pushed by whichever node holds the socket, whichever member owns the stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocketAcrossNodesIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Map<String, Object> CONTEXT =
            Map.of("context", Map.of("userId", "u-3", "botId", "chatgpt", "sessionId", "tab-3"));

    LocalCluster cluster;
    JdbcClient jdbc;

    @BeforeAll
    void startCluster() {
        cluster = new LocalCluster(
                2, "streamguard.limits.idle-timeout-seconds=3", "streamguard.janitor.interval-millis=300");
        jdbc = cluster.node(0).context().getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        cluster.node(0).hazelcast().getCluster().getMembers().size() == 2);
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aSocketMovedToAnotherNodeResumesItsStreamAndFinishesItThere() {
        String key = newClient();
        String streamId;
        try (var first = SocketTestClient.withHeader(ws(0), key)) {
            streamId = first.call("start", CONTEXT).get("streamId").asString();
            JsonNode updated =
                    first.call("update", Map.of("streamId", streamId, "delta", "Sent through node A. ", "position", 0));
            assertThat(updated.get("position").asInt()).isEqualTo(21);
        }
        try (var second = SocketTestClient.withProtocolToken(ws(1), key)) {
            JsonNode resumed = second.call("resume", Map.of("streamId", streamId));
            assertThat(resumed.get("type").asString()).isEqualTo("resumed");
            assertThat(resumed.get("position").asInt()).isEqualTo(21);
            assertThat(resumed.get("safeOffset").asInt()).isEqualTo(21);
            assertThat(resumed.get("action").asString()).isEqualTo("allow");

            second.call("update", Map.of("streamId", streamId, "delta", "Then through node B.", "position", 21));
            JsonNode finished = second.call("finish", Map.of("streamId", streamId));
            assertThat(finished.get("type").asString()).isEqualTo("finished");
            assertThat(finished.get("position").asInt()).isEqualTo(41);

            assertThat(auditRows(streamId))
                    .containsExactly(
                            finished.get("auditId").asString() + " finished Sent through node A. Then through node B.");
        }
    }

    @Test
    void anExpiryIsPushedByTheNodeThatHoldsTheSocketWhicheverMemberOwnsTheStream() {
        String key = newClient();
        for (int node = 0; node < 2; node++) {
            try (var socket = SocketTestClient.withHeader(ws(node), key)) {
                // Streams until both members own one: one is expired by the member without the socket.
                List<String> streamIds = new java.util.ArrayList<>();
                int index = node;
                while (streamIds.size() < 20
                        && (streamIds.stream()
                                        .allMatch(id -> cluster.node(index).owns(id))
                                || streamIds.stream()
                                        .noneMatch(id -> cluster.node(index).owns(id)))) {
                    streamIds.add(socket.call("start", CONTEXT).get("streamId").asString());
                }
                assertThat(streamIds).anyMatch(id -> !cluster.node(index).owns(id));
                assertThat(streamIds).anyMatch(id -> cluster.node(index).owns(id));
                List<String> expired = new java.util.ArrayList<>();
                while (expired.size() < streamIds.size()) {
                    JsonNode push = socket.nextPush(Duration.ofSeconds(20));
                    if (push.get("type").asString().equals("expired")) {
                        expired.add(push.get("streamId").asString());
                    }
                }
                assertThat(expired).containsExactlyInAnyOrderElementsOf(streamIds);
            }
        }
    }

    private List<String> auditRows(String streamId) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> jdbc.sql(
                                        "select id::text || ' ' || outcome || ' ' || content from audit_entry where stream_id = :id")
                                .param("id", streamId)
                                .query(String.class)
                                .list(),
                        rows -> !rows.isEmpty());
    }

    private String ws(int node) {
        int port = ((WebServerApplicationContext) cluster.node(node).context())
                .getWebServer()
                .getPort();
        return "ws://localhost:" + port;
    }

    private String newClient() {
        return cluster.node(0)
                .api()
                .post("/v1/admin/api-clients", ADMIN, Map.of("name", "socket across nodes"))
                .body()
                .get("apiKey")
                .asString();
    }
}
