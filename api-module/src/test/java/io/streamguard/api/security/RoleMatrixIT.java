package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every endpoint of the API against every kind of caller. A cell says which statuses are right:
 * 401 without a valid credential, 403 with the wrong role, and anything but those (nor a 5xx)
 * when the role fits — the request then fails, if at all, for its content.
 */
@ApiIntegrationTest
class RoleMatrixIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    enum Caller {
        NONE,
        PLUGIN,
        REVOKED,
        ADMIN,
        COMPLIANCE
    }

    enum Access {
        PUBLIC,
        PLUGIN,
        PEOPLE,
        ADMIN
    }

    record Endpoint(String method, String path, Object body, Access access) {}

    @LocalServerPort
    int port;

    ApiTestClient api;
    Map<Caller, String> credentials;

    @BeforeEach
    void callers() {
        api = new ApiTestClient("http://localhost:" + port);
        String key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "matrix"))
                .body()
                .get("apiKey")
                .asString();
        var revoked = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "revoked"))
                .body();
        api.post("/v1/admin/api-clients/" + revoked.get("clientId").asString() + "/revoke", ADMIN, Map.of());
        String compliance = "matrix-" + System.nanoTime();
        api.post(
                "/v1/admin/users",
                ADMIN,
                Map.of("username", compliance, "password", "compliance-password", "role", "COMPLIANCE"));
        credentials = Map.of(
                Caller.NONE,
                "",
                Caller.PLUGIN,
                bearer(key),
                Caller.REVOKED,
                bearer(revoked.get("apiKey").asString()),
                Caller.ADMIN,
                ADMIN,
                Caller.COMPLIANCE,
                basic(compliance, "compliance-password"));
    }

    @Test
    void everyEndpointAnswersEveryCallerAsItsRoleRequires() {
        String ruleId = api.post(
                        "/v1/admin/rules",
                        ADMIN,
                        Map.of(
                                "name",
                                "matrix",
                                "kind",
                                "keyword",
                                "keywords",
                                List.of("matrix-word"),
                                "action",
                                "warn"))
                .body()
                .get("id")
                .asString();
        Map<String, Object> context = Map.of("userId", "u", "botId", "b", "sessionId", "s");
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/v1/check", Map.of("context", context, "content", "x"), Access.PLUGIN),
                new Endpoint("POST", "/v1/stream/start", Map.of("context", context), Access.PLUGIN),
                new Endpoint("POST", "/v1/stream/update", Map.of("streamId", "s", "content", "x"), Access.PLUGIN),
                new Endpoint("POST", "/v1/stream/finish", Map.of("streamId", "s"), Access.PLUGIN),
                new Endpoint("GET", "/v1/admin/rules", null, Access.ADMIN),
                new Endpoint(
                        "POST",
                        "/v1/admin/rules",
                        Map.of("name", "n", "kind", "keyword", "keywords", List.of("matrix-other"), "action", "warn"),
                        Access.ADMIN),
                new Endpoint("GET", "/v1/admin/rules/" + ruleId, null, Access.ADMIN),
                new Endpoint(
                        "PUT",
                        "/v1/admin/rules/" + ruleId,
                        Map.of(
                                "name",
                                "matrix",
                                "kind",
                                "keyword",
                                "keywords",
                                List.of("matrix-word"),
                                "action",
                                "warn"),
                        Access.ADMIN),
                new Endpoint("GET", "/v1/admin/rules/" + ruleId + "/history", null, Access.ADMIN),
                new Endpoint("POST", "/v1/admin/rules/" + ruleId + "/enable", Map.of(), Access.ADMIN),
                new Endpoint("DELETE", "/v1/admin/rules/r-0", null, Access.ADMIN),
                new Endpoint("GET", "/v1/admin/api-clients", null, Access.ADMIN),
                new Endpoint("POST", "/v1/admin/api-clients", Map.of("name", "m"), Access.ADMIN),
                new Endpoint("POST", "/v1/admin/api-clients/" + UUID.randomUUID() + "/revoke", Map.of(), Access.ADMIN),
                new Endpoint("GET", "/v1/admin/users", null, Access.ADMIN),
                new Endpoint("GET", "/v1/admin/streams", null, Access.ADMIN),
                new Endpoint("GET", "/v1/admin/audit/verify", null, Access.ADMIN),
                new Endpoint("GET", "/v1/admin/audit/access", null, Access.ADMIN),
                new Endpoint("GET", "/v1/audit", null, Access.PEOPLE),
                new Endpoint("GET", "/v1/audit/" + UUID.randomUUID(), null, Access.PEOPLE),
                new Endpoint("GET", "/v1/audit/export.csv", null, Access.PEOPLE),
                new Endpoint("GET", "/v1/me/tokens", null, Access.PEOPLE),
                new Endpoint("POST", "/v1/me/tokens", Map.of("name", "matrix"), Access.PEOPLE),
                new Endpoint("DELETE", "/v1/me/tokens/" + UUID.randomUUID(), null, Access.PEOPLE),
                new Endpoint("GET", "/actuator/health", null, Access.PUBLIC),
                new Endpoint("GET", "/actuator/health/readiness", null, Access.PUBLIC),
                new Endpoint("GET", "/actuator/prometheus", null, Access.PUBLIC),
                new Endpoint("GET", "/v3/api-docs", null, Access.PUBLIC),
                new Endpoint("GET", "/actuator/metrics", null, Access.ADMIN));

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Caller caller : Caller.values()) {
                Response response = send(endpoint, credentials.get(caller));
                String expected = expected(endpoint.access(), caller, endpoint.path());
                boolean right = switch (expected) {
                    case "401", "403" -> response.status() == Integer.parseInt(expected);
                    default -> response.status() != 401 && response.status() != 403 && response.status() < 500;
                };
                if (!right) {
                    wrong.add(endpoint.method() + " " + endpoint.path() + " as " + caller + ": " + response.status()
                            + ", expected " + expected);
                }
                if (response.status() >= 400 && endpoint.path().startsWith("/v1/")) {
                    assertThat(response.contentType()).as(endpoint.path()).startsWith("application/problem+json");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String expected(Access access, Caller caller, String path) {
        boolean operations = path.startsWith("/actuator");
        return switch (access) {
            case PUBLIC -> "allowed";
            case PLUGIN ->
                switch (caller) {
                    case PLUGIN -> "allowed";
                    case NONE, REVOKED -> "401";
                    case ADMIN, COMPLIANCE -> "403";
                };
            case PEOPLE ->
                switch (caller) {
                    case ADMIN, COMPLIANCE -> "allowed";
                    case NONE, REVOKED -> "401";
                    case PLUGIN -> "403";
                };
            case ADMIN ->
                switch (caller) {
                    case ADMIN -> "allowed";
                    case NONE, REVOKED -> "401";
                    // The operations endpoints take no API keys: a key there is no credential at all.
                    case PLUGIN -> operations ? "401" : "403";
                    case COMPLIANCE -> "403";
                };
        };
    }

    private Response send(Endpoint endpoint, String authorization) {
        return switch (endpoint.method()) {
            case "GET" -> api.get(endpoint.path(), authorization);
            case "POST" -> api.post(endpoint.path(), authorization, endpoint.body());
            case "PUT" -> api.put(endpoint.path(), authorization, endpoint.body());
            case "DELETE" -> api.delete(endpoint.path(), authorization);
            default -> throw new IllegalArgumentException(endpoint.method());
        };
    }
}
