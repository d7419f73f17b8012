package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.ClusterSecret;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Someone with write access to the database, but not the cluster's secret, tampers with the audit
 * log using plain SQL; verification names the first row that fails and why. Every test puts the
 * rows back as they were and checks the chain verifies again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTamperIT {

    private static final String SAVED_COLUMNS = AuditRows.COLUMNS;

    static AuditDatabase db;
    static AuditDatabase.Node node;
    /** A second member of {@link #node}'s cluster, until every node restarts. */
    static AuditDatabase.Node other;

    static String key;

    @BeforeAll
    static void start() {
        db = new AuditDatabase();
        int port = 6700 + ThreadLocalRandom.current().nextInt(200) * 10;
        String cluster = "streamguard.cluster.name=audit-tamper-" + UUID.randomUUID();
        // A stored checkpoint after every row, so the test can show what they catch without the cluster.
        node = db.start(
                "streamguard.audit.checkpoint-rows=1",
                cluster,
                "streamguard.cluster.port=" + port,
                "streamguard.cluster.members=127.0.0.1:" + port);
        other = db.start(
                "streamguard.audit.checkpoint-rows=1",
                cluster,
                "streamguard.cluster.port=" + (port + 1),
                "streamguard.cluster.members=127.0.0.1:" + port + ",127.0.0.1:" + (port + 1));
        key = node.newApiKey();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(0)
    void rowsSeededInOneBatchChainLikeAnyOther() {
        node.checks(key, 1);
        Instant now = Instant.now();
        List<AuditRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(new AuditRecord(
                    UUID.randomUUID(),
                    AuditRecord.Outcome.CHECKED,
                    null,
                    new UUID(0, 1),
                    "seeded",
                    "bot",
                    "s",
                    Action.WARN,
                    "seeded " + i,
                    List.of(new Violation("r-9", "Nine", Action.WARN, 0, 6, "seeded")),
                    1,
                    1,
                    null,
                    now,
                    now));
        }
        node.bean(AuditLog.class).appendAll(records);
        node.checks(key, 1);
        assertThat(assertIntact().get("checked").asLong()).isEqualTo(7);
    }

    @Test
    @Order(1)
    void aRowRewrittenWithItsOldStyleHashRecomputedIsReportedAtThatRow() {
        List<UUID> ids = node.checks(key, 5);
        assertIntact();
        UUID victim = ids.get(2);
        AuditRow original = row(victim);
        byte[] originalMac = mac(victim);
        AuditRecord r = original.record();
        AuditRecord rewritten = new AuditRecord(
                r.auditId(),
                r.outcome(),
                r.streamId(),
                r.clientId(),
                r.userId(),
                r.botId(),
                r.sessionId(),
                r.action(),
                "nothing happened",
                r.violations(),
                r.ruleSetVersion(),
                r.updateCount(),
                r.blockedAt(),
                r.startedAt(),
                r.finishedAt());
        String oldStyleHash =
                LegacyChainUpgrade.legacyHash(JsonMapper.builder().build(), LegacyChainUpgrade.GENESIS_HASH, rewritten);
        // The encoding is public; without the cluster's key the best a writer can do is guess one.
        byte[] guessedMac = new AuditMac(ClusterSecret.of("a-guess-at-the-cluster-secret-0123456789")
                        .deriveKey("audit-mac/v1"))
                .row(
                        new AuditRow(
                                original.sequence(),
                                rewritten,
                                original.firedRuleIds(),
                                original.recordedAt(),
                                LegacyChainUpgrade.GENESIS_HASH,
                                oldStyleHash),
                        prevMac(victim));
        db.sql()
                .sql("update audit_entry set content = 'nothing happened', prev_hash = :prev, hash = :hash, mac = :mac"
                        + " where id = :id")
                .param("prev", LegacyChainUpgrade.GENESIS_HASH)
                .param("hash", oldStyleHash)
                .param("mac", guessedMac)
                .param("id", victim)
                .update();

        assertBroken("row_altered", victim, original.sequence());

        db.sql()
                .sql("update audit_entry set content = :c, prev_hash = null, hash = null, mac = :mac where id = :id")
                .param("c", r.content())
                .param("mac", originalMac)
                .param("id", victim)
                .update();
        assertIntact();
    }

    @Test
    @Order(2)
    void changingTheFiredRuleIdsOfARowIsReportedAtThatRow() {
        List<UUID> ids = node.checks(key, 3);
        UUID victim = ids.get(1);
        db.sql()
                .sql("update audit_entry set fired_rule_ids = array['r-innocent'] where id = :id")
                .param("id", victim)
                .update();

        assertBroken("row_altered", victim, sequence(victim));

        db.sql()
                .sql("update audit_entry set fired_rule_ids = array[]::text[] where id = :id")
                .param("id", victim)
                .update();
        assertIntact();
    }

    @Test
    @Order(3)
    void aRowInsertedWithACopiedMacIsReportedAtThatRow() {
        UUID last = node.checks(key, 2).getLast();
        UUID forged = UUID.randomUUID();
        db.sql()
                .sql("insert into audit_entry (" + SAVED_COLUMNS.replace("id, seq,", "id,") + ") select :forged, "
                        + SAVED_COLUMNS.replace("id, seq,", "").replace("stream_id", "null")
                        + " from audit_entry where id = :id")
                .param("forged", forged)
                .param("id", last)
                .update();

        assertBroken("row_altered", forged, sequence(forged));

        db.sql()
                .sql("delete from audit_entry where id = :id")
                .param("id", forged)
                .update();
        assertIntact();
    }

    @Test
    @Order(4)
    void deletingTheNewestRowsIsReportedFromTheClusterAndTheNextRowShowsTheGap() {
        List<UUID> ids = node.checks(key, 4);
        UUID newest = ids.get(3);
        long newestSequence = sequence(newest);
        AuditHead nodesHead = node.bean(AuditHead.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodesHead.current().map(AuditCheckpoint::sequence).orElse(-1L) == newestSequence);
        save(List.of(ids.get(2), ids.get(3)));
        db.sql()
                .sql("delete from audit_entry where id in (:ids)")
                .param("ids", List.of(ids.get(2), ids.get(3)))
                .update();

        // The cluster's head names the newest row.
        JsonNode broken = assertBroken("newest_rows_missing", newest, newestSequence);
        assertThat(broken.get("detail").asString()).contains("cluster");

        // A row appended now links to the newest row the cluster saw, so the gap stays visible.
        UUID next = node.checks(key, 1).getFirst();
        assertBroken("rows_missing_before", next, sequence(next));

        restoreSaved();
        assertIntact();
    }

    @Test
    @Order(5)
    void deletingTheNewestRowsAfterAStrangerDestroysTheClustersHeadIsReportedAtOnceOnEveryNode() {
        assertThat(node.bean(HazelcastInstance.class).getCluster().getMembers()).hasSize(2);
        AuditHead nodesHead = node.bean(AuditHead.class);
        AuditHead othersHead = other.bean(AuditHead.class);
        long keptSequence = sequence(node.checks(key, 1).getFirst());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodesHead.current().map(AuditCheckpoint::sequence).orElse(-1L) == keptSequence);
        HazelcastInstance hazelcast = node.bean(HazelcastInstance.class);
        AuditHead.Sealed older = hazelcast
                .<String, AuditHead.Sealed>getMap(ClusterMaps.AUDIT_HEAD)
                .get(AuditHead.KEY);
        List<UUID> ids = node.checks(key, 3);
        UUID newest = ids.get(2);
        long newestSequence = sequence(newest);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> othersHead.seen().map(AuditCheckpoint::sequence).orElse(-1L) == newestSequence);

        // The stranger destroys the cluster's copy, then deletes the newest rows and the checkpoints naming them.
        hazelcast.getMap(ClusterMaps.AUDIT_HEAD).destroy();
        save(ids);
        db.sql()
                .sql("delete from audit_entry where id in (:ids)")
                .param("ids", ids)
                .update();
        db.sql()
                .sql("delete from audit_checkpoint where seq > :kept")
                .param("kept", keptSequence)
                .update();

        // No append in between: each node's own copy of the head still names the newest row.
        assertBroken("newest_rows_missing", newest, newestSequence);
        assertBroken(other, "newest_rows_missing", newest, newestSequence);
        var alone = node.bean(AuditChainVerifier.class)
                .verify(AuditChainVerifier.Head.of(null), nodesHead.seen().orElseThrow());
        assertThat(alone.problem()).isEqualTo("newest_rows_missing");
        assertThat(alone.firstBrokenSequence()).isEqualTo(newestSequence);
        assertThat(alone.detail()).contains("this node's own record");

        // A replayed older head, sealed by this cluster, does not roll the nodes' copies back.
        hazelcast.getMap(ClusterMaps.AUDIT_HEAD).destroy();
        hazelcast.<String, AuditHead.Sealed>getMap(ClusterMaps.AUDIT_HEAD).put(AuditHead.KEY, older);
        assertBroken("newest_rows_missing", newest, newestSequence);
        assertBroken(other, "newest_rows_missing", newest, newestSequence);
        assertThat(nodesHead.seen().orElseThrow().sequence()).isEqualTo(newestSequence);
        assertThat(othersHead.seen().orElseThrow().sequence()).isEqualTo(newestSequence);

        // The next publication re-creates the map from the nodes' copies, and both nodes follow it again.
        for (AuditDatabase.Node member : List.of(node, other)) {
            var heads = member.bean(HazelcastInstance.class).<String, AuditHead.Sealed>getMap(ClusterMaps.AUDIT_HEAD);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> heads.get(AuditHead.KEY) != null
                            && heads.get(AuditHead.KEY).sequence() == newestSequence);
        }
        restoreSaved();
        assertIntact();
        long appended = sequence(node.checks(key, 1).getFirst());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> othersHead.seen().map(AuditCheckpoint::sequence).orElse(-1L) == appended);
        assertIntact();
        assertThat(other.verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void deletingTheOldestRowsBehindAFakePurgeMarkerIsReported() {
        node.checks(key, 3);
        List<UUID> oldest = db.sql()
                .sql("select id from audit_entry order by seq limit 2")
                .query(UUID.class)
                .list();
        UUID firstKept = db.sql()
                .sql("select id from audit_entry order by seq offset 2 limit 1")
                .query(UUID.class)
                .single();
        long through = sequence(oldest.get(1));
        byte[] lastMac = mac(oldest.get(1));
        save(oldest);
        db.sql()
                .sql("delete from audit_entry where id in (:ids)")
                .param("ids", oldest)
                .update();

        // No marker at all: the first row left links to a row that is gone.
        assertBroken("rows_missing_before", firstKept, sequence(firstKept));

        // A marker in the old form, or with a MAC the writer made up, is not signed by the cluster.
        db.sql()
                .sql("insert into audit_purge (purged_through_seq, last_hash, last_mac, rows_purged, mac)"
                        + " values (:seq, :hash, :lastMac, 2, :mac)")
                .param("seq", through)
                .param("hash", "0".repeat(64))
                .param("lastMac", lastMac)
                .param("mac", sha256(lastMac))
                .update();
        JsonNode broken = assertBroken("bad_purge_marker", firstKept, sequence(firstKept));
        assertThat(broken.get("detail").asString()).contains("rows up to " + through);

        db.sql().sql("delete from audit_purge").update();
        restoreSaved();
        assertIntact();
    }

    @Test
    @Order(7)
    void aForgedCheckpointIsReported() {
        node.checks(key, 1);
        long id = db.sql()
                .sql("select max(id) from audit_checkpoint")
                .query(Long.class)
                .single();
        long sequence = db.sql()
                .sql("select seq from audit_checkpoint where id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
        db.sql()
                .sql("update audit_checkpoint set seq = seq + 1000 where id = :id")
                .param("id", id)
                .update();

        JsonNode broken = node.verify();
        assertThat(broken.get("ok").asBoolean()).isFalse();
        assertThat(broken.get("problem").asString()).isEqualTo("bad_checkpoint");
        assertThat(broken.get("firstBrokenSequence").asLong()).isEqualTo(sequence + 1000);

        db.sql()
                .sql("update audit_checkpoint set seq = :seq where id = :id")
                .param("seq", sequence)
                .param("id", id)
                .update();
        assertIntact();
    }

    @Test
    @Order(8)
    void retentionLeavesASignedMarkerThatCannotBeAltered() {
        node.checks(key, 3);
        long purged =
                node.bean(AuditLog.class).purgeRecordedBefore(Instant.now().plusSeconds(1));
        assertThat(purged).isGreaterThanOrEqualTo(3);
        List<UUID> after = node.checks(key, 2);
        JsonNode verification = assertIntact();
        assertThat(verification.get("checked").asLong()).isEqualTo(2);

        db.sql().sql("update audit_purge set rows_purged = rows_purged + 1").update();
        assertBroken("bad_purge_marker", after.getFirst(), sequence(after.getFirst()));
        db.sql().sql("update audit_purge set rows_purged = rows_purged - 1").update();
        assertIntact();
    }

    @Test
    @Order(9)
    void newestRowsDeletedWhileEveryNodeIsDownAreReportedFromTheStoredCheckpointAndTheNextRowShowsTheGap() {
        List<UUID> ids = node.checks(key, 2);
        UUID newest = ids.get(1);
        long newestSequence = sequence(newest);
        other.close();
        node.close();
        save(ids);
        db.sql()
                .sql("delete from audit_entry where id in (:ids)")
                .param("ids", ids)
                .update();
        node = db.start("streamguard.audit.checkpoint-rows=1");

        JsonNode broken = assertBroken("newest_rows_missing", newest, newestSequence);
        assertThat(broken.get("detail").asString()).contains("stored checkpoint");

        // The restarted node learns the head from the checkpoint before it appends, so the gap stays visible.
        UUID next = node.checks(key, 1).getFirst();
        assertBroken("rows_missing_before", next, sequence(next));

        restoreSaved();
        assertIntact();
    }

    private JsonNode assertIntact() {
        JsonNode verification = node.verify();
        assertThat(verification.get("ok").asBoolean())
                .as(verification.toString())
                .isTrue();
        assertThat(verification.get("firstBrokenAuditId").isNull()).isTrue();
        return verification;
    }

    private JsonNode assertBroken(String problem, UUID auditId, long sequence) {
        return assertBroken(node, problem, auditId, sequence);
    }

    private static JsonNode assertBroken(AuditDatabase.Node on, String problem, UUID auditId, long sequence) {
        JsonNode verification = on.verify();
        assertThat(verification.get("ok").asBoolean())
                .as(verification.toString())
                .isFalse();
        assertThat(verification.get("problem").asString())
                .as(verification.toString())
                .isEqualTo(problem);
        assertThat(verification.get("firstBrokenAuditId").asString()).isEqualTo(auditId.toString());
        assertThat(verification.get("firstBrokenSequence").asLong()).isEqualTo(sequence);
        assertThat(verification.get("detail").asString()).isNotBlank();
        return verification;
    }

    private static AuditRow row(UUID id) {
        return db.sql()
                .sql("select " + AuditRows.COLUMNS + " from audit_entry where id = :id")
                .param("id", id)
                .query((rs, n) -> AuditRows.row(rs))
                .single();
    }

    private static long sequence(UUID id) {
        return db.sql()
                .sql("select seq from audit_entry where id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private static byte[] mac(UUID id) {
        return db.sql()
                .sql("select mac from audit_entry where id = :id")
                .param("id", id)
                .query(byte[].class)
                .single();
    }

    private static byte[] prevMac(UUID id) {
        return db.sql()
                .sql("select prev_mac from audit_entry where id = :id")
                .param("id", id)
                .query(byte[].class)
                .single();
    }

    private static void save(List<UUID> ids) {
        db.sql()
                .sql("create table saved_rows as select " + SAVED_COLUMNS + " from audit_entry where id in (:ids)")
                .param("ids", ids)
                .update();
    }

    private static void restoreSaved() {
        db.sql()
                .sql("insert into audit_entry (" + SAVED_COLUMNS + ") select " + SAVED_COLUMNS + " from saved_rows")
                .update();
        db.sql().sql("drop table saved_rows").update();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((new String(bytes, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
