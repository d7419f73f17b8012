package io.streamguard.api.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every node of one cluster shares and nothing else holds: not Hazelcast, not the
 * database. Each use gets a key of its own, derived by HMAC-SHA256 under a purpose label, so a key
 * that leaks for one use says nothing of another. Its value never appears in {@link #toString()},
 * logs or errors.
 */
public final class ClusterSecret {

    /** Shortest secret accepted from configuration: 128 bits if typed as hex, more if prose. */
    public static final int MIN_LENGTH = 32;

    private final byte[] secret;

    private ClusterSecret(byte[] secret) {
        this.secret = secret;
    }

    public static ClusterSecret of(String secret) {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("The cluster secret must be at least " + MIN_LENGTH
                    + " characters long (for example: openssl rand -base64 32).");
        }
        return new ClusterSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The secret kept in a file of its own (mode 0600), made on first use: how a single node on its
     * embedded defaults gets one without being told.
     */
    public static ClusterSecret inFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp");
                restrictToOwner(temporary);
                Files.writeString(temporary, Base64.getEncoder().encodeToString(random));
                Files.move(temporary, file);
            }
            return of(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the cluster secret in " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits its folder's ACL.
        }
    }

    /** A 256-bit key for one purpose, e.g. {@code "grid-seal/v1"} or {@code "audit-mac/v1"}. */
    public byte[] deriveKey(String purpose) {
        return hmacSha256(secret, ("streamguard/" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[hidden]";
    }
}
