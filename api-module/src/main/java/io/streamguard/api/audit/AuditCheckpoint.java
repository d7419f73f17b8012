package io.streamguard.api.audit;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A statement that the chain held the row {@code sequence} with this MAC at a time: kept in the
 * cluster ({@link AuditHead}) and in the {@code audit_checkpoint} table, each MACed or sealed, so
 * that a chain ending before it shows its newest rows were deleted.
 */
record AuditCheckpoint(long sequence, UUID auditId, byte[] rowMac, Instant at) {

    AuditCheckpoint {
        rowMac = rowMac.clone();
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public byte[] rowMac() {
        return rowMac.clone();
    }

    /** The compact form sealed into the grid; its authenticity comes from the seal, not from here. */
    byte[] toBytes() {
        return ByteBuffer.allocate(8 + 16 + 4 + rowMac.length + 8)
                .putLong(sequence)
                .putLong(auditId.getMostSignificantBits())
                .putLong(auditId.getLeastSignificantBits())
                .putInt(rowMac.length)
                .put(rowMac)
                .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, at))
                .array();
    }

    static AuditCheckpoint fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long sequence = b.getLong();
        UUID auditId = new UUID(b.getLong(), b.getLong());
        byte[] mac = new byte[b.getInt()];
        b.get(mac);
        return new AuditCheckpoint(sequence, auditId, mac, Instant.EPOCH.plus(b.getLong(), ChronoUnit.MICROS));
    }
}
