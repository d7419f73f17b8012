package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.api.audit.AuditRecord.Outcome;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rows written under the unkeyed SHA-256 chain, by the code and the JSON mapper of before, in a
 * database at schema version 7: the first start after the upgrade checks them once, re-signs
 * them with the key, and verification goes on from there.
 */
@ApiIntegrationTest
class AuditLegacyChainIT {

    /** The application's mapper, which the old chain hashed with. */
    @Autowired
    JsonMapper applicationMapper;

    @Test
    void rowsOfTheUnkeyedChainStillVerifyAfterTheUpgradeAndNewRowsChainOn() {
        try (AuditDatabase db = new AuditDatabase()) {
            List<UUID> ids = writeLegacyRows(db, 6);
            purgeTheOldWay(db, 2);
            try (var node = db.start()) {
                JsonNode verification = node.verify();
                assertThat(verification.get("ok").asBoolean())
                        .as(verification.toString())
                        .isTrue();
                assertThat(verification.get("checked").asLong()).isEqualTo(4);
                assertThat(db.sql()
                                .sql("select count(*) from audit_entry where mac is null")
                                .query(Long.class)
                                .single())
                        .isZero();
                assertThat(db.sql()
                                .sql("select rows_verified, first_broken_seq is null from audit_legacy_chain")
                                .query((rs, n) -> rs.getLong(1) + " " + rs.getBoolean(2))
                                .single())
                        .isEqualTo("4 true");

                node.checks(node.newApiKey(), 2);
                verification = node.verify();
                assertThat(verification.get("ok").asBoolean())
                        .as(verification.toString())
                        .isTrue();
                assertThat(verification.get("checked").asLong()).isEqualTo(6);

                // An old row, now under the key: rewriting it and its old hash is caught.
                UUID victim = ids.get(3);
                db.sql()
                        .sql("update audit_entry set content = 'rewritten' where id = :id")
                        .param("id", victim)
                        .update();
                verification = node.verify();
                assertThat(verification.get("problem").asString()).isEqualTo("row_altered");
                assertThat(verification.get("firstBrokenAuditId").asString()).isEqualTo(victim.toString());
                db.sql()
                        .sql("update audit_entry set content = 'legacy message 3' where id = :id")
                        .param("id", victim)
                        .update();
            }

            // A writer strips a row's MAC so that a restart would re-sign it: the upgrade runs once only.
            UUID stripped = ids.get(4);
            db.sql()
                    .sql("update audit_entry set mac = null where id = :id")
                    .param("id", stripped)
                    .update();
            try (var node = db.start()) {
                JsonNode verification = node.verify();
                assertThat(verification.get("problem").asString()).isEqualTo("row_unsigned");
                assertThat(verification.get("firstBrokenAuditId").asString()).isEqualTo(stripped.toString());
            }
        }
    }

    @Test
    void aBreakInTheUnkeyedChainIsStillReportedAtItsRowAfterTheUpgrade() {
        try (AuditDatabase db = new AuditDatabase()) {
            List<UUID> ids = writeLegacyRows(db, 5);
            UUID victim = ids.get(2);
            db.sql()
                    .sql("update audit_entry set content = 'edited before the upgrade' where id = :id")
                    .param("id", victim)
                    .update();
            try (var node = db.start()) {
                JsonNode verification = node.verify();
                assertThat(verification.get("ok").asBoolean()).isFalse();
                assertThat(verification.get("problem").asString()).isEqualTo("legacy_chain_broken");
                assertThat(verification.get("firstBrokenAuditId").asString()).isEqualTo(victim.toString());
                assertThat(verification.get("checked").asLong()).isEqualTo(2);
            }
        }
    }

    /** As the audit log wrote rows before keyed MACs: seq and recorded_at from Postgres, SHA-256 over JSON. */
    private List<UUID> writeLegacyRows(AuditDatabase db, int count) {
        Flyway.configure()
                .dataSource(db.url(), db.username(), db.password())
                .locations("classpath:db/migration")
                .target("7")
                .load()
                .migrate();
        List<UUID> ids = new ArrayList<>();
        String prev = LegacyChainUpgrade.GENESIS_HASH;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < count; i++) {
            boolean violated = i % 2 == 0;
            List<Violation> violations =
                    violated ? List.of(new Violation("r-" + i, "Rule " + i, Action.BLOCK, 0, 6, "legacy")) : List.of();
            AuditRecord record = new AuditRecord(
                    UUID.randomUUID(),
                    i % 3 == 0 ? Outcome.CHECKED : Outcome.FINISHED,
                    i % 3 == 0 ? null : "legacy-stream-" + UUID.randomUUID(),
                    new UUID(0, 7),
                    "user-" + i,
                    "bot",
                    "tab",
                    violated ? Action.BLOCK : Action.ALLOW,
                    "legacy message " + i,
                    violations,
                    3,
                    i + 1,
                    violated ? 6 : null,
                    now.minusSeconds(60 - i),
                    now.minusSeconds(30 - i));
            String hash = LegacyChainUpgrade.legacyHash(applicationMapper, prev, record);
            db.sql()
                    .sql("""
                    insert into audit_entry (id, outcome, stream_id, client_id, user_id, bot_id, session_id, action,
                        content, violations, fired_rule_ids, rule_set_version, update_count, blocked_at, started_at,
                        finished_at, prev_hash, hash)
                    values (:id, :outcome, :streamId, :clientId, :userId, :botId, :sessionId, :action,
                        :content, cast(:violations as jsonb), :firedRuleIds, :ruleSetVersion, :updateCount, :blockedAt,
                        :startedAt, :finishedAt, :prevHash, :hash)""")
                    .param("id", record.auditId())
                    .param("outcome", record.outcome().wireName())
                    .param("streamId", record.streamId())
                    .param("clientId", record.clientId())
                    .param("userId", record.userId())
                    .param("botId", record.botId())
                    .param("sessionId", record.sessionId())
                    .param("action", record.action().wireName())
                    .param("content", record.content())
                    .param("violations", applicationMapper.writeValueAsString(record.violations()))
                    .param(
                            "firedRuleIds",
                            violations.stream().map(Violation::ruleId).toArray(String[]::new))
                    .param("ruleSetVersion", record.ruleSetVersion())
                    .param("updateCount", record.updateCount())
                    .param("blockedAt", record.blockedAt())
                    .param("startedAt", Timestamp.from(record.startedAt()))
                    .param("finishedAt", Timestamp.from(record.finishedAt()))
                    .param("prevHash", prev)
                    .param("hash", hash)
                    .update();
            prev = hash;
            ids.add(record.auditId());
        }
        return ids;
    }

    /** Retention as it was: delete a prefix, keep the last deleted row's hash as the anchor. */
    private static void purgeTheOldWay(AuditDatabase db, int rows) {
        var last = db.sql()
                .sql("select seq, hash from audit_entry order by seq offset :n limit 1")
                .param("n", rows - 1)
                .query((rs, n) -> java.util.Map.entry(rs.getLong(1), rs.getString(2)))
                .single();
        db.sql()
                .sql("delete from audit_entry where seq <= :seq")
                .param("seq", last.getKey())
                .update();
        db.sql()
                .sql("insert into audit_purge (purged_through_seq, last_hash, rows_purged) values (:seq, :hash, :rows)")
                .param("seq", last.getKey())
                .param("hash", last.getValue())
                .param("rows", rows)
                .update();
    }
}
