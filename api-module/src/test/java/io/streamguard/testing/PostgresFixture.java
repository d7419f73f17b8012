package io.streamguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real Postgres of a test run: a Testcontainers container where a Docker engine answers,
 * an embedded server with a throwaway data directory otherwise. Started once per JVM and shared
 * by every integration test; tests create their own data and never assume an empty database.
 */
public final class PostgresFixture implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static Database database;

    public record Database(String jdbcUrl, String username, String password) {
    }

    public static synchronized Database database() {
        if (database == null) {
            database = DockerClientFactory.instance().isDockerAvailable() ? container() : embedded();
        }
        return database;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Database db = database();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres-fixture", Map.of(
                "spring.datasource.url", db.jdbcUrl(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password())));
    }

    private static Database container() {
        var container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static Database embedded() {
        try {
            Path dataDirectory = Files.createTempDirectory("streamguard-test-pg");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                }
                catch (IOException ignored) {
                    // the JVM is ending; the directory is a throwaway
                }
            }));
            return new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
