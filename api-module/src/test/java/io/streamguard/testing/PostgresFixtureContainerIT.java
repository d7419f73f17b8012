package io.streamguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * The containers profile's guard: the fixture really took its Testcontainers path (it would
 * otherwise fall back to the embedded server and the profile would prove nothing), and the
 * database answers over the container's published port.
 */
class PostgresFixtureContainerIT {

    @Test
    void theFixtureRunsPostgresInAContainer() throws Exception {
        assertThat(PostgresFixture.inContainer()).isTrue();
        PostgresFixture.Database db = PostgresFixture.database();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                var statement = connection.createStatement();
                var result = statement.executeQuery("select inet_server_addr() is not null, version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getBoolean(1))
                    .as("reached over TCP, not a local socket")
                    .isTrue();
            assertThat(result.getString(2)).startsWith("PostgreSQL");
        }
    }
}
