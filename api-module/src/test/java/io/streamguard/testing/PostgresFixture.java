package io.streamguard.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one real Postgres of a test run: a Testcontainers container where a Docker engine answers,
 * an embedded server with a throwaway data directory otherwise. The system property
 * {@code streamguard.test.postgres} chooses: {@code auto} (the default), {@code container} (fails
 * when no Docker API answers, for the containers profile) or {@code embedded}. The container's image
 * is {@code postgres:16-alpine} unless {@code STREAMGUARD_TEST_POSTGRES_IMAGE} names a compatible one. Started once per JVM and shared
 * by every integration test; tests create their own data and never assume an empty database.
 * {@link #stop()} and {@link #start()} take it away and bring it back on the same address and
 * data, for outage tests.
 */
public final class PostgresFixture implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static Server server;

    public record Database(String jdbcUrl, String username, String password) {}

    private interface Server {

        Database database();

        void stop();

        void start();
    }

    public static synchronized Database database() {
        if (server == null) {
            server = switch (System.getProperty("streamguard.test.postgres", "auto")) {
                case "container" -> new ContainerServer();
                case "embedded" -> new EmbeddedServer();
                default ->
                    DockerClientFactory.instance().isDockerAvailable() ? new ContainerServer() : new EmbeddedServer();
            };
        }
        return server.database();
    }

    /** Takes the database away, as an outage would: connections fail until {@link #start()}. */
    public static synchronized void stop() {
        database();
        server.stop();
    }

    public static synchronized void start() {
        database();
        server.start();
    }

    /** Whether this run's Postgres is a container (the Testcontainers path). */
    public static synchronized boolean inContainer() {
        database();
        return server instanceof ContainerServer;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Database db = database();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "postgres-fixture",
                        Map.of(
                                "spring.datasource.url", db.jdbcUrl(),
                                "spring.datasource.username", db.username(),
                                "spring.datasource.password", db.password())));
    }

    private static final class ContainerServer implements Server {

        private final PostgreSQLContainer container =
                new PostgreSQLContainer(DockerImageName.parse(Objects.requireNonNullElse(
                                System.getenv("STREAMGUARD_TEST_POSTGRES_IMAGE"), "postgres:16-alpine"))
                        .asCompatibleSubstituteFor("postgres"));

        ContainerServer() {
            container.start();
        }

        @Override
        public Database database() {
            return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }

        @Override
        public void stop() {
            container
                    .getDockerClient()
                    .pauseContainerCmd(container.getContainerId())
                    .exec();
        }

        @Override
        public void start() {
            container
                    .getDockerClient()
                    .unpauseContainerCmd(container.getContainerId())
                    .exec();
        }
    }

    private static final class EmbeddedServer implements Server {

        private final Path dataDirectory;
        private EmbeddedPostgres postgres;
        private final int port;

        EmbeddedServer() {
            try {
                dataDirectory = Files.createTempDirectory("streamguard-test-pg");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = open(0);
            port = postgres.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        }

        private EmbeddedPostgres open(int port) {
            try {
                return EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Database database() {
            return new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        }

        @Override
        public synchronized void stop() {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void start() {
            postgres = open(port);
        }
    }
}
