package io.streamguard.api.audit;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import io.streamguard.testing.PostgresFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Postgres really stops (the server process ends) for a minute while streams finish: every
 * finish still answers with its audit id, and every row is in Postgres, once, soon after it is back,
 * in an intact chain.
 */
@ApiIntegrationTest
class AuditOutageIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("streamguard.test.outage-seconds", 60));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void finishesDuringAnOutageAnswerAndTheirRowsArriveOnceAfterIt() throws Exception {
        ApiTestClient api = new ApiTestClient("http://localhost:" + port);
        String key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "outage"))
                .body()
                .get("apiKey")
                .asString();
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Response start = api.post(
                    "/v1/stream/start",
                    bearer(key),
                    Map.of("context", Map.of("userId", "outage", "botId", "bot", "sessionId", "s" + i)));
            String streamId = start.body().get("streamId").asString();
            api.post("/v1/stream/update", bearer(key), Map.of("streamId", streamId, "content", "message " + i));
            streams.add(streamId);
        }

        Map<String, UUID> auditIds = new java.util.LinkedHashMap<>();
        long outageStarted = System.nanoTime();
        PostgresFixture.stop();
        try {
            long spacing = OUTAGE.toMillis() / streams.size();
            for (String streamId : streams) {
                Response finish = api.post("/v1/stream/finish", bearer(key), Map.of("streamId", streamId));
                assertThat(finish.status()).isEqualTo(200);
                auditIds.put(
                        streamId, UUID.fromString(finish.body().get("auditId").asString()));
                Thread.sleep(spacing);
            }
            long left = OUTAGE.toNanos() - (System.nanoTime() - outageStarted);
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
        } finally {
            PostgresFixture.start();
        }

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    for (var entry : auditIds.entrySet()) {
                        var rows = jdbc.sql("select id from audit_entry where stream_id = :s")
                                .param("s", entry.getKey())
                                .query(UUID.class)
                                .list();
                        assertThat(rows).containsExactly(entry.getValue());
                    }
                });
        Response again = api.post("/v1/stream/finish", bearer(key), Map.of("streamId", streams.getFirst()));
        assertThat(again.body().get("auditId").asString())
                .isEqualTo(auditIds.get(streams.getFirst()).toString());
        var verification = api.get("/v1/admin/audit/verify", ADMIN).body();
        assertThat(verification.get("ok").asBoolean())
                .as(verification.toString())
                .isTrue();
    }
}
