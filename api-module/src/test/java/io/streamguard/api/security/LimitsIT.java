package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Limits and hostile input each get their precise problem, and browsers get the hardening headers. */
@ApiIntegrationTest
class LimitsIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    ApiTestClient api;
    String key;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
        key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "limits"))
                .body()
                .get("apiKey")
                .asString();
    }

    @Test
    void aBodyOverTheRequestLimitIsRefusedBeforeParsing() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024 + 1];
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/v1/check")))
                                .header("Authorization", bearer(key))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":\"content_too_large\"");
    }

    @Test
    void contentOverTheStreamLimitIsContentTooLarge() {
        String stream = start();
        Response response =
                api.post("/v1/stream/update", bearer(key), Map.of("streamId", stream, "content", "a".repeat(262_145)));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body().get("maxContentChars").asInt()).isEqualTo(262_144);
    }

    @Test
    void unpairedSurrogatesAndNulAreRefusedNamingTheField() {
        String stream = start();
        Response surrogate = api.post(
                "/v1/stream/update",
                bearer(key),
                "{\"streamId\":\"" + stream + "\",\"delta\":\"ok \\ud800 lone\",\"position\":0}");
        assertThat(surrogate.status()).isEqualTo(400);
        assertThat(surrogate.body().get("detail").asString()).contains("delta");
        Response nul = api.post(
                "/v1/check",
                bearer(key),
                "{\"context\":{\"userId\":\"u\",\"botId\":\"b\",\"sessionId\":\"s\"},\"content\":\"a\\u0000b\"}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body().get("detail").asString()).contains("content");
        Response paired = api.post(
                "/v1/stream/update",
                bearer(key),
                "{\"streamId\":\"" + stream + "\",\"delta\":\"emoji \\ud83d\\ude00\",\"position\":0}");
        assertThat(paired.status()).isEqualTo(200);
    }

    @Test
    void unknownFieldsAndBadPositionsAreInvalid() {
        String stream = start();
        Response unknown = api.post(
                "/v1/stream/update", bearer(key), Map.of("streamId", stream, "content", "x", "contnet", "typo"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("detail").asString()).contains("contnet");
        assertThat(api.post("/v1/stream/update", bearer(key), Map.of("streamId", stream, "delta", "x", "position", -1))
                        .status())
                .isEqualTo(400);
        Response huge = api.post(
                "/v1/stream/update",
                bearer(key),
                Map.of("streamId", stream, "delta", "x", "position", Integer.MAX_VALUE));
        assertThat(huge.status()).isEqualTo(409);
        assertThat(huge.body().get("position").asInt()).isZero();
        assertThat(api.post("/v1/stream/update", bearer(key), Map.of("streamId", stream, "content", "x", "delta", "y"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void repeatedFailedSignInsLockThatUserFromThatAddressOnly() {
        String name = "throttled-" + System.nanoTime();
        api.post(
                "/v1/admin/users",
                ADMIN,
                Map.of("username", name, "password", "the-right-password", "role", "COMPLIANCE"));
        for (int i = 0; i < 10; i++) {
            assertThat(api.get("/v1/audit?limit=1", basic(name, "wrong-" + i)).status())
                    .isEqualTo(401);
        }
        assertThat(api.get("/v1/audit?limit=1", basic(name, "the-right-password"))
                        .status())
                .isEqualTo(401);
        assertThat(api.get("/v1/audit?limit=1", ADMIN).status()).isEqualTo(200);
    }

    @Test
    void responsesCarryTheHardeningHeaders() {
        var headers = api.get("/actuator/health", null).raw().headers();
        assertThat(headers.firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp ->
                        assertThat(csp).contains("frame-ancestors 'none'").contains("object-src 'none'"));
        assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).contains("DENY");
    }

    private String start() {
        return api.post(
                        "/v1/stream/start",
                        bearer(key),
                        Map.of("context", Map.of("userId", "u", "botId", "b", "sessionId", "s")))
                .body()
                .get("streamId")
                .asString();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
