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
import java.util.HexFormat;
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

    static final String GENESIS = "0".repeat(64);
    private static final long AUDIT_APPEND_LOCK = 0x5347_4155_4449_54L;
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
        AuditRecord stored = truncatedToDatabasePrecision(record);
        String prevHash = jdbc.sql("select hash from audit_entry order by seq desc limit 1")
                .query(String.class).optional().orElse(GENESIS);
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

    /** Newest first; {@code beforeSequence} is the cursor of the previous page. */
    @Transactional(readOnly = true)
    public List<AuditEntryView> latest(@Nullable Long beforeSequence, int limit) {
        return jdbc.sql("select " + COLUMNS + " from audit_entry where seq < :before order by seq desc limit :limit")
                .param("before", beforeSequence == null ? Long.MAX_VALUE : beforeSequence)
                .param("limit", limit)
                .query(this::view).list();
    }

    /** Newest first, by offset: for the console's lazy grid. */
    @Transactional(readOnly = true)
    public List<AuditEntryView> page(int offset, int limit) {
        return jdbc.sql("select " + COLUMNS + " from audit_entry order by seq desc offset :offset limit :limit")
                .param("offset", offset)
                .param("limit", limit)
                .query(this::view).list();
    }

    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("select count(*) from audit_entry").query(Long.class).single();
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
