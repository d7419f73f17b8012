package io.streamguard.api.audit;

import io.streamguard.api.cluster.ClusterSecret;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * HMAC-SHA256 under the cluster's {@code audit-mac/v1} key over {@link AuditEncoding}'s bytes.
 * The key lives only in the nodes' memory: someone who can write to the database can delete
 * rows, but cannot make a row, purge marker or checkpoint that verifies.
 */
@Component
class AuditMac {

    /** What the first row of a chain that nothing precedes links to. */
    static final byte[] GENESIS = new byte[32];

    private final byte[] key;

    @Autowired
    AuditMac(ClusterSecret secret) {
        this(secret.deriveKey("audit-mac/v1"));
    }

    /** Under a key given outright, for tests that pin MACs. */
    AuditMac(byte[] key) {
        this.key = key.clone();
    }

    byte[] row(AuditRow row, byte[] prevMac) {
        return mac(AuditEncoding.row(row, prevMac));
    }

    byte[] purgeMarker(
            long purgedThroughSequence,
            byte[] lastMac,
            long rowsPurged,
            Instant purgedAt,
            @Nullable String legacyLastHash) {
        return mac(AuditEncoding.purgeMarker(purgedThroughSequence, lastMac, rowsPurged, purgedAt, legacyLastHash));
    }

    byte[] checkpoint(long sequence, UUID auditId, byte[] rowMac, Instant at) {
        return mac(AuditEncoding.checkpoint(sequence, auditId, rowMac, at));
    }

    byte[] legacyChain(
            long rowsVerified,
            long lastSequence,
            @Nullable String lastHash,
            @Nullable Long firstBrokenSequence,
            Instant upgradedAt) {
        return mac(AuditEncoding.legacyChain(rowsVerified, lastSequence, lastHash, firstBrokenSequence, upgradedAt));
    }

    /** Compares in constant time; a missing MAC never matches. */
    static boolean same(byte @Nullable [] a, byte @Nullable [] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private byte[] mac(byte[] bytes) {
        return ClusterSecret.hmacSha256(key, bytes);
    }
}
