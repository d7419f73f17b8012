package io.streamguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a newcomer sees on a first start: the generated admin password and the console's address,
 * framed, after the node has started, printed once; and nothing of the kind when the password was
 * configured. Each node runs on an empty database of its own on the test run's Postgres server.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstStartBannerIT {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");
    private static final Pattern PASSWORD = Pattern.compile("Password:  (\\S+)");
    private static final String STARTED = "Started StreamGuardApplication in";

    @Test
    void aGeneratedPasswordIsPrintedLastFramedWithTheConsoleUrlAndOnlyOnce(CapturedOutput output) {
        String database = emptyDatabase();
        int port;
        String password;
        try (var node = start(database, "streamguard.admin.password=")) {
            port = port(node);
            String log = output.getOut();
            int started = log.indexOf(STARTED);
            int banner = log.indexOf("StreamGuard is ready. First start: an admin user was created.");
            assertThat(started).as("the Started line").isNotNegative();
            assertThat(banner).as("the banner comes after the Started line").isGreaterThan(started);
            String framed = log.substring(banner);
            assertThat(framed).contains("Console:   http://localhost:" + port + "/");
            assertThat(framed).contains("User:      admin");
            Matcher m = PASSWORD.matcher(framed);
            assertThat(m.find()).as("the password in the banner").isTrue();
            password = m.group(1);
            assertThat(password).hasSizeGreaterThanOrEqualTo(24);
            String frame = "=".repeat(72);
            assertThat(log.substring(0, banner).stripTrailing())
                    .as("a frame above the banner")
                    .endsWith(frame);
            assertThat(framed.substring(m.end()).lines().filter(frame::equals))
                    .as("a frame below the password")
                    .hasSize(1);
            assertThat(countOf(log, password))
                    .as("the password is printed once")
                    .isEqualTo(1);

            var health = new ApiTestClient("http://localhost:" + port)
                    .get("/actuator/health", ApiTestClient.basic("admin", password));
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().has("components"))
                    .as("the printed password signs the admin in")
                    .isTrue();
        }

        int before = output.getOut().length();
        try (var again = start(database, "streamguard.admin.password=")) {
            String secondStart = output.getOut().substring(before);
            assertThat(secondStart).contains(STARTED);
            assertThat(secondStart).doesNotContain("First start").doesNotContain("Password:");
            assertThat(secondStart).doesNotContain(password);
        }
    }

    @Test
    void aConfiguredPasswordIsNeverPrinted(CapturedOutput output) {
        String configured = "configured-" + UUID.randomUUID();
        try (var node = start(emptyDatabase(), "streamguard.admin.password=" + configured)) {
            String log = output.getOut();
            assertThat(log).contains("First start: created admin user 'admin' with the configured password");
            assertThat(log).doesNotContain("Password:").doesNotContain(configured);
            var health = new ApiTestClient("http://localhost:" + port(node))
                    .get("/actuator/health", ApiTestClient.basic("admin", configured));
            assertThat(health.body().has("components")).isTrue();
        }
    }

    private static String emptyDatabase() {
        PostgresFixture.Database server = PostgresFixture.database();
        Matcher m = URL.matcher(server.jdbcUrl());
        assertThat(m.matches()).as("a JDBC URL of the usual form").isTrue();
        String name = "first_start_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password())) {
            c.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return m.group(1) + name + m.group(3);
    }

    private static ConfigurableApplicationContext start(String databaseUrl, String... properties) {
        PostgresFixture.Database server = PostgresFixture.database();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + server.username(),
                "--spring.datasource.password=" + server.password(),
                "--streamguard.cluster.name=first-start-it"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(StreamGuardApplication.class)
                .main(StreamGuardApplication.class)
                .run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
