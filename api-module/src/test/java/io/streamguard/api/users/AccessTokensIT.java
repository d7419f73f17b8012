package io.streamguard.api.users;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import io.streamguard.testing.Prometheus;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Personal access tokens: shown once, stored as a hash, no password hashing per call, and always
 * acting with the owner's current role: demoted, disabled or revoked means so at once.
 */
@ApiIntegrationTest
class AccessTokensIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    ApiTestClient api;
    String name;
    String password;

    @BeforeEach
    void anAdmin() {
        api = new ApiTestClient("http://localhost:" + port);
        name = "scripted-" + System.nanoTime();
        password = "a-long-password-" + name;
        assertThat(api.post("/v1/admin/users", ADMIN, Map.of("username", name, "password", password, "role", "ADMIN"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aTokenIsShownOnceStoredAsAHashAndCostsNoPasswordCheck() {
        Response created =
                api.post("/v1/me/tokens", basic(name, password), Map.of("name", "nightly export", "expiresInDays", 30));
        assertThat(created.status()).isEqualTo(201);
        String token = created.body().get("token").asString();
        assertThat(token).startsWith("sgp_").hasSize(4 + 43);
        assertThat(created.body().get("expiresAt").asString()).isNotBlank();

        Response listed = api.get("/v1/me/tokens", basic(name, password));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).hasSize(1);
        assertThat(listed.body().get(0).get("name").asString()).isEqualTo("nightly export");
        assertThat(listed.body().get(0).has("token")).isFalse();
        assertThat(listed.raw().body()).doesNotContain(token.substring(10));
        assertThat(jdbc.queryForList(
                        "select token_hash from personal_access_token where name = 'nightly export'"
                                + " and user_id = (select id from app_user where username = ?)",
                        String.class,
                        name))
                .singleElement()
                .asString()
                .hasSize(64)
                .doesNotContain(token.substring(4));

        double checks = Prometheus.sample(api, "streamguard_password_checks_total", "");
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/v1/admin/rules", bearer(token)).status()).isEqualTo(200);
            assertThat(api.get("/v1/audit?limit=1", bearer(token)).status()).isEqualTo(200);
        }
        assertThat(Prometheus.sample(api, "streamguard_password_checks_total", ""))
                .isEqualTo(checks);
    }

    @Test
    void aTokenActsWithItsOwnersCurrentRoleAndStopsWhenTheyAreDisabled() {
        String token = create(name, password);
        assertThat(api.get("/v1/admin/users", bearer(token)).status()).isEqualTo(200);

        api.put("/v1/admin/users/" + name + "/role", ADMIN, Map.of("role", "COMPLIANCE"));
        assertThat(api.get("/v1/admin/users", bearer(token)).status()).isEqualTo(403);
        assertThat(api.get("/v1/audit?limit=1", bearer(token)).status()).isEqualTo(200);

        api.post("/v1/admin/users/" + name + "/disable", ADMIN, Map.of());
        Response disabled = api.get("/v1/audit?limit=1", bearer(token));
        assertThat(disabled.status()).isEqualTo(401);
        assertThat(disabled.contentType()).startsWith("application/problem+json");

        api.post("/v1/admin/users/" + name + "/enable", ADMIN, Map.of());
        assertThat(api.get("/v1/audit?limit=1", bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void revokedExpiredAndUnknownTokensAreUnauthorizedAndOnlyTheOwnerRevokes() {
        String token = create(name, password);
        String id = api.get("/v1/me/tokens", basic(name, password))
                .body()
                .get(0)
                .get("id")
                .asString();

        assertThat(api.delete("/v1/me/tokens/" + id, ADMIN).status()).isEqualTo(404);
        assertThat(api.delete("/v1/me/tokens/not-an-id", basic(name, password)).status())
                .isEqualTo(404);
        assertThat(api.delete("/v1/me/tokens/" + id, bearer(token)).status()).isEqualTo(204);
        assertThat(api.get("/v1/audit?limit=1", bearer(token)).status()).isEqualTo(401);
        assertThat(api.get("/v1/me/tokens", basic(name, password)).body()).isEmpty();

        String expiring = create(name, password);
        jdbc.update(
                "update personal_access_token set expires_at = now() - interval '1 second'"
                        + " where user_id = (select id from app_user where username = ?)",
                name);
        assertThat(api.get("/v1/audit?limit=1", bearer(expiring)).status()).isEqualTo(401);
        assertThat(api.get("/v1/audit?limit=1", bearer("sgp_" + "A".repeat(43))).status())
                .isEqualTo(401);
    }

    @Test
    void aTokenIsNoPluginKeyAndBadRequestsGetProblems() {
        String token = create(name, password);
        assertThat(api.post(
                                "/v1/stream/start",
                                bearer(token),
                                Map.of("context", Map.of("userId", "u", "botId", "b", "sessionId", "s")))
                        .status())
                .isEqualTo(403);

        Response tooLong = api.post("/v1/me/tokens", basic(name, password), Map.of("name", "x", "expiresInDays", 9999));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("code").asString()).isEqualTo("invalid_request");
        assertThat(api.post("/v1/me/tokens", basic(name, password), Map.of("name", " "))
                        .status())
                .isEqualTo(400);
        assertThat(api.post("/v1/me/tokens", basic(name, password), Map.of("name", "x", "scope", "all"))
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/v1/me/tokens", "").status()).isEqualTo(401);
    }

    private String create(String username, String password) {
        Response created = api.post("/v1/me/tokens", basic(username, password), Map.of("name", "script"));
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("token").asString();
    }
}
