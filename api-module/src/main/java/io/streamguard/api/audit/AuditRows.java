package io.streamguard.api.audit;

import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the columns of {@code audit_entry}. The violations column is written and read
 * with a mapper of the audit log's own, strict and unaffected by the application's JSON settings.
 */
final class AuditRows {

    static final String COLUMNS = """
            id, seq, outcome, stream_id, client_id, user_id, bot_id, session_id, action, content, violations,
            fired_rule_ids, rule_set_version, update_count, blocked_at, started_at, finished_at, recorded_at,
            prev_hash, hash, prev_mac, mac, mac_version""";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();
    private static final TypeReference<List<Violation>> VIOLATIONS = new TypeReference<>() {};

    private AuditRows() {}

    static String violationsJson(List<Violation> violations) {
        return JSON.writeValueAsString(violations);
    }

    static String[] firedRuleIds(List<Violation> violations) {
        return violations.stream().map(Violation::ruleId).distinct().sorted().toArray(String[]::new);
    }

    /** The row as stored, every column its MAC covers; fails on a value no writer of ours produces. */
    static AuditRow row(ResultSet rs) throws SQLException {
        Integer blockedAt = rs.getObject("blocked_at", Integer.class);
        AuditRecord record = new AuditRecord(
                rs.getObject("id", UUID.class),
                AuditRecord.Outcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)),
                rs.getString("stream_id"),
                rs.getObject("client_id", UUID.class),
                rs.getString("user_id"),
                rs.getString("bot_id"),
                rs.getString("session_id"),
                Action.fromWire(rs.getString("action")),
                rs.getString("content"),
                JSON.readValue(rs.getString("violations"), VIOLATIONS),
                rs.getLong("rule_set_version"),
                rs.getInt("update_count"),
                blockedAt,
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at").toInstant());
        return new AuditRow(
                rs.getLong("seq"),
                record,
                firedRuleIds(rs.getArray("fired_rule_ids")),
                rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    static AuditEntryView view(ResultSet rs, int rowNumber) throws SQLException {
        AuditRow row = row(rs);
        AuditRecord r = row.record();
        byte @Nullable [] mac = rs.getBytes("mac");
        String hash = mac != null ? HexFormat.of().formatHex(mac) : rs.getString("hash");
        return new AuditEntryView(
                r.auditId(),
                row.sequence(),
                r.outcome().wireName(),
                r.streamId(),
                r.clientId(),
                new AuditEntryView.Context(r.userId(), r.botId(), r.sessionId()),
                r.action().wireName(),
                r.content(),
                r.violations(),
                row.firedRuleIds(),
                r.ruleSetVersion(),
                r.updateCount(),
                r.blockedAt(),
                r.startedAt(),
                r.finishedAt(),
                row.recordedAt(),
                hash == null ? "" : hash);
    }

    private static List<String> firedRuleIds(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
