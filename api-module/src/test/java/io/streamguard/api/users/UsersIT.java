package io.streamguard.api.users;

import static io.streamguard.testing.ApiTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** People and roles: compliance reads the audit and nothing else; a disabled user is out. */
@ApiIntegrationTest
class UsersIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    ApiTestClient api;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
    }

    @Test
    void aComplianceUserReadsTheAuditButNotTheAdminApiUntilDisabled() {
        String name = "compliance-" + System.nanoTime();
        var created = api.post(
                "/v1/admin/users",
                ADMIN,
                Map.of("username", name, "password", "a-long-password-1", "role", "COMPLIANCE"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().has("password")).isFalse();
        String person = basic(name, "a-long-password-1");

        assertThat(api.get("/v1/audit?limit=1", person).status()).isEqualTo(200);
        assertThat(api.get("/v1/admin/rules", person).status()).isEqualTo(403);

        api.post("/v1/admin/users/" + name + "/disable", ADMIN, Map.of());
        assertThat(api.get("/v1/audit?limit=1", person).status()).isEqualTo(401);
    }

    @Test
    void weakPasswordsAreRefusedAndARoleChangeTakesEffect() {
        var weak = api.post(
                "/v1/admin/users",
                ADMIN,
                Map.of("username", "weak" + System.nanoTime(), "password", "short", "role", "ADMIN"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body().get("detail").asString()).contains("12");
        String second = "admin-" + System.nanoTime();
        api.post(
                "/v1/admin/users",
                ADMIN,
                Map.of("username", second, "password", "another-long-password", "role", "ADMIN"));
        var demoted = api.put("/v1/admin/users/" + second + "/role", ADMIN, Map.of("role", "COMPLIANCE"));
        assertThat(demoted.status()).isEqualTo(200);
        assertThat(demoted.body().get("role").asString()).isEqualTo("COMPLIANCE");
        assertThat(api.get("/v1/admin/users", basic(second, "another-long-password"))
                        .status())
                .isEqualTo(403);
    }
}
