package io.streamguard.api.audit;

import com.hazelcast.core.HazelcastException;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamguard.api.cluster.ForgedGridDataException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit log in Postgres. Writing is idempotent by audit id, and every row is
 * chained to the one before it by a keyed MAC: {@code mac = HMAC-SHA256(audit key,
 * AuditEncoding.row(row, prevMac))}, over every column of the row. The key never reaches the
 * database, and the newest row is also remembered by the cluster, by each node and in signed
 * checkpoints, so a database writer can neither rewrite a row, nor remove rows at either end,
 * unseen.
 */
@Service
public class AuditLog {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuditLog.class);
    static final long AUDIT_APPEND_LOCK = 0x5347_4155_4449_54L;
    private static final String COLUMNS = AuditRows.COLUMNS;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final AuditMac macs;
    private final AuditHead head;
    private final AuditCheckpoints checkpoints;
    private final AuditChainVerifier verifier;
    private final MeterRegistry meters;
    private volatile boolean recalled;

    AuditLog(
            JdbcClient jdbc,
            JdbcTemplate batch,
            AuditMac macs,
            AuditHead head,
            AuditCheckpoints checkpoints,
            AuditChainVerifier verifier,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.macs = macs;
        this.head = head;
        this.checkpoints = checkpoints;
        this.verifier = verifier;
        this.meters = meters;
    }

    /** Appends the record unless a row with its id exists; returns whether it appended. */
    @Transactional
    public boolean append(AuditRecord record) {
        lock();
        Tip tip = tip(record.auditId(), record.streamId());
        if (tip.known()) {
            return false;
        }
        if (tip.streamAudited()) {
            log.error(
                    "Stream {} already has an audit row; record {} is not written",
                    record.streamId(),
                    record.auditId());
            return false;
        }
        AuditRecord stored = truncatedToDatabasePrecision(record);
        insertChained(List.of(stored), tip);
        count(stored);
        return true;
    }

    /**
     * Group commit: appends the records in one transaction, under one lock, as one batched insert,
     * chained in the order given, with one checkpoint and one move of the head for the last row. A
     * record whose id already has a row is skipped; a record for a stream that already has a row (in
     * the table or earlier in this batch) is refused, as {@link #append} refuses it. Either way the
     * record needs no further writing, so the caller may confirm every record once this returns.
     *
     * @return how many rows were appended
     */
    @Transactional
    public int appendBatch(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        lock();
        Set<UUID> knownIds = new HashSet<>();
        Set<String> auditedStreams = new HashSet<>();
        jdbc.sql("select id, stream_id from audit_entry where id = any(cast(:ids as uuid[]))"
                        + " or stream_id = any(:streams)")
                .param("ids", records.stream().map(r -> r.auditId().toString()).toArray(String[]::new))
                .param("streams", records.stream().map(AuditRecord::streamId).toArray(String[]::new))
                .query(rs -> {
                    knownIds.add(rs.getObject("id", UUID.class));
                    String stream = rs.getString("stream_id");
                    if (stream != null) {
                        auditedStreams.add(stream);
                    }
                });
        List<AuditRecord> fresh = new ArrayList<>(records.size());
        for (AuditRecord record : records) {
            if (!knownIds.add(record.auditId())) {
                continue;
            }
            String stream = record.streamId();
            if (stream != null && !auditedStreams.add(stream)) {
                log.error("Stream {} already has an audit row; record {} is not written", stream, record.auditId());
                continue;
            }
            fresh.add(truncatedToDatabasePrecision(record));
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        insertChained(fresh, tip(null, null));
        fresh.forEach(this::count);
        return fresh.size();
    }

    private void count(AuditRecord stored) {
        meters.counter("streamguard.audit.appended", "outcome", stored.outcome().wireName())
                .increment();
        meters.counter(
                        "streamguard.verdicts",
                        "outcome",
                        stored.outcome().wireName(),
                        "action",
                        stored.action().wireName())
                .increment();
    }

    /** Appends many records in one transaction and one batch, for seeding; the caller holds no lock. */
    @Transactional
    void appendAll(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        lock();
        insertChained(
                records.stream().map(AuditLog::truncatedToDatabasePrecision).toList(), tip(null, null));
    }

    /** Under the append lock: inserts the records as one batch, chained from {@code tip} in their order. */
    private void insertChained(List<AuditRecord> records, Tip tip) {
        List<Long> sequences = new ArrayList<>(List.of(tip.nextSequence()));
        if (records.size() > 1) {
            sequences.addAll(
                    jdbc.sql("select nextval(pg_get_serial_sequence('audit_entry', 'seq')) from generate_series(2, :n)")
                            .param("n", records.size())
                            .query(Long.class)
                            .list());
        }
        sequences.sort(null);
        byte[] prev = tip.prevMac();
        List<Object[]> rows = new ArrayList<>(records.size());
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < records.size(); i++) {
            AuditRecord record = records.get(i);
            String[] fired = AuditRows.firedRuleIds(record.violations());
            AuditRow row = new AuditRow(sequences.get(i), record, List.of(fired), recordedAt, null, null);
            byte[] mac = macs.row(row, prev);
            rows.add(new Object[] {
                record.auditId(),
                row.sequence(),
                record.outcome().wireName(),
                record.streamId(),
                record.clientId(),
                record.userId(),
                record.botId(),
                record.sessionId(),
                record.action().wireName(),
                record.content(),
                AuditRows.violationsJson(record.violations()),
                fired,
                record.ruleSetVersion(),
                record.updateCount(),
                record.blockedAt(),
                Timestamp.from(record.startedAt()),
                Timestamp.from(record.finishedAt()),
                Timestamp.from(row.recordedAt()),
                prev,
                mac,
                (int) AuditEncoding.VERSION
            });
            prev = mac;
        }
        batch.batchUpdate("""
                insert into audit_entry (id, seq, outcome, stream_id, client_id, user_id, bot_id, session_id, action,
                    content, violations, fired_rule_ids, rule_set_version, update_count, blocked_at, started_at,
                    finished_at, recorded_at, prev_mac, mac, mac_version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        checkpoints.appended(
                new AuditCheckpoint(sequences.getLast(), records.getLast().auditId(), prev, Instant.now()));
    }

    private void lock() {
        jdbc.sql("select pg_advisory_xact_lock(:key)")
                .param("key", AUDIT_APPEND_LOCK)
                .query()
                .listOfRows();
        if (!recalled) {
            // After a restart of every node only the stored checkpoints remember the head: a row
            // appended now must link past rows deleted while the cluster was down, not paper over them.
            checkpoints.latest().filter(AuditCheckpoints.Stored::genuine).ifPresent(s -> head.recall(s.checkpoint()));
            recalled = true;
        }
    }

    /**
     * Where the next row goes and what it links to, and whether the record's id or stream already
     * has a row: one round trip, under the append lock.
     */
    private record Tip(long nextSequence, byte[] prevMac, boolean known, boolean streamAudited) {}

    private Tip tip(@Nullable UUID auditId, @Nullable String streamId) {
        record Last(long next, @Nullable Long sequence, byte @Nullable [] mac, boolean known, boolean streamed) {}
        Last last = jdbc.sql("""
                select exists (select 1 from audit_entry where id = :id) as known,
                    exists (select 1 from audit_entry where stream_id = :stream) as streamed,
                    nextval(pg_get_serial_sequence('audit_entry', 'seq')) as next, e.seq, e.mac
                from (select 1) one left join lateral (select seq, mac from audit_entry order by seq desc limit 1) e
                on true""")
                .param("id", auditId, java.sql.Types.OTHER)
                .param("stream", streamId, java.sql.Types.VARCHAR)
                .query((rs, n) -> new Last(
                        rs.getLong("next"),
                        rs.getObject("seq", Long.class),
                        rs.getBytes("mac"),
                        rs.getBoolean("known"),
                        rs.getBoolean("streamed")))
                .single();
        long sequence;
        byte[] mac;
        if (last.sequence() != null) {
            sequence = last.sequence();
            mac = last.mac() != null ? last.mac() : AuditMac.GENESIS;
        } else {
            var marker = jdbc.sql("select purged_through_seq, last_mac from audit_purge"
                            + " order by purged_through_seq desc, id desc limit 1")
                    .query((rs, n) -> Map.entry(
                            rs.getLong(1), Optional.ofNullable(rs.getBytes(2)).orElse(AuditMac.GENESIS)))
                    .optional();
            sequence = marker.map(Map.Entry::getKey).orElse(0L);
            mac = marker.map(Map.Entry::getValue).orElse(AuditMac.GENESIS);
        }
        return new Tip(last.next(), linkTo(sequence, mac), last.known(), last.streamed());
    }

    /**
     * The MAC the next row links to: the table's last row, unless the cluster saw a later row (or
     * another row at that place) appended. Then rows were deleted from the end, and linking to the
     * row the cluster saw keeps that visible to verification instead of papering over it.
     */
    private byte[] linkTo(long sequence, byte[] mac) {
        Optional<AuditCheckpoint> seen = head.seen();
        if (seen.isPresent()
                && (seen.get().sequence() > sequence
                        || seen.get().sequence() == sequence
                                && !AuditMac.same(seen.get().rowMac(), mac))) {
            log.error(
                    "The audit table ends at row {} but the cluster saw row {} appended: rows were removed behind"
                            + " the log's back. The next row links to row {}, so verification reports the gap.",
                    sequence,
                    seen.get().sequence(),
                    seen.get().sequence());
            meters.counter("streamguard.audit.chain.gaps").increment();
            return seen.get().rowMac();
        }
        return mac;
    }

    /** Whether Postgres answers at all: tells a refused row from an unreachable database. */
    boolean reachable() {
        try {
            return jdbc.sql("select 1").query(Integer.class).single() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Transactional(readOnly = true)
    public boolean exists(UUID auditId) {
        return jdbc.sql("select count(*) from audit_entry where id = :id")
                        .param("id", auditId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Transactional(readOnly = true)
    public Optional<AuditEntryView> find(UUID auditId) {
        return jdbc.sql("select " + COLUMNS + " from audit_entry where id = :id")
                .param("id", auditId)
                .query(this::view)
                .optional();
    }

    /** The row of a stream its client finished, for a finish retried after the cluster let the stream go. */
    @Transactional(readOnly = true)
    public Optional<AuditRecord> findFinishedStream(String streamId, UUID clientId) {
        return jdbc.sql("select " + COLUMNS + " from audit_entry where stream_id = :s and client_id = :c"
                        + " and outcome = 'finished'")
                .param("s", streamId)
                .param("c", clientId)
                .query((rs, row) -> AuditRows.row(rs).record())
                .optional();
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
            // runs without a space are cut every 64 chars, as the indexed text is (V11)
            String words = "websearch_to_tsquery('simple', regexp_replace(:q, '(\\S{64})', '\\1 ', 'g'))";
            where.append(" and content_tsv @@ ").append(words);
            rank = "ts_rank(content_tsv, " + words + ")";
            params.put("q", query.q());
        }
        boolean byRelevance = query.sort() == AuditQuery.Sort.RELEVANCE;
        if (query.cursor() != null) {
            var cursor = query.cursor();
            params.put("cursorSeq", cursor.sequence());
            params.put(
                    "cursorFinished", Timestamp.from(Instant.EPOCH.plus(cursor.finishedAtMicros(), ChronoUnit.MICROS)));
            if (byRelevance) {
                params.put("cursorRank", cursor.rank());
                where.append(" and (")
                        .append(rank)
                        .append(" < cast(:cursorRank as real) or (")
                        .append(rank)
                        .append(
                                " = cast(:cursorRank as real) and (finished_at, seq) < (:cursorFinished, :cursorSeq)))");
            } else {
                where.append(" and (finished_at, seq) < (:cursorFinished, :cursorSeq)");
            }
        }
        String order = byRelevance
                ? " order by rank desc, finished_at desc, seq desc"
                : " order by finished_at desc, seq desc";
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
            next = new AuditQuery.Cursor(
                            micros(last.finishedAt()),
                            last.sequence(),
                            page.getLast().rank())
                    .encode();
        }
        return new AuditPage(page.stream().map(Ranked::entry).toList(), next);
    }

    private record Ranked(AuditEntryView entry, float rank) {}

    private static void equal(
            StringBuilder where, Map<String, Object> params, String column, String name, @Nullable String value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }

    /**
     * Walks the chain from its anchor (the newest signed purge marker, or the start) and names the
     * first row that fails, and why; then checks that the chain reaches the newest row each anchor
     * knows of: the cluster's head, this node's own copy of it, and the newest signed checkpoint.
     * Both heads are read before the database snapshot is taken, so every row they name is
     * committed and visible to the walk.
     */
    public ChainVerification verify() {
        AuditChainVerifier.Head cluster;
        try {
            cluster = AuditChainVerifier.Head.of(head.current().orElse(null));
        } catch (ForgedGridDataException e) {
            cluster = AuditChainVerifier.Head.FORGED;
        } catch (HazelcastException e) {
            log.warn(
                    "The cluster's audit head cannot be read; verifying against this node's copy and the stored"
                            + " checkpoints",
                    e);
            cluster = AuditChainVerifier.Head.of(null);
        }
        return verifier.verify(cluster, head.seen().orElse(null));
    }

    /**
     * The result of a verification. {@code firstBrokenAuditId} and {@code firstBrokenSequence}
     * name the first row that fails (for missing newest rows: the newest row the anchors know of),
     * {@code problem} says how it failed, {@code detail} says it in words.
     */
    public record ChainVerification(
            boolean ok,
            long checked,
            @Nullable UUID firstBrokenAuditId,
            @Nullable Long firstBrokenSequence,
            @Nullable String problem,
            @Nullable String detail) {

        static ChainVerification intact(long checked) {
            return new ChainVerification(true, checked, null, null, null, null);
        }
    }

    /**
     * Deletes the oldest rows, recorded before {@code cutoff}, as one prefix of the chain, and
     * leaves a signed purge marker that names the last deleted row's MAC, so the rest still
     * verifies and a marker a database writer makes does not.
     *
     * @return how many rows were deleted
     */
    @Transactional
    public long purgeRecordedBefore(Instant cutoff) {
        lock();
        record Last(long sequence, byte @Nullable [] mac) {}
        var last = jdbc.sql("select seq, mac from audit_entry where recorded_at < :cutoff order by seq desc limit 1")
                .param("cutoff", Timestamp.from(cutoff))
                .query((rs, n) -> new Last(rs.getLong("seq"), rs.getBytes("mac")))
                .optional();
        if (last.isEmpty()) {
            return 0;
        }
        long through = last.get().sequence();
        byte[] lastMac = last.get().mac() != null ? last.get().mac() : AuditMac.GENESIS;
        long deleted = jdbc.sql("delete from audit_entry where seq <= :seq")
                .param("seq", through)
                .update();
        jdbc.sql("delete from audit_checkpoint where seq <= :seq")
                .param("seq", through)
                .update();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                insert into audit_purge (purged_through_seq, last_mac, rows_purged, purged_at, mac)
                values (:seq, :lastMac, :rows, :at, :mac)""")
                .param("seq", through)
                .param("lastMac", lastMac)
                .param("rows", deleted)
                .param("at", Timestamp.from(at))
                .param("mac", macs.purgeMarker(through, lastMac, deleted, at, null))
                .update();
        return deleted;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** Postgres keeps microseconds; the MAC must cover exactly what is stored. */
    private static AuditRecord truncatedToDatabasePrecision(AuditRecord r) {
        return new AuditRecord(
                r.auditId(),
                r.outcome(),
                r.streamId(),
                r.clientId(),
                r.userId(),
                r.botId(),
                r.sessionId(),
                r.action(),
                r.content(),
                r.violations(),
                r.ruleSetVersion(),
                r.updateCount(),
                r.blockedAt(),
                r.startedAt().truncatedTo(ChronoUnit.MICROS),
                r.finishedAt().truncatedTo(ChronoUnit.MICROS));
    }

    private AuditEntryView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return AuditRows.view(rs, row);
    }
}
