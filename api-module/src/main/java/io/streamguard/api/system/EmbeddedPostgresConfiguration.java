package io.streamguard.api.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one-command default: with no {@code spring.datasource.url}, a real PostgreSQL runs inside
 * this process with its data under {@code ./data/postgres}, durable (fsync and synchronous commit
 * back on, unlike the library's test defaults). It listens on loopback only and asks every
 * connection for a password (scram-sha-256), generated on first start and kept in the data
 * directory, readable by its owner only. The library initialises a directory trusting every
 * local connection; such a directory, new or left by an earlier version, is locked down as soon
 * as the server is up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(StreamGuardProperties properties) throws IOException {
        Path dataDirectory = properties.embeddedDb().dataDirectory().toAbsolutePath();
        Files.createDirectories(dataDirectory.getParent());
        FileLock lock = lockDataDirectory(dataDirectory);
        stopOrphanedServer(dataDirectory);
        // initdb wants an empty directory: a new one gets its password file once the server is up.
        Path passwordFile = dataDirectory.resolve(PASSWORD_FILE);
        var builder = EmbeddedPostgres.builder();
        if (Files.exists(passwordFile)) {
            builder.setConnectConfig("password", Files.readString(passwordFile).strip());
        }
        EmbeddedPostgres postgres = builder
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(properties.embeddedDb().port())
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        String password = password(dataDirectory);
        requirePasswords(postgres, dataDirectory, password);
        log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
        return new EmbeddedDatabase(postgres, lock, password);
    }

    @Bean
    DataSource dataSource(EmbeddedDatabase database) {
        return DataSourceBuilder.create()
                .url(database.postgres().getJdbcUrl("postgres", "postgres"))
                .username("postgres")
                .password(database.password())
                .build();
    }

    static final String PASSWORD_FILE = "streamguard-password";

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
        }
        catch (UnsupportedOperationException notPosix) {
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
        if (Files.readAllLines(hba).stream().map(String::strip).noneMatch(line -> !line.startsWith("#")
                && line.matches(".*\\btrust\\b.*"))) {
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
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not set the embedded PostgreSQL's password", e);
        }
        log.info("Embedded PostgreSQL now asks every connection for the password kept in {}",
                dataDirectory.resolve(PASSWORD_FILE));
    }

    /** Two nodes must never share one data directory; the OS drops the lock when a process dies. */
    private static FileLock lockDataDirectory(Path dataDirectory) throws IOException {
        Path lockFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Another StreamGuard process is using " + dataDirectory
                    + ". Stop it, or give this node its own data directory (streamguard.embedded-db.data-directory).");
        }
        return lock;
    }

    /**
     * A node killed with SIGKILL leaves its Postgres running; since we now hold the directory's
     * lock, a live postmaster of that directory can only be such an orphan, and it is stopped.
     */
    private static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        }
        catch (RuntimeException unreadable) {
            return;
        }
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(orphan -> {
            log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a previous node", pid);
            orphan.destroy();
            try {
                orphan.onExit().get(30, TimeUnit.SECONDS);
            }
            catch (Exception e) {
                orphan.destroyForcibly();
            }
        });
    }

    record EmbeddedDatabase(EmbeddedPostgres postgres, FileLock lock, String password) implements AutoCloseable {

        @Override
        public String toString() {
            return "EmbeddedDatabase[port=" + postgres.getPort() + "]";
        }

        @Override
        public void close() {
            try (var channel = lock.channel()) {
                postgres.close();
                lock.release();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
