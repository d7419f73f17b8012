package io.streamguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import io.streamguard.testing.PostgresFixture;
import io.streamguard.testing.SocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The assembled node: health with its parts (for an admin), metrics, API docs and the console's sign-in page. */
@SpringBootTest(classes = StreamGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PostgresFixture.class)
@TestPropertySource(
        properties = {
            "streamguard.admin.password=admin-test-password",
            "streamguard.cluster.name=server-it",
            "streamguard.security.trusted-proxies=127.0.0.1/32"
        })
class StreamGuardApplicationIT {

    @LocalServerPort
    int port;

    ApiTestClient api;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
    }

    @Test
    void healthIsUpWithDatabaseAndClusterAndProbes() {
        Response anonymous = api.get("/actuator/health", null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body().get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.body().has("components")).isFalse();
        Response health = api.get("/actuator/health", ApiTestClient.basic("admin", "admin-test-password"));
        assertThat(health.body().get("components").get("db").get("status").asString())
                .isEqualTo("UP");
        assertThat(health.body()
                        .get("components")
                        .get("hazelcast")
                        .get("status")
                        .asString())
                .isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsAndApiDocsAreServed() throws Exception {
        String metrics = text("/actuator/prometheus");
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("http_server_requests");
        Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").has("/v1/stream/update")).isTrue();
        assertThat(text("/swagger-ui/index.html")).contains("Swagger UI");
    }

    @Test
    void theConsoleAsksForASignInAndTheApiStaysStateless() throws Exception {
        HttpResponse<String> root = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).containsIgnoringCase("<html");
        Response start = api.post("/v1/stream/start", null, "{}");
        assertThat(start.status()).isEqualTo(401);
        assertThat(start.raw().headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void besideTheConsoleEveryErrorIsProblemJsonAndNoHtmlErrorPage() throws Exception {
        HttpResponse<String> missingAsset = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/VAADIN/build/nothing-here.js"))
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(missingAsset.statusCode()).isEqualTo(404);
        assertThat(missingAsset.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(missingAsset.body()).contains("\"code\":\"not_found\"");

        String badEncoding =
                raw("GET /console%zz HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
        assertThat(badEncoding)
                .startsWith("HTTP/1.1 400")
                .contains("application/problem+json")
                .contains("\"code\":\"invalid_request\"")
                .doesNotContainIgnoringCase("<html");

        HttpResponse<String> root = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    /** The stream socket beside the console's own push: the socket's mapping comes before Vaadin's catch-all. */
    @Test
    void theStreamSocketServesBesideTheConsole() {
        String apiKey = api.post(
                        "/v1/admin/api-clients",
                        ApiTestClient.basic("admin", "admin-test-password"),
                        java.util.Map.of("name", "socket beside the console"))
                .body()
                .get("apiKey")
                .asString();
        try (var socket = SocketTestClient.withProtocolToken("ws://localhost:" + port, apiKey)) {
            assertThat(socket.subprotocol()).isEqualTo(SocketTestClient.PROTOCOL);
            var started = socket.call(
                    "start",
                    java.util.Map.of(
                            "context", java.util.Map.of("userId", "u-1", "botId", "chatgpt", "sessionId", "tab-1")));
            assertThat(started.get("type").asString()).isEqualTo("started");
            var finished = socket.call(
                    "finish",
                    java.util.Map.of("streamId", started.get("streamId").asString(), "finalContent", "Hello"));
            assertThat(finished.get("type").asString()).isEqualTo("finished");
            assertThat(finished.get("position").asInt()).isEqualTo(5);
        }
        var refused = SocketTestClient.handshake(
                port, "/v1/stream/ws", java.util.Map.of("Sec-WebSocket-Protocol", SocketTestClient.PROTOCOL));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("code").asString()).isEqualTo("unauthorized");
    }

    private String raw(String request) throws Exception {
        try (var socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private String text(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
