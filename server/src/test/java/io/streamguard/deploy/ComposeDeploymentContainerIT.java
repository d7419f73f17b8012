package io.streamguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production shape run for real: docker-compose.yml builds the node image and brings up
 * PostgreSQL, three nodes and the TLS entry point on the Docker API at DOCKER_HOST (Podman here,
 * with local base images: scripts/containers.sh). Streams go through the entry point while one node's
 * container is killed mid-stream; every stream must still end with its whole text in exactly one
 * verifying audit row, and the stream socket works through the entry point. Runs in the {@code containers} profile ({@code ./streamguard test-containers}).
 */
class ComposeDeploymentContainerIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final String NAME = "sgit" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String ADMIN_PASSWORD =
            "compose-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private static final int STREAMS = 24;
    private static final int CHUNKS = 40;

    private static final String CLUSTER_SECRET =
            Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private static final AtomicInteger RETRIED = new AtomicInteger();
    private static final AtomicInteger RESENT = new AtomicInteger();
    private static int httpsPort;
    private static int httpPort;
    private static HttpClient http;
    private static String apiKey;

    @BeforeAll
    static void up() throws Exception {
        assertThat(System.getenv("DOCKER_HOST"))
                .as("the containers profile needs a Docker API: eval \"$(scripts/containers.sh up)\"")
                .isNotBlank();
        assertThat(PROJECT.resolve("server/target/streamguard.jar")).exists();
        httpsPort = freePort();
        httpPort = freePort();
        http = HttpClient.newBuilder().sslContext(trustingEveryCertificate()).build();
        compose(Duration.ofMinutes(10), "up", "-d", "--build");
        // Three nodes healthy, one cluster, reached through the entry point.
        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    String metrics = get("/actuator/prometheus", null).body();
                    assertThat(metrics).contains("streamguard_cluster_members 3.0");
                });
        apiKey = json(post("/v1/admin/api-clients", admin(), "{\"name\":\"compose\"}"), 201)
                .get("apiKey")
                .asString();
        json(post("/v1/admin/rules", admin(), """
                        {"name":"ticket","kind":"regex","pattern":"TICKET-[0-9]{6}","action":"block"}"""), 201);
        // A rule change reaches new streams on every node within a second.
        Thread.sleep(2000);
    }

    @AfterAll
    static void down() {
        try {
            compose(Duration.ofMinutes(2), "logs", "--no-color", "--tail", "200");
        } finally {
            compose(Duration.ofMinutes(3), "down", "-v");
        }
    }

    @Test
    void aNodeKilledMidStreamLosesNothing() throws Exception {
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            streams.add(new Stream(
                    i,
                    json(post("/v1/stream/start", bearer(), """
                            {"context":{"userId":"u-%d","botId":"b","sessionId":"s-%d"}}""".formatted(i, i)), 201)
                            .get("streamId")
                            .asString()));
        }
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            if (chunk == CHUNKS / 2) {
                compose(Duration.ofMinutes(1), "kill", "-s", "SIGKILL", "node2");
            }
            for (Stream stream : streams) {
                stream.send(chunk);
            }
        }
        Map<String, Stream> byAudit = new HashMap<>();
        for (Stream stream : streams) {
            JsonNode finished = retrying(
                    () -> post("/v1/stream/finish", bearer(), JSON.writeValueAsString(Map.of("streamId", stream.id))));
            assertThat(finished.get("action").asString()).isEqualTo(stream.expectedAction());
            assertThat(finished.get("position").asInt()).isEqualTo(stream.text.length());
            byAudit.put(finished.get("auditId").asString(), stream);
        }
        assertThat(byAudit).hasSize(STREAMS);

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    for (var entry : byAudit.entrySet()) {
                        HttpResponse<String> row = get("/v1/audit/" + entry.getKey(), admin());
                        assertThat(row.statusCode())
                                .as("audit row %s", entry.getKey())
                                .isEqualTo(200);
                        JsonNode audit = JSON.readTree(row.body());
                        assertThat(audit.get("content").asString())
                                .isEqualTo(entry.getValue().text.toString());
                        assertThat(audit.get("action").asString())
                                .isEqualTo(entry.getValue().expectedAction());
                    }
                });
        JsonNode verified = json(get("/actuator/health", null), 200);
        assertThat(verified.get("status").asString()).isEqualTo("UP");
        JsonNode chain = json(get("/v1/admin/audit/verify", admin()), 200);
        assertThat(chain.get("ok").asBoolean()).as(chain.toString()).isTrue();
        assertThat(chain.get("checked").asLong()).isGreaterThanOrEqualTo(STREAMS);
        String metrics = get("/actuator/prometheus", null).body();
        assertThat(metrics).contains("streamguard_cluster_members 2.0");
        System.out.printf(
                "%d streams, %d updates: %d calls retried after 502/503/504 or a broken connection,"
                        + " %d deltas answered position_mismatch after a retry%n",
                STREAMS, STREAMS * CHUNKS, RETRIED.get(), RESENT.get());
    }

    @Test
    void theStreamSocketWorksThroughTheEntryPoint() throws Exception {
        var frames = new LinkedBlockingQueue<JsonNode>();
        WebSocket socket = http.newWebSocketBuilder()
                .subprotocols("streamguard.v1", "bearer." + apiKey)
                .buildAsync(URI.create("wss://localhost:" + httpsPort + "/v1/stream/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            frames.add(JSON.readTree(text.toString()));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        assertThat(socket.getSubprotocol()).isEqualTo("streamguard.v1");
        socket.sendText("""
                {"type":"start","id":"1","context":{"userId":"ws","botId":"b","sessionId":"s"}}""", true);
        JsonNode started = answer(frames, "started");
        String streamId = started.get("streamId").asString();
        socket.sendText(
                JSON.writeValueAsString(Map.of(
                        "type",
                        "update",
                        "id",
                        "2",
                        "streamId",
                        streamId,
                        "delta",
                        "it is TICKET-424242 ok",
                        "position",
                        0)),
                true);
        assertThat(answer(frames, "updated").get("action").asString()).isEqualTo("block");
        socket.sendText(JSON.writeValueAsString(Map.of("type", "finish", "id", "3", "streamId", streamId)), true);
        JsonNode finished = answer(frames, "finished");
        assertThat(finished.get("action").asString()).isEqualTo("block");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                get("/v1/audit/" + finished.get("auditId").asString(), admin())
                                        .statusCode())
                        .isEqualTo(200));
    }

    private static JsonNode answer(LinkedBlockingQueue<JsonNode> frames, String type) throws InterruptedException {
        JsonNode frame = frames.poll(30, TimeUnit.SECONDS);
        assertThat(frame).as("a %s frame", type).isNotNull();
        assertThat(frame.get("type").asString()).as(frame.toString()).isEqualTo(type);
        return frame;
    }

    /** One stream's text as the test sent it; every fifth stream carries a ticket number, which blocks. */
    private static final class Stream {
        final int index;
        final String id;
        final StringBuilder text = new StringBuilder();

        Stream(int index, String id) {
            this.index = index;
            this.id = id;
        }

        String expectedAction() {
            return index % 5 == 0 ? "block" : "allow";
        }

        void send(int chunk) throws Exception {
            String delta = index % 5 == 0 && chunk == CHUNKS - 3
                    ? "see TICKET-%06d now. ".formatted(index)
                    : "word %d of stream %d. ".formatted(chunk, index);
            int position = text.length();
            // A delta at a stale position (the node that took it died before answering, so it may
            // or may not have been stored) is answered with the server's position: resend from there.
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> answer = postRetrying(
                        "/v1/stream/update",
                        bearer(),
                        JSON.writeValueAsString(Map.of("streamId", id, "delta", delta, "position", position)));
                if (answer.statusCode() == 200) {
                    break;
                }
                JsonNode problem = JSON.readTree(answer.body());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
                assertThat(problem.get("code").asString()).isEqualTo("position_mismatch");
                assertThat(problem.get("position").asInt()).isEqualTo(position + delta.length());
                assertThat(attempt).isZero();
                RESENT.incrementAndGet();
                break;
            }
            text.append(delta);
        }
    }

    private interface Call {
        HttpResponse<String> call() throws Exception;
    }

    private static JsonNode retrying(Call call) throws Exception {
        HttpResponse<String> answer = retryingResponse(call);
        return json(answer, 200);
    }

    private static HttpResponse<String> postRetrying(String path, String authorization, String body) throws Exception {
        return retryingResponse(() -> post(path, authorization, body));
    }

    /** A plugin on a network that loses a node: 502/503 or a broken connection is retried. */
    private static HttpResponse<String> retryingResponse(Call call) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> answer = call.call();
                if ((answer.statusCode() != 502 && answer.statusCode() != 503 && answer.statusCode() != 504)
                        || attempt == 20) {
                    return answer;
                }
            } catch (IOException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
            RETRIED.incrementAndGet();
            Thread.sleep(500);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), authorization);
    }

    private static HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                authorization);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("https://localhost:" + httpsPort + path);
    }

    private static String admin() {
        return "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer() {
        return "Bearer " + apiKey;
    }

    private static void compose(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", NAME));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(PROJECT.toFile()).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("STREAMGUARD_CLUSTER_SECRET", CLUSTER_SECRET);
        env.put("STREAMGUARD_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("STREAMGUARD_HTTPS_PORT", Integer.toString(httpsPort));
        env.put("STREAMGUARD_HTTP_PORT", Integer.toString(httpPort));
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("docker-compose " + String.join(" ", arguments) + " took over " + timeout);
            }
            assertThat(process.exitValue())
                    .as("docker-compose %s", String.join(" ", arguments))
                    .isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry point's certificate is the self-signed one compose makes on first start. */
    private static SSLContext trustingEveryCertificate() throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
