package io.streamguard.api.system;

import static io.streamguard.testing.ApiTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.api.ApiTestApplication;
import io.streamguard.testing.ApiTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-command default's own PostgreSQL asks every connection for a password kept beside its
 * data, owner-only, on a new data directory, after a restart, and on a directory an earlier
 * version left trusting every local connection.
 */
class EmbeddedPostgresIT {

    @TempDir
    Path data;

    @Test
    void theEmbeddedDatabaseRefusesConnectionsWithoutItsPasswordAndUpgradesATrustingDirectory() throws Exception {
        Path directory = data.resolve("postgres");

        int port = startCheckAndStop(directory);
        startCheckAndStop(directory);

        // As an earlier version left it: every local connection trusted, no password file.
        Files.writeString(directory.resolve("pg_hba.conf"), """
                local   all   all                  trust
                host    all   all   127.0.0.1/32   trust
                host    all   all   ::1/128        trust
                """);
        Files.delete(directory.resolve(LocalPostgres.PASSWORD_FILE));
        startCheckAndStop(directory);
        assertThat(port).isPositive();
    }

    private int startCheckAndStop(Path directory) throws IOException {
        try (ConfigurableApplicationContext node = new SpringApplicationBuilder(ApiTestApplication.class)
                .run(
                        "--server.port=0",
                        "--streamguard.embedded-db.data-directory=" + directory,
                        "--streamguard.cluster.name=embedded-" + UUID.randomUUID())) {
            int dbPort = node.getBean(EmbeddedPostgresConfiguration.EmbeddedDatabase.class)
                    .postgres()
                    .getPort();
            Path passwordFile = directory.resolve(LocalPostgres.PASSWORD_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(Files.readAllLines(directory.resolve("pg_hba.conf")))
                    .noneMatch(line -> !line.startsWith("#") && line.contains("trust"));
            String url = "jdbc:postgresql://localhost:" + dbPort + "/postgres";

            assertThatThrownBy(() ->
                            DriverManager.getConnection(url, "postgres", "").close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guessed")
                            .close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            String password = Files.readString(passwordFile).strip();
            try (var connection = DriverManager.getConnection(url, "postgres", password)) {
                assertThat(connection.isValid(2)).isTrue();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }

            int httpPort = ((WebServerApplicationContext) node).getWebServer().getPort();
            var api = new ApiTestClient("http://localhost:" + httpPort);
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
            assertThat(api.get("/v1/admin/users", basic("admin", "admin-test-password"))
                            .status())
                    .isEqualTo(200);
            return dbPort;
        }
    }
}
