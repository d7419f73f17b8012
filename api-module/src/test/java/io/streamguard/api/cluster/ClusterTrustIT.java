package io.streamguard.api.cluster;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.streamguard.api.cluster.ForeignMember.CapturedKeyGrant;
import io.streamguard.api.cluster.ForeignMember.CapturedSession;
import io.streamguard.api.cluster.LocalCluster.Node;
import io.streamguard.testing.ApiTestClient.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The attacks of someone who reaches the cluster port with only the product's own jar and the
 * cluster's name (as sniffed from its network), but not its secret: a foreign client and a
 * foreign member. Each is shown to fail, and to be counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrustIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final String AWS_KEY = "AKIAQWERTYUIOPASDFGH";
    private static final String SECRET_USER = "u-secret-person";

    LocalCluster cluster;
    JdbcClient jdbc;
    HazelcastInstance stranger;
    /** Streams started before the stranger came, each holding an AWS key; the stranger's arrival moves some to it. */
    final List<String> streams = new ArrayList<>();

    String streamsKey;
    String keyToRevoke;

    @BeforeAll
    void startCluster() {
        // Strangers stay in this cluster so that their attacks can be tried; the last test shows the default.
        cluster = new LocalCluster(
                2, "streamguard.janitor.interval-millis=300", "streamguard.cluster.expel-strangers=false");
        jdbc = cluster.node(0).context().getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        cluster.node(0).hazelcast().getCluster().getMembers().size() == 2);
        Response rule = cluster.node(0)
                .api()
                .post(
                        "/v1/admin/rules",
                        ADMIN,
                        Map.of("name", "AWS key", "kind", "regex", "pattern", "AKIA[0-9A-Z]{16}", "action", "block"));
        assertThat(rule.status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (stranger != null) {
            stranger.getLifecycleService().terminate();
        }
        cluster.close();
    }

    @Test
    @Order(1)
    void theMemberListensOnLoopbackOnlyAndTheClusterNameNeedsTheSecret() {
        var address = cluster.node(0).hazelcast().getCluster().getLocalMember().getAddress();
        assertThat(address.getHost()).isEqualTo("127.0.0.1");
        String name = cluster.node(0).hazelcast().getConfig().getClusterName();
        String configured = cluster.node(0).context().getEnvironment().getProperty("streamguard.cluster.name");
        assertThat(name)
                .startsWith(configured + "-")
                .isNotEqualTo(configured)
                .isEqualTo(ClusterConfiguration.clusterName(
                        configured, ClusterSecret.of("test-cluster-secret-0123456789abcdef")))
                .isNotEqualTo(ClusterConfiguration.clusterName(
                        configured, ClusterSecret.of("another-secret-0123456789abcdefgh")));
    }

    @Test
    @Order(2)
    void aForeignClientCannotConnectEvenWithTheClusterName() {
        var config = new ClientConfig();
        config.setClusterName(cluster.node(0).hazelcast().getConfig().getClusterName());
        var address = cluster.node(0).hazelcast().getCluster().getLocalMember().getAddress();
        config.getNetworkConfig().addAddress(address.getHost() + ":" + address.getPort());
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(4_000);
        assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(config).shutdown())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Order(3)
    void aForeignMemberIsDetectedAndReadsOnlyCiphertext() {
        streamsKey = newClient();
        keyToRevoke = newClient();
        for (int i = 0; i < 30; i++) {
            Response started = cluster.node(i % 2)
                    .api()
                    .post(
                            "/v1/stream/start",
                            bearer(streamsKey),
                            Map.of("context", Map.of("userId", SECRET_USER, "botId", "bot", "sessionId", "tab")));
            String streamId = started.body().get("streamId").asString();
            Response update = cluster.node(1)
                    .api()
                    .post(
                            "/v1/stream/update",
                            bearer(streamsKey),
                            Map.of("streamId", streamId, "delta", "my key is " + AWS_KEY + " keep it", "position", 0));
            assertThat(update.body().get("action").asString()).isEqualTo("block");
            streams.add(streamId);
        }

        joinStranger();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Node node : cluster.nodes()) {
                assertThat(tampering(node).count(GridTampering.Kind.FOREIGN_MEMBER))
                        .isPositive();
                assertThat(node.context()
                                .getBean(ClusterIntegrity.class)
                                .health()
                                .getStatus()
                                .getCode())
                        .isEqualTo("DOWN");
            }
        });

        for (String streamId : streams) {
            Object seen = stranger.getMap(ClusterMaps.STREAMS).get(streamId);
            assertThat(seen).isInstanceOf(CapturedSession.class);
            String bytes = new String(((CapturedSession) seen).bytes, StandardCharsets.ISO_8859_1);
            assertThat(bytes)
                    .doesNotContain(AWS_KEY)
                    .doesNotContain(SECRET_USER)
                    .doesNotContain("my key is");
        }
        Object grant = stranger.getReplicatedMap(ClusterMaps.API_KEYS).get(sha256(streamsKey));
        assertThat(grant).isInstanceOf(CapturedKeyGrant.class);
        assertThat(new String(((CapturedKeyGrant) grant).bytes, StandardCharsets.ISO_8859_1))
                .doesNotContain(sha256(streamsKey));
    }

    @Test
    @Order(4)
    void aForeignMemberCannotForgeAKey() {
        String forgedKey = "sg_" + HexFormat.of().formatHex(random(32));
        long forgedBefore = total(GridTampering.Kind.FORGED_DATA);
        try {
            stranger.getReplicatedMap(ClusterMaps.API_KEYS).put(sha256(forgedKey), new CapturedKeyGrant(random(80)));
        } catch (RuntimeException refused) {
            // refused on the spot is as good as refused on arrival
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> total(GridTampering.Kind.FORGED_DATA) > forgedBefore);
        for (Node node : cluster.nodes()) {
            assertThat(node.api()
                            .post("/v1/stream/start", bearer(forgedKey), context())
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    @Order(5)
    void aRevokedKeyPutBackByAForeignMemberStaysRevoked() {
        String key = keyToRevoke;
        Object captured = stranger.getReplicatedMap(ClusterMaps.API_KEYS).get(sha256(key));
        assertThat(captured).isInstanceOf(CapturedKeyGrant.class);

        String clientId = jdbc.sql("select id from api_client where key_hash = ?")
                .param(sha256(key))
                .query(String.class)
                .single();
        assertThat(cluster.node(0)
                        .api()
                        .post("/v1/admin/api-clients/" + clientId + "/revoke", ADMIN, Map.of())
                        .status())
                .isEqualTo(200);
        stranger.getReplicatedMap(ClusterMaps.API_KEYS).put(sha256(key), captured);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.node(0)
                        .hazelcast()
                        .getReplicatedMap(ClusterMaps.API_KEYS)
                        .containsKey(sha256(key)));

        for (Node node : cluster.nodes()) {
            assertThat(node.api()
                            .post("/v1/stream/start", bearer(key), context())
                            .status())
                    .isEqualTo(401);
        }
        assertThat(total(GridTampering.Kind.REVOKED_KEY_REPLAYED)).isPositive();
    }

    @Test
    @Order(6)
    void aForeignMemberCannotFakeAnAuditRow() {
        long rowsBefore = auditRows();
        long forgedBefore = total(GridTampering.Kind.FORGED_DATA);
        for (int i = 0; i < 5; i++) {
            try {
                stranger.getMap(ClusterMaps.STREAMS).set("forged-" + i, new CapturedSession(random(300)));
            } catch (RuntimeException refused) {
                // the owner could not open it: refused
            }
        }
        // A real sealed session, ended, copied under another stream's id is not acted on either.
        String original = ownedByUs();
        streams.remove(original);
        assertThat(cluster.node(0)
                        .api()
                        .post("/v1/stream/finish", bearer(streamsKey), Map.of("streamId", original))
                        .status())
                .isEqualTo(200);
        Object copy = stranger.getMap(ClusterMaps.STREAMS).get(original);
        assertThat(copy).isInstanceOf(CapturedSession.class);
        try {
            stranger.getMap(ClusterMaps.STREAMS).set("copied-" + original, copy);
        } catch (RuntimeException refused) {
            // its new owner may refuse it at once
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> total(GridTampering.Kind.FORGED_DATA) > forgedBefore);
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(jdbc.sql("select count(*) from audit_entry where user_id = 'ceo' or stream_id like 'forged-%'"
                                + " or stream_id like 'copied-%'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(auditRows()).isEqualTo(rowsBefore + 1);
    }

    @Test
    @Order(7)
    void aForeignMemberCannotDeleteAStreamBeforeItIsAudited() {
        String streamId = ownedByUs();
        long removedBefore = total(GridTampering.Kind.STREAM_REMOVED);

        assertThatThrownBy(() -> stranger.getMap(ClusterMaps.STREAMS).delete(streamId));
        assertThatThrownBy(() -> stranger.getMap(ClusterMaps.STREAMS).remove(streamId));
        assertThatThrownBy(() -> stranger.getMap(ClusterMaps.STREAMS).evict(streamId));

        assertThat(total(GridTampering.Kind.STREAM_REMOVED)).isGreaterThanOrEqualTo(removedBefore + 3);
        // An eviction is reported only once done; the stream is put back as it was.
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        cluster.node(0).hazelcast().getMap(ClusterMaps.STREAMS).containsKey(streamId));
        assertThat(finish(streamId).body().get("action").asString()).isEqualTo("block");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from audit_entry where stream_id = ?")
                                .param(streamId)
                                .query(Long.class)
                                .single()
                        == 1);
        streams.remove(streamId);
    }

    /** While a stranger holds partitions, a call may meet one moving: the plugin retries a 503, so does this. */
    private Response finish(String streamId) {
        Response[] last = new Response[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            last[0] = cluster.node(1).api().post("/v1/stream/finish", bearer(streamsKey), Map.of("streamId", streamId));
            return last[0].status() != 503;
        });
        assertThat(last[0].status()).isEqualTo(200);
        return last[0];
    }

    @Test
    @Order(8)
    void aStreamRolledBackToAnOlderSealedCopyOfItselfIsRefused() {
        String id = ownedByUs();
        Object olderCopy = stranger.getMap(ClusterMaps.STREAMS).get(id);
        assertThat(cluster.node(0)
                        .api()
                        .post(
                                "/v1/stream/update",
                                bearer(streamsKey),
                                Map.of("streamId", id, "delta", " and more", "position", 38))
                        .status())
                .isEqualTo(200);
        long replacedBefore = total(GridTampering.Kind.STREAM_REPLACED);

        assertThatThrownBy(() -> stranger.getMap(ClusterMaps.STREAMS).put(id, olderCopy));

        assertThat(total(GridTampering.Kind.STREAM_REPLACED)).isGreaterThan(replacedBefore);
        Response finish = finish(id);
        assertThat(finish.body().get("action").asString()).isEqualTo("block");
        assertThat(finish.body().get("violations").toString()).contains(AWS_KEY);
        streams.remove(id);
    }

    @Test
    @Order(9)
    void theClusterSetPassiveByAStrangerIsSetActiveAgainAndDestroyedOrClearedMapsAreCounted() {
        long stateBefore = total(GridTampering.Kind.CLUSTER_STATE_CHANGED);
        stranger.getCluster().changeClusterState(com.hazelcast.cluster.ClusterState.PASSIVE);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(cluster.node(0).hazelcast().getCluster().getClusterState())
                    .isEqualTo(com.hazelcast.cluster.ClusterState.ACTIVE);
            assertThat(total(GridTampering.Kind.CLUSTER_STATE_CHANGED)).isGreaterThan(stateBefore);
        });

        long destroyedBefore = total(GridTampering.Kind.STRUCTURE_DESTROYED);
        stranger.getMap(ClusterMaps.NODE_ACTIVITY).destroy();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> total(GridTampering.Kind.STRUCTURE_DESTROYED) > destroyedBefore);

        // What passes no interceptor is put back by the nodes that own the streams, from what they hold.
        String cleared = ownedByUs();
        long removedBefore = total(GridTampering.Kind.STREAM_REMOVED);
        stranger.getMap(ClusterMaps.STREAMS).clear();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> total(GridTampering.Kind.STREAM_REMOVED) > removedBefore
                        && cluster.node(0)
                                .hazelcast()
                                .getMap(ClusterMaps.STREAMS)
                                .containsKey(cleared));

        stranger.getMap(ClusterMaps.STREAMS).destroy();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        cluster.node(0).hazelcast().getMap(ClusterMaps.STREAMS).containsKey(cleared));
        // Watched again once back: a delete is refused as before.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(
                        () -> stranger.getMap(ClusterMaps.STREAMS).delete(cleared)));
        Response finish = finish(cleared);
        assertThat(finish.body().get("action").asString()).isEqualTo("block");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from audit_entry where stream_id = ?")
                                .param(cleared)
                                .query(Long.class)
                                .single()
                        == 1);
        streams.clear();
    }

    @Test
    @Order(10)
    void whenTheStrangerLeavesTheClusterIsWholeAgain() {
        stranger.getLifecycleService().terminate();
        stranger = null;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Node node : cluster.nodes()) {
                assertThat(node.context()
                                .getBean(ClusterIntegrity.class)
                                .health()
                                .getStatus()
                                .getCode())
                        .isEqualTo("UP");
            }
        });
        String key = newClient();
        for (int i = 0; i < 10; i++) {
            Response started = cluster.node(i % 2).api().post("/v1/stream/start", bearer(key), context());
            assertThat(started.status()).isEqualTo(201);
            String streamId = started.body().get("streamId").asString();
            assertThat(cluster.node((i + 1) % 2)
                            .api()
                            .post("/v1/stream/finish", bearer(key), Map.of("streamId", streamId))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(11)
    void byDefaultAStrangerIsExpelled() {
        try (LocalCluster guarded = new LocalCluster(1)) {
            HazelcastInstance member = guarded.node(0).hazelcast();
            HazelcastInstance intruder = join(guarded);
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(member.getCluster().getMembers()).hasSize(1);
                    assertThat(guarded.node(0)
                                    .context()
                                    .getBean(GridTampering.class)
                                    .count(GridTampering.Kind.FOREIGN_MEMBER))
                            .isPositive();
                });
                String key = guarded.node(0)
                        .api()
                        .post("/v1/admin/api-clients", ADMIN, Map.of("name", "after"))
                        .body()
                        .get("apiKey")
                        .asString();
                assertThat(guarded.node(0)
                                .api()
                                .post("/v1/stream/start", bearer(key), context())
                                .status())
                        .isEqualTo(201);
            } finally {
                intruder.getLifecycleService().terminate();
            }
        }
    }

    private void joinStranger() {
        stranger = join(cluster);
        assertThat(stranger.getCluster().getMembers()).hasSize(3);
    }

    private static HazelcastInstance join(LocalCluster target) {
        var members = target.nodes().stream()
                .map(n -> {
                    var address = n.hazelcast().getCluster().getLocalMember().getAddress();
                    return address.getHost() + ":" + address.getPort();
                })
                .toList();
        int port = target.node(0)
                        .hazelcast()
                        .getCluster()
                        .getLocalMember()
                        .getAddress()
                        .getPort()
                + 50;
        return ForeignMember.join(target.node(0).hazelcast().getConfig().getClusterName(), port, members);
    }

    /**
     * One of the streams started before the stranger came whose owner and backup are both ours: an
     * operation on a stream whose backup the stranger holds fails (503) while he is in the cluster.
     */
    private String ownedByUs() {
        return streams.stream()
                .filter(this::wholeOnOurNodes)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stream left wholly on our nodes"));
    }

    private boolean wholeOnOurNodes(String streamId) {
        var partitions = ((HazelcastInstanceProxy) cluster.node(0).hazelcast())
                .getOriginal()
                .node
                .getPartitionService();
        var partition = partitions.getPartition(partitions.getPartitionId(streamId));
        var strangerAddress = stranger.getCluster().getLocalMember().getAddress();
        for (int replica = 0; replica < 2; replica++) {
            var holder = partition.getReplica(replica);
            if (holder == null || holder.address().equals(strangerAddress)) {
                return false;
            }
        }
        return true;
    }

    private GridTampering tampering(Node node) {
        return node.context().getBean(GridTampering.class);
    }

    private long total(GridTampering.Kind kind) {
        return cluster.nodes().stream().mapToLong(n -> tampering(n).count(kind)).sum();
    }

    private long auditRows() {
        return jdbc.sql("select count(*) from audit_entry").query(Long.class).single();
    }

    private String newClient() {
        return cluster.node(0)
                .api()
                .post("/v1/admin/api-clients", ADMIN, Map.of("name", "trust test"))
                .body()
                .get("apiKey")
                .asString();
    }

    private static Map<String, Object> context() {
        return Map.of("context", Map.of("userId", "u-1", "botId", "bot", "sessionId", "tab"));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
