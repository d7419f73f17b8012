package io.streamguard.api.audit;

import io.streamguard.api.audit.AuditLog.ChainVerification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the audit chain against the key: the newest purge marker, every row and its link to
 * the one before, the signed record of the legacy upgrade, and the anchors that say how far the
 * chain reached (the cluster's head, this node's own copy of it, and the newest stored
 * checkpoint). Reports the first failure in chain order; a chain that ends too early is reported
 * at the newest row any anchor names.
 */
@Component
class AuditChainVerifier {

    private static final int PAGE = 1000;

    /** Why verification failed, as the {@code problem} of its answer. */
    enum Problem {
        /** A row's content or MAC is not what this cluster wrote: edited, or inserted. */
        ROW_ALTERED,
        /** A row carries no MAC, or one of an unknown version. */
        ROW_UNSIGNED,
        /** A row is intact but links to a MAC other than its predecessor's: rows before it were deleted. */
        ROWS_MISSING_BEFORE,
        /** The chain ends before the newest row the cluster, this node or a stored checkpoint knows of. */
        NEWEST_ROWS_MISSING,
        /** The newest purge marker is not signed by this cluster (forged or altered). */
        BAD_PURGE_MARKER,
        /** A row sits inside the range the newest purge marker says was deleted. */
        ROW_BEHIND_PURGE_MARKER,
        /** The newest stored checkpoint, or the cluster's head, is not signed by this cluster. */
        BAD_CHECKPOINT,
        /** The chain was already broken here when it moved from unkeyed hashes to keyed MACs. */
        LEGACY_CHAIN_BROKEN,
        /** The record of the move to keyed MACs is not signed by this cluster. */
        BAD_LEGACY_RECORD;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What the cluster's map said the head was, read before the database snapshot. */
    record Head(@Nullable AuditCheckpoint checkpoint, boolean forged) {

        static final Head FORGED = new Head(null, true);

        static Head of(@Nullable AuditCheckpoint checkpoint) {
            return new Head(checkpoint, false);
        }
    }

    private record Anchor(String source, AuditCheckpoint checkpoint) {}

    private record Marker(
            long through,
            byte @Nullable [] lastMac,
            long rows,
            Instant at,
            @Nullable String lastHash,
            byte @Nullable [] mac) {}

    private record Legacy(
            long rows,
            long lastSequence,
            @Nullable String lastHash,
            @Nullable Long firstBroken,
            Instant at,
            byte @Nullable [] mac) {}

    private record Stored(
            long sequence,
            UUID auditId,
            byte @Nullable [] prevMac,
            byte @Nullable [] mac,
            @Nullable Integer version,
            @Nullable AuditRow row,
            @Nullable String unreadable) {}

    private final JdbcClient jdbc;
    private final AuditMac macs;
    private final AuditCheckpoints checkpoints;

    AuditChainVerifier(JdbcClient jdbc, AuditMac macs, AuditCheckpoints checkpoints) {
        this.jdbc = jdbc;
        this.macs = macs;
        this.checkpoints = checkpoints;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ChainVerification verify(Head head, @Nullable AuditCheckpoint local) {
        Marker marker = jdbc.sql("""
                select purged_through_seq, last_mac, rows_purged, purged_at, last_hash, mac from audit_purge
                order by purged_through_seq desc, id desc limit 1""")
                .query((rs, n) -> new Marker(
                        rs.getLong(1),
                        rs.getBytes(2),
                        rs.getLong(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getString(5),
                        rs.getBytes(6)))
                .optional()
                .orElse(null);
        long after = marker == null ? 0 : marker.through();
        byte[] expected = AuditMac.GENESIS;
        if (marker != null) {
            byte[] storedLastMac = marker.lastMac();
            byte[] lastMac = storedLastMac == null ? AuditMac.GENESIS : storedLastMac;
            if (!AuditMac.same(
                    marker.mac(),
                    macs.purgeMarker(marker.through(), lastMac, marker.rows(), marker.at(), marker.lastHash()))) {
                return failAtFirstRowAfter(
                        after,
                        Problem.BAD_PURGE_MARKER,
                        "The purge marker that says rows up to " + marker.through()
                                + " were deleted is not signed by this cluster: forged or altered.");
            }
            expected = lastMac;
            var behind = jdbc.sql("select seq, id from audit_entry where seq <= :after order by seq limit 1")
                    .param("after", after)
                    .query((rs, n) -> failure(
                            0,
                            rs.getObject("id", UUID.class),
                            rs.getLong("seq"),
                            Problem.ROW_BEHIND_PURGE_MARKER,
                            "This row lies in the range a purge marker says was"
                                    + " deleted, so it is not part of the chain."))
                    .optional();
            if (behind.isPresent()) {
                return behind.get();
            }
        }
        Legacy legacy = jdbc.sql("""
                select rows_verified, last_seq, last_hash, first_broken_seq, upgraded_at, mac from audit_legacy_chain
                order by id desc limit 1""")
                .query((rs, n) -> new Legacy(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getObject(4, Long.class),
                        rs.getTimestamp(5).toInstant(),
                        rs.getBytes(6)))
                .optional()
                .orElse(null);
        if (legacy != null
                && !AuditMac.same(
                        legacy.mac(),
                        macs.legacyChain(
                                legacy.rows(),
                                legacy.lastSequence(),
                                legacy.lastHash(),
                                legacy.firstBroken(),
                                legacy.at()))) {
            return failAtFirstRowAfter(
                    after,
                    Problem.BAD_LEGACY_RECORD,
                    "The record of the move to keyed MACs is not signed by this cluster: forged or altered.");
        }

        List<Anchor> anchors = new ArrayList<>();
        if (head.forged()) {
            return failAtFirstRowAfter(
                    after, Problem.BAD_CHECKPOINT, "The chain head held by the cluster is not sealed by this cluster.");
        }
        if (head.checkpoint() != null) {
            anchors.add(new Anchor("the cluster's head", head.checkpoint()));
        }
        if (local != null) {
            anchors.add(new Anchor("this node's own record of the head", local));
        }
        var stored = checkpoints.latest();
        if (stored.isPresent()) {
            if (!stored.get().genuine()) {
                return new ChainVerification(
                        false,
                        0,
                        stored.get().checkpoint().auditId(),
                        stored.get().checkpoint().sequence(),
                        Problem.BAD_CHECKPOINT.code(),
                        "The newest stored checkpoint (row "
                                + stored.get().checkpoint().sequence()
                                + ") is not signed by this cluster: forged or altered.");
            }
            anchors.add(new Anchor("the stored checkpoint", stored.get().checkpoint()));
        }
        anchors.removeIf(a -> a.checkpoint().sequence() <= after);

        long checked = 0;
        long lastSequence = after;
        List<Anchor> confirmed = new ArrayList<>();
        while (true) {
            List<Stored> rows = jdbc.sql("select " + AuditRows.COLUMNS + " from audit_entry where seq > :after"
                            + " order by seq limit " + PAGE)
                    .param("after", lastSequence)
                    .query((rs, n) -> stored(rs))
                    .list();
            for (Stored row : rows) {
                ChainVerification broken = check(row, expected, checked, legacy);
                if (broken != null) {
                    return broken;
                }
                for (Anchor anchor : anchors) {
                    if (anchor.checkpoint().sequence() == row.sequence()
                            && AuditMac.same(anchor.checkpoint().rowMac(), row.mac())) {
                        confirmed.add(anchor);
                    }
                }
                expected = Objects.requireNonNull(row.mac(), "a row that passed the check has its MAC");
                lastSequence = row.sequence();
                checked++;
            }
            if (rows.size() < PAGE) {
                break;
            }
        }
        @Nullable Anchor newest = null;
        for (Anchor anchor : anchors) {
            if (!confirmed.contains(anchor)
                    && (newest == null
                            || anchor.checkpoint().sequence()
                                    > newest.checkpoint().sequence())) {
                newest = anchor;
            }
        }
        if (newest != null) {
            AuditCheckpoint c = newest.checkpoint();
            String where = c.sequence() > lastSequence
                    ? "the chain ends at row " + lastSequence + ", but " + newest.source() + " (written " + c.at()
                            + ") says row " + c.sequence() + " was appended: the newest rows were deleted."
                    : newest.source() + " (written " + c.at() + ") names row " + c.sequence()
                            + ", which the chain does not hold as signed: rows were deleted or replaced.";
            return failure(
                    checked,
                    c.auditId(),
                    c.sequence(),
                    Problem.NEWEST_ROWS_MISSING,
                    Character.toUpperCase(where.charAt(0)) + where.substring(1));
        }
        return ChainVerification.intact(checked);
    }

    private @Nullable ChainVerification check(Stored row, byte[] expected, long checked, @Nullable Legacy legacy) {
        if (row.mac() == null
                || row.prevMac() == null
                || row.version() == null
                || row.version() != AuditEncoding.VERSION) {
            return failure(
                    checked,
                    row.auditId(),
                    row.sequence(),
                    Problem.ROW_UNSIGNED,
                    "This row carries no MAC of a known version: it was not written, or was rewritten, outside the log.");
        }
        if (row.row() == null || !AuditMac.same(row.mac(), macs.row(row.row(), row.prevMac()))) {
            return failure(
                    checked,
                    row.auditId(),
                    row.sequence(),
                    Problem.ROW_ALTERED,
                    "This row's content does not match its MAC: it was changed or inserted outside the log"
                            + (row.unreadable() != null ? " (" + row.unreadable() + ")." : "."));
        }
        if (!AuditMac.same(row.prevMac(), expected)) {
            return failure(
                    checked,
                    row.auditId(),
                    row.sequence(),
                    Problem.ROWS_MISSING_BEFORE,
                    "This row is intact, but the row it was chained to is not the one before it: rows before it"
                            + " were deleted" + (checked == 0 ? " without a signed purge marker." : "."));
        }
        if (legacy != null && legacy.firstBroken() != null && legacy.firstBroken() == row.sequence()) {
            return failure(
                    checked,
                    row.auditId(),
                    row.sequence(),
                    Problem.LEGACY_CHAIN_BROKEN,
                    "The unkeyed SHA-256 chain was already broken at this row when it was re-signed with keyed MACs"
                            + " on " + legacy.at() + ".");
        }
        return null;
    }

    private Stored stored(ResultSet rs) throws SQLException {
        AuditRow row = null;
        String unreadable = null;
        try {
            row = AuditRows.row(rs);
        } catch (RuntimeException e) {
            unreadable = "a column holds a value the log never writes";
        }
        return new Stored(
                rs.getLong("seq"),
                rs.getObject("id", UUID.class),
                rs.getBytes("prev_mac"),
                rs.getBytes("mac"),
                rs.getObject("mac_version", Integer.class),
                row,
                unreadable);
    }

    private ChainVerification failAtFirstRowAfter(long after, Problem problem, String detail) {
        return jdbc.sql("select seq, id from audit_entry where seq > :after order by seq limit 1")
                .param("after", after)
                .query((rs, n) -> failure(0, rs.getObject("id", UUID.class), rs.getLong("seq"), problem, detail))
                .optional()
                .orElse(new ChainVerification(false, 0, null, null, problem.code(), detail));
    }

    private static ChainVerification failure(
            long checked, @Nullable UUID auditId, long sequence, Problem problem, String detail) {
        return new ChainVerification(false, checked, auditId, sequence, problem.code(), detail);
    }
}
