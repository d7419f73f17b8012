package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiTestApplication;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.PostgresFixture;
import io.streamguard.testing.Prometheus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Two real nodes of one cluster: guesses made on one count on the other, per user and per address alike. */
class SignInAcrossNodesIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private static final List<ApiTestClient> apis = new ArrayList<>();

    @BeforeAll
    static void twoNodes() {
        int basePort = 7100 + ThreadLocalRandom.current().nextInt(200) * 10;
        String members = "127.0.0.1:" + basePort + ",127.0.0.1:" + (basePort + 1);
        String name = "sign-in-it-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            var node = new SpringApplicationBuilder(ApiTestApplication.class)
                    .initializers(new PostgresFixture())
                    .run(
                            "--server.port=0",
                            "--streamguard.cluster.port=" + (basePort + i),
                            "--streamguard.cluster.members=" + members,
                            "--streamguard.cluster.name=" + name);
            nodes.add(node);
            int port = ((WebServerApplicationContext) node).getWebServer().getPort();
            apis.add(new ApiTestClient("http://localhost:" + port));
        }
    }

    @AfterAll
    static void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void guessesOnOneNodeLockTheUserOutFromThatAddressOnTheOther() {
        String user = "roaming-" + System.nanoTime();
        apis.get(0)
                .post(
                        "/v1/admin/users",
                        ADMIN,
                        Map.of("username", user, "password", "the-right-password", "role", "COMPLIANCE"));
        for (int i = 0; i < 10; i++) {
            assertThat(from(0, "198.51.100.30", basic(user, "wrong-" + i))).isEqualTo(401);
        }

        assertThat(from(1, "198.51.100.30", basic(user, "the-right-password"))).isEqualTo(401);
        assertThat(from(1, "198.51.100.31", basic(user, "the-right-password"))).isEqualTo(200);
    }

    @Test
    void namesSprayedAtBothNodesLockTheAddressOutOnBothBeforeAnyPasswordCheck() {
        String user = "sprayed-at-" + System.nanoTime();
        apis.get(0)
                .post(
                        "/v1/admin/users",
                        ADMIN,
                        Map.of("username", user, "password", "the-right-password", "role", "COMPLIANCE"));
        int limit = nodes.get(0)
                .getBean(StreamGuardProperties.class)
                .security()
                .signIn()
                .maxFailuresPerAddressAnyUser();
        for (int i = 0; i < limit; i++) {
            assertThat(from(i % 2, "198.51.100.32", basic("unknown-" + System.nanoTime() + "-" + i, "wrong")))
                    .isEqualTo(401);
        }

        for (int node = 0; node < 2; node++) {
            double checks = Prometheus.sample(apis.get(node), "streamguard_password_checks_total", "");
            assertThat(from(node, "198.51.100.32", basic(user, "the-right-password")))
                    .isEqualTo(401);
            assertThat(from(node, "198.51.100.32", basic("unknown-" + System.nanoTime(), "wrong")))
                    .isEqualTo(401);
            assertThat(Prometheus.sample(apis.get(node), "streamguard_password_checks_total", ""))
                    .isEqualTo(checks);
            assertThat(from(node, "198.51.100.33", basic(user, "the-right-password")))
                    .isEqualTo(200);
        }
    }

    private static int from(int node, String address, String authorization) {
        return apis.get(node)
                .get("/v1/audit?limit=1", authorization, Map.of("X-Forwarded-For", address))
                .status();
    }
}
