package io.streamguard.api.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log in Postgres. Writing is idempotent by audit id, and every row is
 * chained to the one before it: {@code hash = SHA-256(canonical JSON of [prevHash, fields…])}.
 */
@Service
public class AuditLog {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuditLog.class);
    static final String GENESIS = "0".repeat(64);
    static final long AUDIT_APPEND_LOCK = 0x5347_4155_4449_54L;
    private static final TypeReference<List<ViolationView>> VIOLATIONS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, seq, outcome, stream_id, client_id, user_id, bot_id, session_id, action, content, violations,
            fired_rule_ids, rule_set_version, update_count, blocked_at, started_at, finished_at, recorded_at,
            prev_hash, hash""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final MeterRegistry meters;

    AuditLog(JdbcClient jdbc, JsonMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.meters = meters;
    }

    /** Appends the record unless a row with its id exists; returns whether it appended. */
    @Transactional
    public boolean append(AuditRecord record) {
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", AUDIT_APPEND_LOCK).query().listOfRows();
        if (exists(record.auditId())) {
            return false;
        }
        if (record.streamId() != null && streamAudited(record.streamId())) {
            log.error("Stream {} already has an audit row; record {} is not written", record.streamId(),
                    record.auditId());
            return false;
        }
        AuditRecord stored = truncatedToDatabasePrecision(record);
        String prevHash = lastHash();
        String hash = hash(prevHash, stored);
        jdbc.sql("""
                insert into audit_entry (id, outcome, stream_id, client_id, user_id, bot_id, session_id, action,
                    content, violations, fired_rule_ids, rule_set_version, update_count, blocked_at, started_at,
                    finished_at, prev_hash, hash)
                values (:id, :outcome, :streamId, :clientId, :userId, :botId, :sessionId, :action,
                    :content, cast(:violations as jsonb), :firedRuleIds, :ruleSetVersion, :updateCount, :blockedAt,
                    :startedAt, :finishedAt, :prevHash, :hash)""")
                .param("id", stored.auditId())
                .param("outcome", stored.outcome().wireName())
                .param("streamId", stored.streamId())
                .param("clientId", stored.clientId())
                .param("userId", stored.userId())
                .param("botId", stored.botId())
                .param("sessionId", stored.sessionId())
                .param("action", stored.action())
                .param("content", stored.content())
                .param("violations", json.writeValueAsString(stored.violations()))
                .param("firedRuleIds", firedRuleIds(stored.violations()))
                .param("ruleSetVersion", stored.ruleSetVersion())
                .param("updateCount", stored.updateCount())
                .param("blockedAt", stored.blockedAt())
                .param("startedAt", Timestamp.from(stored.startedAt()))
                .param("finishedAt", Timestamp.from(stored.finishedAt()))
                .param("prevHash", prevHash)
                .param("hash", hash)
                .update();
        meters.counter("streamguard.audit.appended", "outcome", stored.outcome().wireName()).increment();
        return true;
    }

    private boolean streamAudited(String streamId) {
        return jdbc.sql("select count(*) from audit_entry where stream_id = :s").param("s", streamId)
                .query(Long.class).single() > 0;
    }

    @Transactional(readOnly = true)
    public boolean exists(UUID auditId) {
        return jdbc.sql("select count(*) from audit_entry where id = :id").param("id", auditId)
                .query(Long.class).single() > 0;
    }

    @Transactional(readOnly = true)
    public Optional<AuditEntryView> find(UUID auditId) {
        return jdbc.sql("select " + COLUMNS + " from audit_entry where id = :id").param("id", auditId)
                .query(this::view).optional();
    }

    /** The row of a stream its client finished, for a finish retried after the cluster let the stream go. */
    @Transactional(readOnly = true)
    public Optional<AuditEntryView> findFinishedStream(String streamId, UUID clientId) {
        return jdbc.sql("select " + COLUMNS + " from audit_entry where stream_id = :s and client_id = :c"
                + " and outcome = 'finished'")
                .param("s", streamId)
                .param("c", clientId)
                .query(this::view).optional();
    }

    /** One page of a compliance search, and the cursor of the next page if there is one. */
    @Transactional(readOnly = true)
    public AuditPage search(AuditQuery query) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder(" where true");
        if (query.from() != null) {
            where.append(" and finished_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" and finished_at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        equal(where, params, "user_id", "userId", query.userId());
        equal(where, params, "bot_id", "botId", query.botId());
        equal(where, params, "action", "action", query.action());
        equal(where, params, "outcome", "outcome", query.outcome());
        if (query.ruleId() != null) {
            where.append(" and fired_rule_ids @> array[cast(:ruleId as text)]");
            params.put("ruleId", query.ruleId());
        }
        String rank = "cast(0 as real)";
        if (query.q() != null) {
            where.append(" and content_tsv @@ websearch_to_tsquery('simple', :q)");
            rank = "ts_rank(content_tsv, websearch_to_tsquery('simple', :q))";
            params.put("q", query.q());
        }
        boolean byRelevance = query.sort() == AuditQuery.Sort.RELEVANCE;
        if (query.cursor() != null) {
            var cursor = query.cursor();
            params.put("cursorSeq", cursor.sequence());
            params.put("cursorFinished", Timestamp.from(Instant.EPOCH.plus(cursor.finishedAtMicros(), ChronoUnit.MICROS)));
            if (byRelevance) {
                params.put("cursorRank", cursor.rank());
                where.append(" and (").append(rank).append(" < cast(:cursorRank as real) or (").append(rank)
                        .append(" = cast(:cursorRank as real) and (finished_at, seq) < (:cursorFinished, :cursorSeq)))");
            }
            else {
                where.append(" and (finished_at, seq) < (:cursorFinished, :cursorSeq)");
            }
        }
        String order = byRelevance ? " order by rank desc, finished_at desc, seq desc" : " order by finished_at desc, seq desc";
        params.put("limit", query.limit() + 1);
        List<Ranked> rows = jdbc.sql("select " + COLUMNS + ", " + rank + " as rank from audit_entry" + where + order
                + " limit :limit")
                .params(params)
                .query((rs, n) -> new Ranked(view(rs, n), rs.getFloat("rank")))
                .list();
        boolean more = rows.size() > query.limit();
        List<Ranked> page = more ? rows.subList(0, query.limit()) : rows;
        String next = null;
        if (more) {
            AuditEntryView last = page.getLast().entry();
            next = new AuditQuery.Cursor(micros(last.finishedAt()), last.sequence(), page.getLast().rank()).encode();
        }
        return new AuditPage(page.stream().map(Ranked::entry).toList(), next);
    }

    private record Ranked(AuditEntryView entry, float rank) {
    }

    private static void equal(StringBuilder where, Map<String, Object> params, String column, String name,
            @Nullable String value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }

    /**
     * Walks the chain from its anchor (the last purged row's hash, or the genesis hash) and names
     * the first row whose link or content does not match.
     */
    @Transactional(readOnly = true)
    public ChainVerification verify() {
        String expectedPrev = chainAnchor();
        long after = jdbc.sql("select coalesce(max(purged_through_seq), 0) from audit_purge").query(Long.class).single();
        long checked = 0;
        while (true) {
            List<StoredRow> rows = jdbc.sql("select " + COLUMNS + " from audit_entry where seq > :after order by seq"
                    + " limit 1000")
                    .param("after", after)
                    .query((rs, n) -> new StoredRow(view(rs, n), rs.getString("prev_hash"), record(rs)))
                    .list();
            for (StoredRow row : rows) {
                if (!row.prevHash().equals(expectedPrev) || !hash(row.prevHash(), row.record()).equals(row.entry().hash())) {
                    return new ChainVerification(false, checked, row.entry().auditId());
                }
                expectedPrev = row.entry().hash();
                checked++;
                after = row.entry().sequence();
            }
            if (rows.size() < 1000) {
                return new ChainVerification(true, checked, null);
            }
        }
    }

    private record StoredRow(AuditEntryView entry, String prevHash, AuditRecord record) {
    }

    public record ChainVerification(boolean ok, long checked, @Nullable UUID firstBrokenAuditId) {
    }

    /**
     * Deletes the oldest rows, recorded before {@code cutoff}, as one prefix of the chain, and
     * keeps the last deleted hash as the new anchor so the rest still verifies.
     *
     * @return how many rows were deleted
     */
    @Transactional
    public long purgeRecordedBefore(Instant cutoff) {
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", AUDIT_APPEND_LOCK).query().listOfRows();
        var last = jdbc.sql("select seq, hash from audit_entry where recorded_at < :cutoff order by seq desc limit 1")
                .param("cutoff", Timestamp.from(cutoff))
                .query((rs, n) -> Map.entry(rs.getLong("seq"), rs.getString("hash"))).optional();
        if (last.isEmpty()) {
            return 0;
        }
        long deleted = jdbc.sql("delete from audit_entry where seq <= :seq").param("seq", last.get().getKey()).update();
        jdbc.sql("insert into audit_purge (purged_through_seq, last_hash, rows_purged) values (:seq, :hash, :rows)")
                .param("seq", last.get().getKey())
                .param("hash", last.get().getValue())
                .param("rows", deleted)
                .update();
        return deleted;
    }

    /** The hash the next row chains to; call under the append lock. */
    String lastHash() {
        return jdbc.sql("select hash from audit_entry order by seq desc limit 1")
                .query(String.class).optional().orElseGet(this::chainAnchor);
    }

    private String chainAnchor() {
        return jdbc.sql("select last_hash from audit_purge order by id desc limit 1").query(String.class).optional()
                .orElse(GENESIS);
    }

    String hash(String prevHash, AuditRecord r) {
        List<Object> canonical = Arrays.asList(prevHash, r.auditId().toString(), r.outcome().wireName(), r.streamId(),
                r.clientId().toString(), r.userId(), r.botId(), r.sessionId(), r.action(), r.ruleSetVersion(),
                r.updateCount(), r.blockedAt(), micros(r.startedAt()), micros(r.finishedAt()), r.violations(),
                r.content());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String[] firedRuleIds(List<ViolationView> violations) {
        return violations.stream().map(ViolationView::ruleId).distinct().sorted().toArray(String[]::new);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** Postgres keeps microseconds; the hash must cover exactly what is stored. */
    private static AuditRecord truncatedToDatabasePrecision(AuditRecord r) {
        return new AuditRecord(r.auditId(), r.outcome(), r.streamId(), r.clientId(), r.userId(), r.botId(),
                r.sessionId(), r.action(), r.content(), r.violations(), r.ruleSetVersion(), r.updateCount(),
                r.blockedAt(), r.startedAt().truncatedTo(ChronoUnit.MICROS),
                r.finishedAt().truncatedTo(ChronoUnit.MICROS));
    }

    /** The record a stored row was hashed from. */
    private AuditRecord record(ResultSet rs) throws SQLException {
        AuditEntryView v = view(rs, 0);
        return new AuditRecord(v.auditId(), AuditRecord.Outcome.valueOf(v.outcome().toUpperCase(java.util.Locale.ROOT)),
                v.streamId(), v.clientId(), v.context().userId(), v.context().botId(), v.context().sessionId(),
                v.action(), v.content(), v.violations(), v.ruleSetVersion(), v.updateCount(), v.blockedAt(),
                v.startedAt(), v.finishedAt());
    }

    private AuditEntryView view(ResultSet rs, int row) throws SQLException {
        Integer blockedAt = rs.getObject("blocked_at", Integer.class);
        return new AuditEntryView(
                rs.getObject("id", UUID.class),
                rs.getLong("seq"),
                rs.getString("outcome"),
                rs.getString("stream_id"),
                rs.getObject("client_id", UUID.class),
                new AuditEntryView.Context(rs.getString("user_id"), rs.getString("bot_id"), rs.getString("session_id")),
                rs.getString("action"),
                rs.getString("content"),
                json.readValue(rs.getString("violations"), VIOLATIONS),
                List.of((String[]) rs.getArray("fired_rule_ids").getArray()),
                rs.getLong("rule_set_version"),
                rs.getInt("update_count"),
                blockedAt,
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at").toInstant(),
                rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("hash"));
    }
}
