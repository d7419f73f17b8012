package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Credentials and malformed requests get problem+json with the codes of the contract. */
@ApiIntegrationTest
class ApiErrorsIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    ApiTestClient api;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
    }

    @Test
    void startWithoutAKeyIsUnauthorized() {
        Response response = api.post("/v1/stream/start", null, Map.of("context", Map.of()));
        assertProblem(response, 401, "unauthorized");
    }

    @Test
    void anUnknownKeyIsUnauthorized() {
        Response response = api.post("/v1/stream/start", bearer("sg_not-a-real-key"), Map.of("context", Map.of()));
        assertProblem(response, 401, "unauthorized");
    }

    @Test
    void aPluginKeyCannotReachTheAdminApi() {
        String key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "p"))
                .body()
                .get("apiKey")
                .asString();
        assertProblem(api.get("/v1/admin/rules", bearer(key)), 403, "forbidden");
    }

    @Test
    void malformedJsonIsAnInvalidRequestWithoutInternals() {
        String key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "p"))
                .body()
                .get("apiKey")
                .asString();
        Response response = api.post("/v1/stream/start", bearer(key), "{\"context\": ");
        assertProblem(response, 400, "invalid_request");
        assertThat(response.raw().body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void missingContextFieldsAreNamed() {
        String key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "p"))
                .body()
                .get("apiKey")
                .asString();
        Response response = api.post("/v1/stream/start", bearer(key), Map.of("context", Map.of("userId", "u")));
        assertProblem(response, 400, "invalid_request");
        assertThat(response.body().get("detail").asString())
                .contains("context.botId")
                .contains("context.sessionId");
    }

    @Test
    void anUnsafeRegexIsRefusedWithTheReason() {
        Response response = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "backref", "kind", "regex", "pattern", "(a)\\1", "action", "warn"));
        assertProblem(response, 400, "invalid_request");
        assertThat(response.body().get("detail").asString()).containsIgnoringCase("backreference");
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("code").asString()).isEqualTo(code);
        assertThat(response.body().get("title").asString()).isNotBlank();
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
    }
}
