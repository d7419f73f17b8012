package io.streamguard.api.cluster;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.cluster.LocalCluster.Node;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Three real nodes (HTTP and Hazelcast each) on one Postgres: a stream does not care which node
 * a request lands on, and survives the death of the member that owns it. The node kill runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final int IDLE_SECONDS = 3;

    LocalCluster cluster;
    JdbcClient jdbc;

    @BeforeAll
    void startCluster() {
        cluster = new LocalCluster(
                3,
                "streamguard.limits.idle-timeout-seconds=" + IDLE_SECONDS,
                "streamguard.limits.max-open-streams-per-client=100",
                "streamguard.limits.max-updates-per-second=20",
                "streamguard.janitor.interval-millis=300");
        jdbc = cluster.node(0).context().getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        cluster.node(0).hazelcast().getCluster().getMembers().size() == 3);
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    @Test
    @Order(1)
    void startOnAUpdateOnBFinishOnCWritesOneAuditRow() {
        String key = newClient();
        String word = keywordRule("block");
        String streamId = start(cluster.node(0).api(), key);

        Response update = cluster.node(1)
                .api()
                .post(
                        "/v1/stream/update",
                        bearer(key),
                        Map.of("streamId", streamId, "delta", "we talk about " + word.substring(0, 3), "position", 0));
        assertThat(update.status()).isEqualTo(200);
        Response update2 = cluster.node(2)
                .api()
                .post(
                        "/v1/stream/update",
                        bearer(key),
                        Map.of(
                                "streamId",
                                streamId,
                                "delta",
                                word.substring(3) + " today",
                                "position",
                                update.body().get("position").asInt()));
        assertThat(update2.body().get("deltaViolations")).hasSize(1);

        Response finish = cluster.node(2).api().post("/v1/stream/finish", bearer(key), Map.of("streamId", streamId));
        assertThat(finish.status()).isEqualTo(200);
        assertThat(finish.body().get("action").asString()).isEqualTo("block");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(auditRows(streamId)).isEqualTo(1));
    }

    @Test
    @Order(2)
    void concurrentUpdatesSentToTwoNodesAreAllAppliedOnce() throws Exception {
        String key = newClient();
        String streamId = start(cluster.node(0).api(), key);
        List<String> deltas = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            deltas.add("<" + i + ">");
        }
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < deltas.size(); i++) {
                ApiTestClient api = cluster.node(1 + i % 2).api();
                String delta = deltas.get(i);
                sent.add(pool.submit(() -> appendWithRetry(api, key, streamId, delta)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        Response finish = cluster.node(0).api().post("/v1/stream/finish", bearer(key), Map.of("streamId", streamId));
        String content = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> jdbc.sql("select content from audit_entry where id = :id")
                                .param(
                                        "id",
                                        java.util.UUID.fromString(
                                                finish.body().get("auditId").asString()))
                                .query(String.class)
                                .optional(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        for (String delta : deltas) {
            assertThat(content.split(java.util.regex.Pattern.quote(delta), -1)).hasSize(2);
        }
        assertThat(content).hasSize(deltas.stream().mapToInt(String::length).sum());
    }

    @Test
    @Order(3)
    void aRuleChangeMidStreamLeavesTheStreamItsRuleSet() {
        String key = newClient();
        String streamId = start(cluster.node(0).api(), key);
        String word = keywordRule("warn");

        Response old = cluster.node(1)
                .api()
                .post("/v1/stream/update", bearer(key), Map.of("streamId", streamId, "content", "mentions " + word));
        assertThat(old.body().get("deltaViolations")).isEmpty();

        String fresh = start(cluster.node(2).api(), key);
        Response now = cluster.node(1)
                .api()
                .post("/v1/stream/update", bearer(key), Map.of("streamId", fresh, "content", "mentions " + word));
        assertThat(now.body().get("deltaViolations")).hasSize(1);
    }

    @Test
    @Order(4)
    void anAbandonedStreamIsAuditedOnceAsExpiredAndAFinishedOneNever() {
        String key = newClient();
        String word = keywordRule("warn");
        String abandoned = start(cluster.node(0).api(), key);
        cluster.node(1)
                .api()
                .post(
                        "/v1/stream/update",
                        bearer(key),
                        Map.of("streamId", abandoned, "content", "left behind " + word));
        String finished = start(cluster.node(2).api(), key);
        cluster.node(2)
                .api()
                .post("/v1/stream/finish", bearer(key), Map.of("streamId", finished, "finalContent", "done"));

        await().atMost(Duration.ofSeconds(IDLE_SECONDS + 10)).until(() -> auditRows(abandoned) == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> auditRows(abandoned) == 1);
        var row = jdbc.sql("select outcome, content, action from audit_entry where stream_id = :id")
                .param("id", abandoned)
                .query()
                .singleRow();
        assertThat(row)
                .containsEntry("outcome", "expired")
                .containsEntry("content", "left behind " + word)
                .containsEntry("action", "warn");
        assertThat(jdbc.sql("select outcome from audit_entry where stream_id = :id")
                        .param("id", finished)
                        .query(String.class)
                        .list())
                .containsExactly("finished");

        Response late = cluster.node(0)
                .api()
                .post("/v1/stream/update", bearer(key), Map.of("streamId", abandoned, "content", "too late"));
        assertThat(late.status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void limitsHoldHoweverRequestsAreSpreadOverNodes() {
        String key = newClient();
        for (int i = 0; i < 100; i++) {
            assertThat(cluster.node(i % 3)
                            .api()
                            .post("/v1/stream/start", bearer(key), context())
                            .status())
                    .isEqualTo(201);
        }
        Response refused = cluster.node(1).api().post("/v1/stream/start", bearer(key), context());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().get("code").asString()).isEqualTo("too_many_streams");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();

        String other = newClient();
        String streamId = start(cluster.node(0).api(), other);
        int limited = 0;
        for (int i = 0; i < 60; i++) {
            Response r = cluster.node(i % 3)
                    .api()
                    .post(
                            "/v1/stream/update",
                            bearer(other),
                            Map.of("streamId", streamId, "content", "x".repeat(i + 1)));
            if (r.status() == 429) {
                limited++;
                assertThat(r.body().get("code").asString()).isEqualTo("rate_limited");
                assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(limited).isGreaterThan(0);
    }

    @Test
    @Order(6)
    void liveStreamsAreListedAcrossTheClusterWithTheirOwner() {
        String key = newClient();
        Set<String> started = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 6; i++) {
            started.add(start(cluster.node(i % 3).api(), key));
        }
        Response live = cluster.node(0).api().get("/v1/admin/streams?limit=10000", ADMIN);
        assertThat(live.status()).isEqualTo(200);
        Set<String> listed = new java.util.HashSet<>();
        Set<String> owners = new java.util.HashSet<>();
        live.body().forEach(s -> {
            listed.add(s.get("streamId").asString());
            owners.add(s.get("owner").asString());
            // spelled as every other answer spells an action, whatever the JSON settings
            assertThat(s.get("action").asString()).isIn("allow", "warn", "block");
        });
        assertThat(listed).containsAll(started);
        assertThat(owners).hasSizeGreaterThan(1);
    }

    @Test
    @Order(7)
    void aRevokedKeyStopsWorkingOnEveryNodeAtOnce() {
        var created = cluster.node(0)
                .api()
                .post("/v1/admin/api-clients", ADMIN, Map.of("name", "to revoke"))
                .body();
        String key = created.get("apiKey").asString();
        for (Node node : cluster.nodes()) {
            assertThat(node.api()
                            .post("/v1/stream/start", bearer(key), context())
                            .status())
                    .isEqualTo(201);
        }
        cluster.node(0)
                .api()
                .post("/v1/admin/api-clients/" + created.get("clientId").asString() + "/revoke", ADMIN, Map.of());
        for (Node node : cluster.nodes()) {
            assertThat(node.api()
                            .post("/v1/stream/start", bearer(key), context())
                            .status())
                    .isEqualTo(401);
        }
    }

    /** Runs last: it kills a member. */
    @Test
    @Order(100)
    void killingTheOwnerMidStreamLosesNoStream() {
        String key = newClient();
        String word = keywordRule("block");
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String streamId = start(cluster.node(i % 3).api(), key);
            Response first = cluster.node((i + 1) % 3)
                    .api()
                    .post(
                            "/v1/stream/update",
                            bearer(key),
                            Map.of("streamId", streamId, "delta", "before the crash " + word + ". ", "position", 0));
            assertThat(first.body().get("deltaViolations")).hasSize(1);
            streams.add(streamId);
        }
        Node victim = cluster.node(1);
        List<String> moved = streams.stream().filter(victim::owns).toList();
        assertThat(moved).isNotEmpty();
        victim.kill();

        List<Node> survivors = List.of(cluster.node(0), cluster.node(2));
        int i = 0;
        for (String streamId : streams) {
            ApiTestClient api = survivors.get(i++ % 2).api();
            String before = "before the crash " + word + ". ";
            Response next = api.post(
                    "/v1/stream/update",
                    bearer(key),
                    Map.of("streamId", streamId, "delta", "after it.", "position", before.length()));
            assertThat(next.status()).as("stream %s", streamId).isEqualTo(200);
            assertThat(next.body().get("position").asInt()).isEqualTo(before.length() + "after it.".length());
            assertThat(next.body().get("action").asString()).isEqualTo("block");
            Response finish = api.post("/v1/stream/finish", bearer(key), Map.of("streamId", streamId));
            assertThat(finish.body().get("violations")).hasSize(1);
        }
        // The rows are written a few ms after each finish; waiting inside the loop would let the later
        // streams reach the idle timeout.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String streamId : streams) {
                assertThat(auditRows(streamId))
                        .as("rows of stream %s", streamId)
                        .isEqualTo(1);
            }
        });
        System.out.printf(
                "Failover: %d of %d streams were owned by the killed member and carried on%n",
                moved.size(), streams.size());
    }

    private void appendWithRetry(ApiTestClient api, String key, String streamId, String delta) {
        int position = 0;
        while (true) {
            Response r = api.post(
                    "/v1/stream/update",
                    bearer(key),
                    Map.of("streamId", streamId, "delta", delta, "position", position));
            switch (r.status()) {
                case 200 -> {
                    return;
                }
                case 409 -> position = r.body().get("position").asInt();
                case 429 -> sleep(50);
                default -> throw new AssertionError("unexpected " + r.status() + " " + r.body());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long auditRows(String streamId) {
        return jdbc.sql("select count(*) from audit_entry where stream_id = :id")
                .param("id", streamId)
                .query(Long.class)
                .single();
    }

    private String newClient() {
        return cluster.node(0)
                .api()
                .post("/v1/admin/api-clients", ADMIN, Map.of("name", "cluster test"))
                .body()
                .get("apiKey")
                .asString();
    }

    private String keywordRule(String action) {
        String word = "kw" + Long.toString(System.nanoTime(), 36);
        Response rule = cluster.node(2)
                .api()
                .post(
                        "/v1/admin/rules",
                        ADMIN,
                        Map.of("name", "rule " + word, "kind", "keyword", "keywords", List.of(word), "action", action));
        assertThat(rule.status()).isEqualTo(201);
        // The contract: a change is live for new streams on every node within one second.
        long version = jdbc.sql("select max(version) from rule_set_version")
                .query(Long.class)
                .single();
        for (Node node : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> node.context()
                                    .getBean(io.streamguard.api.rules.RuleSets.class)
                                    .current()
                                    .version()
                            >= version);
        }
        return word;
    }

    private static Map<String, Object> context() {
        return Map.of("context", Map.of("userId", "u-1", "botId", "bot", "sessionId", "s-1"));
    }

    private static String start(ApiTestClient api, String key) {
        Response started = api.post("/v1/stream/start", bearer(key), context());
        assertThat(started.status()).isEqualTo(201);
        return started.body().get("streamId").asString();
    }
}
