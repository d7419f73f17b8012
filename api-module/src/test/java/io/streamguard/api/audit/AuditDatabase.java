package io.streamguard.api.audit;

import static io.streamguard.testing.ApiTestClient.basic;

import io.streamguard.api.ApiTestApplication;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of its own on the test run's Postgres server, for audit tests that tamper with the
 * whole chain or restart the nodes that write it, without touching the rows other tests write.
 * Nodes started on it are real, each a one-member cluster of its own.
 */
final class AuditDatabase implements AutoCloseable {

    static final String ADMIN = basic("admin", "admin-test-password");
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

    private final PostgresFixture.Database server = PostgresFixture.database();
    private final String name = "audit_" + UUID.randomUUID().toString().replace("-", "");
    private final String url;
    private final SingleConnectionDataSource writer;
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    AuditDatabase() {
        Matcher m = URL.matcher(server.jdbcUrl());
        if (!m.matches()) {
            throw new IllegalStateException("unexpected JDBC URL form");
        }
        url = m.group(1) + name + m.group(3);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password())) {
            c.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        writer = new SingleConnectionDataSource(url, server.username(), server.password(), true);
    }

    String url() {
        return url;
    }

    String username() {
        return server.username();
    }

    String password() {
        return server.password();
    }

    /** Plain SQL on a connection of its own, as anyone with write access to the database has it. */
    JdbcClient sql() {
        return JdbcClient.create(writer);
    }

    /** Starts a node on this database; {@code properties} as {@code name=value}. */
    Node start(String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + server.username(),
                "--spring.datasource.password=" + server.password()));
        for (String property : properties) {
            args.add("--" + property);
        }
        var context = new SpringApplicationBuilder(ApiTestApplication.class).run(args.toArray(String[]::new));
        nodes.add(context);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Node(context, new ApiTestClient("http://localhost:" + port));
    }

    record Node(ConfigurableApplicationContext context, ApiTestClient api) implements AutoCloseable {

        <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        tools.jackson.databind.JsonNode verify() {
            var response = api.get("/v1/admin/audit/verify", ADMIN);
            if (response.status() != 200) {
                throw new AssertionError("verify answered " + response.status() + ": " + response.body());
            }
            return response.body();
        }

        String newApiKey() {
            return api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "audit-" + UUID.randomUUID()))
                    .body()
                    .get("apiKey")
                    .asString();
        }

        /** Writes {@code count} rows through {@code /v1/check}, returning their audit ids in order. */
        List<UUID> checks(String apiKey, int count) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                var check = api.post(
                        "/v1/check",
                        ApiTestClient.bearer(apiKey),
                        Map.of(
                                "context",
                                Map.of("userId", "tamper-user", "botId", "bot", "sessionId", "s"),
                                "content",
                                "message number " + i));
                ids.add(UUID.fromString(check.body().get("auditId").asString()));
            }
            return ids;
        }

        @Override
        public void close() {
            if (context.isActive()) {
                context.close();
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(c -> {
            if (c.isActive()) {
                c.close();
            }
        });
        writer.destroy();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password())) {
            c.createStatement().execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
