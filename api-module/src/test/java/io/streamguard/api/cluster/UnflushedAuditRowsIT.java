package io.streamguard.api.cluster;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.cluster.LocalCluster.Node;
import io.streamguard.testing.ApiTestClient.Response;
import io.streamguard.testing.PostgresFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finish answers once the record is in the cluster, before its row is in PostgreSQL. Here PostgreSQL
 * is really down for the whole cluster while one node answers finishes, so that node holds every row
 * unwritten; then it is killed (its member terminated, as a crash). No row is lost: each record is in
 * its stream's entry, backed up on the other member, whose janitor writes them all, once each, in an
 * intact chain, when PostgreSQL is back.
 */
class UnflushedAuditRowsIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Pattern BACKLOG = Pattern.compile("(?m)^streamguard_audit_backlog(?:\\{[^}]*})? (\\S+)$");

    @Test
    void aNodeKilledWithUnflushedAuditRowsLosesNone() {
        try (LocalCluster cluster = new LocalCluster(2)) {
            Node holder = cluster.node(0);
            Node survivor = cluster.node(1);
            String key = holder.api()
                    .post("/v1/admin/api-clients", ADMIN, Map.of("name", "unflushed"))
                    .body()
                    .get("apiKey")
                    .asString();
            List<String> streams = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Response start = holder.api()
                        .post(
                                "/v1/stream/start",
                                bearer(key),
                                Map.of("context", Map.of("userId", "unflushed", "botId", "bot", "sessionId", "s" + i)));
                String streamId = start.body().get("streamId").asString();
                assertThat(holder.api()
                                .post(
                                        "/v1/stream/update",
                                        bearer(key),
                                        Map.of("streamId", streamId, "content", "message " + i))
                                .status())
                        .isEqualTo(200);
                streams.add(streamId);
            }
            // The holder's primaries are lost with it and come back from backups; the survivor's stay.
            assertThat(streams).anyMatch(holder::owns).anyMatch(survivor::owns);

            Map<String, UUID> auditIds = new LinkedHashMap<>();
            PostgresFixture.stop();
            try {
                for (String streamId : streams) {
                    long started = System.nanoTime();
                    Response finish = holder.api().post("/v1/stream/finish", bearer(key), Map.of("streamId", streamId));
                    assertThat(finish.status()).isEqualTo(200);
                    // answered from the cluster: a finish that tried PostgreSQL would wait its 3 s connection timeout
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
                    auditIds.put(
                            streamId,
                            UUID.fromString(finish.body().get("auditId").asString()));
                }
                assertThat(backlog(holder) + backlog(survivor))
                        .as("ended streams not yet audited")
                        .isEqualTo(streams.size());
                holder.kill();
            } finally {
                PostgresFixture.start();
            }

            JdbcClient jdbc = survivor.context().getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        for (var entry : auditIds.entrySet()) {
                            assertThat(jdbc.sql("select id from audit_entry where stream_id = :s")
                                            .param("s", entry.getKey())
                                            .query(UUID.class)
                                            .list())
                                    .as("rows of stream %s", entry.getKey())
                                    .containsExactly(entry.getValue());
                        }
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> backlog(survivor) == 0);
            var verification =
                    survivor.api().get("/v1/admin/audit/verify", ADMIN).body();
            assertThat(verification.get("ok").asBoolean())
                    .as(verification.toString())
                    .isTrue();
        }
    }

    private static double backlog(Node node) {
        Matcher m = BACKLOG.matcher(node.api().getText("/actuator/prometheus"));
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
