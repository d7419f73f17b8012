package io.streamguard.api.audit;

import com.hazelcast.core.HazelcastException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves rows written under the unkeyed SHA-256 chain (before keyed MACs) onto the keyed chain,
 * once, at the first start after the upgrade and before the node serves: it checks the old chain
 * as the old verification did, re-signs every row and every purge marker with the key, and leaves
 * a signed record of how many rows it checked and where (if anywhere) the old chain was already
 * broken, which verification goes on reporting.
 *
 * <p>It runs only while nothing in the database or the cluster shows that the keyed chain has
 * begun; otherwise a database writer could strip MACs and have forged rows re-signed. Rows
 * without a MAC after that are reported by verification instead.
 */
@Component
class LegacyChainUpgrade implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LegacyChainUpgrade.class);
    static final String GENESIS_HASH = "0".repeat(64);
    private static final int PAGE = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transactions;
    private final AuditMac macs;
    private final AuditHead head;
    private final List<JsonMapper> legacyMappers;

    LegacyChainUpgrade(
            JdbcClient jdbc,
            JdbcTemplate batch,
            TransactionTemplate transactions,
            AuditMac macs,
            AuditHead head,
            JsonMapper applicationMapper) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transactions = transactions;
        this.macs = macs;
        this.head = head;
        // The old chain hashed whatever the application's mapper wrote: with default settings, or
        // with the settings this node runs with.
        this.legacyMappers = List.of(JsonMapper.builder().build(), applicationMapper);
    }

    @Override
    public void afterSingletonsInstantiated() {
        transactions.executeWithoutResult(tx -> upgrade());
    }

    void upgrade() {
        jdbc.sql("select pg_advisory_xact_lock(:key)")
                .param("key", AuditLog.AUDIT_APPEND_LOCK)
                .query()
                .listOfRows();
        if (!jdbc.sql("select exists (select 1 from audit_entry where mac is null)")
                .query(Boolean.class)
                .single()) {
            return;
        }
        long unsigned = jdbc.sql("select count(*) from audit_entry where mac is null")
                .query(Long.class)
                .single();
        if (keyedChainBegun()) {
            log.error(
                    "{} audit rows carry no MAC although the keyed chain has begun; they are not re-signed, and"
                            + " verification reports them",
                    unsigned);
            return;
        }
        String expectedHash = jdbc.sql(
                        "select last_hash from audit_purge order by purged_through_seq desc, id desc" + " limit 1")
                .query(String.class)
                .optional()
                .orElse(GENESIS_HASH);
        byte[] prevMac = AuditMac.GENESIS;
        Long firstBroken = null;
        long rows = 0;
        long lastSequence = 0;
        String lastHash = null;
        while (true) {
            List<AuditRow> page = jdbc.sql("select " + AuditRows.COLUMNS + " from audit_entry where seq > :after"
                            + " order by seq limit " + PAGE)
                    .param("after", lastSequence)
                    .query((rs, n) -> AuditRows.row(rs))
                    .list();
            List<Object[]> updates = new ArrayList<>(page.size());
            for (AuditRow row : page) {
                if (firstBroken == null && !legacyIntact(row, expectedHash)) {
                    firstBroken = row.sequence();
                }
                expectedHash = row.legacyHash() == null ? "" : row.legacyHash();
                byte[] mac = macs.row(row, prevMac);
                updates.add(new Object[] {prevMac, mac, (int) AuditEncoding.VERSION, row.sequence()});
                prevMac = mac;
                lastSequence = row.sequence();
                lastHash = row.legacyHash();
                rows++;
            }
            batch.batchUpdate("update audit_entry set prev_mac = ?, mac = ?, mac_version = ? where seq = ?", updates);
            if (page.size() < PAGE) {
                break;
            }
        }
        signLegacyPurgeMarkers();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                insert into audit_legacy_chain (rows_verified, last_seq, last_hash, first_broken_seq, upgraded_at, mac)
                values (:rows, :last, :hash, :broken, :at, :mac)""")
                .param("rows", rows)
                .param("last", lastSequence)
                .param("hash", lastHash)
                .param("broken", firstBroken)
                .param("at", Timestamp.from(at))
                .param("mac", macs.legacyChain(rows, lastSequence, lastHash, firstBroken, at))
                .update();
        if (firstBroken == null) {
            log.warn("Audit log upgraded to keyed MACs: the unkeyed chain of {} rows verified and was re-signed", rows);
        } else {
            log.error(
                    "Audit log upgraded to keyed MACs: {} rows re-signed, but the unkeyed chain was already broken"
                            + " at row {}; verification reports it there",
                    rows,
                    firstBroken);
        }
    }

    private boolean keyedChainBegun() {
        boolean inDatabase = jdbc.sql("""
                select exists (select 1 from audit_entry where mac is not null)
                    or exists (select 1 from audit_checkpoint)
                    or exists (select 1 from audit_purge where mac is not null)
                    or exists (select 1 from audit_legacy_chain)""").query(Boolean.class).single();
        if (inDatabase) {
            return true;
        }
        try {
            return head.current().isPresent();
        } catch (HazelcastException e) {
            return true;
        }
    }

    private void signLegacyPurgeMarkers() {
        record Marker(
                long id,
                long through,
                long rows,
                Instant at,
                @Nullable String lastHash) {}
        List<Marker> markers = jdbc.sql("select id, purged_through_seq, rows_purged, purged_at, last_hash"
                        + " from audit_purge where mac is null")
                .query((rs, n) -> new Marker(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getString(5)))
                .list();
        for (Marker m : markers) {
            jdbc.sql("update audit_purge set last_mac = :lastMac, mac = :mac where id = :id")
                    .param("lastMac", AuditMac.GENESIS)
                    .param("mac", macs.purgeMarker(m.through(), AuditMac.GENESIS, m.rows(), m.at(), m.lastHash()))
                    .param("id", m.id())
                    .update();
        }
    }

    private boolean legacyIntact(AuditRow row, String expectedPrevHash) {
        if (!expectedPrevHash.equals(row.legacyPrevHash()) || row.legacyHash() == null) {
            return false;
        }
        for (JsonMapper mapper : legacyMappers) {
            if (legacyHash(mapper, expectedPrevHash, row.record()).equals(row.legacyHash())) {
                return true;
            }
        }
        return false;
    }

    /** The hash of the unkeyed chain, exactly as it was computed before keyed MACs. */
    static String legacyHash(JsonMapper json, String prevHash, AuditRecord r) {
        List<Object> canonical = Arrays.asList(
                prevHash,
                r.auditId().toString(),
                r.outcome().wireName(),
                r.streamId(),
                r.clientId().toString(),
                r.userId(),
                r.botId(),
                r.sessionId(),
                r.action().wireName(),
                r.ruleSetVersion(),
                r.updateCount(),
                r.blockedAt(),
                micros(r.startedAt()),
                micros(r.finishedAt()),
                r.violations(),
                r.content());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
