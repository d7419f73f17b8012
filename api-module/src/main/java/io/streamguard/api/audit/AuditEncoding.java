package io.streamguard.api.audit;

import io.streamguard.api.verdict.Violation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The one byte encoding of everything the audit log MACs, owned here and never delegated to a
 * JSON library, so no mapper setting can change it. Layout: a version byte, a kind byte, then
 * the fields in a fixed order, each as a 4-byte big-endian length and its bytes (length -1 for
 * null); text is UTF-8, numbers 8 bytes big-endian, instants microseconds since the epoch, a list
 * its 4-byte count and then its items. Changing any of this means a new {@link #VERSION}.
 */
final class AuditEncoding {

    static final byte VERSION = 1;

    /** What the bytes describe, so a MAC made for one kind never verifies as another. */
    enum Kind {
        ROW(1),
        PURGE_MARKER(2),
        CHECKPOINT(3),
        LEGACY_CHAIN(4);

        private final byte tag;

        Kind(int tag) {
            this.tag = (byte) tag;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    private AuditEncoding(Kind kind) {
        out.write(VERSION);
        out.write(kind.tag);
    }

    static byte[] row(AuditRow row, byte[] prevMac) {
        AuditRecord r = row.record();
        AuditEncoding e = new AuditEncoding(Kind.ROW)
                .bytes(prevMac)
                .number(row.sequence())
                .uuid(r.auditId())
                .text(r.outcome().wireName())
                .text(r.streamId())
                .uuid(r.clientId())
                .text(r.userId())
                .text(r.botId())
                .text(r.sessionId())
                .text(r.action().wireName())
                .text(r.content())
                .count(r.violations().size());
        for (Violation v : r.violations()) {
            e.text(v.ruleId())
                    .text(v.ruleName())
                    .text(v.action().wireName())
                    .number(v.start())
                    .number(v.end())
                    .text(v.excerpt());
        }
        e.count(row.firedRuleIds().size());
        row.firedRuleIds().forEach(e::text);
        return e.number(r.ruleSetVersion())
                .number(r.updateCount())
                .number(r.blockedAt() == null ? null : (long) r.blockedAt())
                .instant(r.startedAt())
                .instant(r.finishedAt())
                .instant(row.recordedAt())
                .text(row.legacyPrevHash())
                .text(row.legacyHash())
                .out
                .toByteArray();
    }

    static byte[] purgeMarker(
            long purgedThroughSequence,
            byte[] lastMac,
            long rowsPurged,
            Instant purgedAt,
            @Nullable String legacyLastHash) {
        return new AuditEncoding(Kind.PURGE_MARKER)
                .number(purgedThroughSequence)
                .bytes(lastMac)
                .number(rowsPurged)
                .instant(purgedAt)
                .text(legacyLastHash)
                .out
                .toByteArray();
    }

    static byte[] checkpoint(long sequence, UUID auditId, byte[] rowMac, Instant at) {
        return new AuditEncoding(Kind.CHECKPOINT)
                .number(sequence)
                .uuid(auditId)
                .bytes(rowMac)
                .instant(at)
                .out
                .toByteArray();
    }

    static byte[] legacyChain(
            long rowsVerified,
            long lastSequence,
            @Nullable String lastHash,
            @Nullable Long firstBrokenSequence,
            Instant upgradedAt) {
        return new AuditEncoding(Kind.LEGACY_CHAIN)
                .number(rowsVerified)
                .number(lastSequence)
                .text(lastHash)
                .number(firstBrokenSequence)
                .instant(upgradedAt)
                .out
                .toByteArray();
    }

    private AuditEncoding bytes(byte @Nullable [] value) {
        if (value == null) {
            return length(-1);
        }
        length(value.length);
        out.writeBytes(value);
        return this;
    }

    private AuditEncoding text(@Nullable String value) {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private AuditEncoding uuid(UUID value) {
        byte[] b = new byte[16];
        put(b, 0, value.getMostSignificantBits());
        put(b, 8, value.getLeastSignificantBits());
        return bytes(b);
    }

    private AuditEncoding number(@Nullable Long value) {
        if (value == null) {
            return length(-1);
        }
        byte[] b = new byte[8];
        put(b, 0, value);
        return bytes(b);
    }

    private AuditEncoding number(long value) {
        return number(Long.valueOf(value));
    }

    private AuditEncoding instant(Instant value) {
        return number(ChronoUnit.MICROS.between(Instant.EPOCH, value));
    }

    private AuditEncoding count(int items) {
        return length(items);
    }

    private AuditEncoding length(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    private static void put(byte[] b, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) value;
            value >>>= 8;
        }
    }
}
