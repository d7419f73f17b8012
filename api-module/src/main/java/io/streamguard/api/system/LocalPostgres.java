package io.streamguard.api.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server this process runs itself, durable (fsync and synchronous commit back on,
 * unlike the library's test defaults), on loopback only, asking every connection for a password
 * (scram-sha-256) that is generated on first start and kept in the data directory, readable by its
 * owner only. The library initialises a directory trusting every local connection; such a
 * directory, new or left by an earlier version, is locked down as soon as the server is up.
 * Used by a node's embedded default and by the standalone server that local clusters share.
 */
public final class LocalPostgres {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

    public static final String PASSWORD_FILE = "streamguard-password";

    public record Started(EmbeddedPostgres postgres, String password) {}

    private LocalPostgres() {}

    public static Started start(Path dataDirectory, int port, Map<String, String> serverConfig) throws IOException {
        // initdb wants an empty directory: a new one gets its password file once the server is up.
        Path passwordFile = dataDirectory.resolve(PASSWORD_FILE);
        var builder = EmbeddedPostgres.builder();
        if (Files.exists(passwordFile)) {
            builder.setConnectConfig("password", Files.readString(passwordFile).strip());
        }
        serverConfig.forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        String password = password(dataDirectory);
        requirePasswords(postgres, dataDirectory, password);
        return new Started(postgres, password);
    }

    /** The superuser's password, made on first use and kept beside the data, owner-only. */
    static String password(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(PASSWORD_FILE);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path temporary = Files.createTempFile(dataDirectory, ".password", ".tmp");
            restrictToOwner(temporary);
            Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        }
        restrictToOwner(file);
        return Files.readString(file).strip();
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits its folder's ACL.
        }
    }

    /**
     * Sets the password and replaces a {@code pg_hba.conf} that still trusts anyone with one that
     * asks every connection, local socket or loopback TCP, for it. Idempotent: a directory that
     * is already locked down is left as it is.
     */
    static void requirePasswords(EmbeddedPostgres postgres, Path dataDirectory, String password) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        if (Files.readAllLines(hba).stream()
                .map(String::strip)
                .noneMatch(line -> !line.startsWith("#") && line.matches(".*\\btrust\\b.*"))) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            statement.execute("alter role postgres with password '" + password.replace("'", "''") + "'");
            Path temporary = Files.createTempFile(dataDirectory, ".hba", ".tmp");
            Files.writeString(temporary, """
                    # Written by StreamGuard: a password for every connection, loopback only.
                    local   all   all                  scram-sha-256
                    host    all   all   127.0.0.1/32   scram-sha-256
                    host    all   all   ::1/128        scram-sha-256
                    """);
            // The server may run as another user than this process (as root, the library runs it as nobody).
            Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(hba));
            Files.setOwner(temporary, Files.getOwner(hba));
            Files.move(temporary, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            statement.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the embedded PostgreSQL's password", e);
        }
        log.info(
                "Embedded PostgreSQL now asks every connection for the password kept in {}",
                dataDirectory.resolve(PASSWORD_FILE));
    }
}
