package io.streamguard.api.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one-command default: with no {@code spring.datasource.url}, a real PostgreSQL runs inside
 * this process with its data under {@code ./data/postgres}: durable, on loopback, behind a
 * generated password (see {@link LocalPostgres}).
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
        var started = LocalPostgres.start(dataDirectory, properties.embeddedDb().port(), Map.of());
        EmbeddedPostgres postgres = started.postgres();
        String password = started.password();
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
        } catch (RuntimeException unreadable) {
            return;
        }
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(orphan -> {
            log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a previous node", pid);
            orphan.destroy();
            try {
                orphan.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
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
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
