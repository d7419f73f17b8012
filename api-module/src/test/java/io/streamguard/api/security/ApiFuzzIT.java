package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ten thousand random and mutated requests while valid streams run beside them: no 5xx, every
 * error is problem+json, the node stays healthy, and every valid stream gets exactly the verdict
 * and the one audit row it should.
 */
@ApiIntegrationTest
class ApiFuzzIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final int REQUESTS = Integer.getInteger("streamguard.test.fuzz-requests", 10_000);
    private static final int VALID_STREAMS = 40;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Random text draws from letters no other test's rule uses, so only this test's rules fire. */
    private static final String ALPHABET = "aeiouxyz  ";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Set<String> failures = ConcurrentHashMap.newKeySet();

    @Test
    void randomAndMutatedRequestsNeverHurtTheNodeOrTheValidStreams() throws Exception {
        ApiTestClient api = new ApiTestClient("http://localhost:" + port);
        String word = "fuzz" + Long.toString(System.nanoTime(), 36);
        String ruleId = api.post(
                        "/v1/admin/rules",
                        ADMIN,
                        Map.of("name", "fuzz " + word, "kind", "keyword", "keywords", List.of(word), "action", "block"))
                .body()
                .get("id")
                .asString();
        var expectedRules = RuleSetCompiler.compile(
                0, List.of(RuleSpec.keyword(ruleId, "fuzz " + word, List.of(word), false, false, Action.BLOCK)));
        String validKey = key(api, "fuzz-valid");
        String fuzzKey = key(api, "fuzz-hostile");

        List<String> fuzzStreams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fuzzStreams.add(api.post(
                            "/v1/stream/start",
                            bearer(fuzzKey),
                            Map.of("context", Map.of("userId", "fuzzer", "botId", "b", "sessionId", "s")))
                    .body()
                    .get("streamId")
                    .asString());
        }

        long rulesBefore =
                jdbc.sql("select count(*) from rule").query(Long.class).single();
        Map<String, String> finalTexts = new ConcurrentHashMap<>();
        Map<String, String> auditIds = new ConcurrentHashMap<>();
        try (var pool = Executors.newFixedThreadPool(6)) {
            Future<?> valid = pool.submit(() -> runValidStreams(api, validKey, word, finalTexts, auditIds));
            List<Future<?>> hostile = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                hostile.add(pool.submit(() -> fuzz(new Random(42 + seed), REQUESTS / 4, fuzzKey, fuzzStreams)));
            }
            for (Future<?> f : hostile) {
                f.get();
            }
            valid.get();
        }

        System.out.printf(
                "Fuzz: %d requests, statuses %s, %d valid streams checked beside them%n",
                REQUESTS, new TreeMap<>(statuses), finalTexts.size());
        assertThat(failures).isEmpty();
        assertThat(statuses.keySet()).allMatch(status -> status < 500);
        assertThat(api.get("/actuator/health", null).body().get("status").asString())
                .isEqualTo("UP");
        assertThat(jdbc.sql("select count(*) from rule").query(Long.class).single())
                .isEqualTo(rulesBefore);

        assertThat(finalTexts).hasSize(VALID_STREAMS);
        for (var entry : finalTexts.entrySet()) {
            String streamId = entry.getKey();
            var expected = expectedRules.check(entry.getValue()).stream()
                    .map(v -> v.ruleId() + "@" + v.start() + "-" + v.end())
                    .toList();
            var row = await().atMost(Duration.ofSeconds(5))
                    .until(
                            () -> jdbc.sql(
                                            "select id, content, violations::text, action from audit_entry where stream_id = :s")
                                    .param("s", streamId)
                                    .query()
                                    .listOfRows(),
                            rows -> !rows.isEmpty());
            assertThat(row).as("audit rows of %s", streamId).hasSize(1);
            assertThat(row.getFirst().get("id").toString()).isEqualTo(auditIds.get(streamId));
            assertThat(row.getFirst().get("content")).isEqualTo(entry.getValue());
            List<String> stored = new ArrayList<>();
            JSON.readTree((String) row.getFirst().get("violations"))
                    .forEach(v -> stored.add(v.get("ruleId").asString() + "@"
                            + v.get("start").asInt() + "-" + v.get("end").asInt()));
            assertThat(stored).as("violations of %s", streamId).containsExactlyElementsOf(expected);
            assertThat(row.getFirst().get("action")).isEqualTo(expected.isEmpty() ? "allow" : "block");
        }
    }

    private void runValidStreams(
            ApiTestClient api, String key, String word, Map<String, String> finalTexts, Map<String, String> auditIds) {
        Random random = new Random(7);
        for (int s = 0; s < VALID_STREAMS; s++) {
            String streamId = api.post(
                            "/v1/stream/start",
                            bearer(key),
                            Map.of("context", Map.of("userId", "valid", "botId", "b", "sessionId", "s" + s)))
                    .body()
                    .get("streamId")
                    .asString();
            StringBuilder text = new StringBuilder();
            int pieces = 5 + random.nextInt(20);
            for (int p = 0; p < pieces; p++) {
                String delta = randomText(random, 1 + random.nextInt(12));
                if (random.nextInt(8) == 0) {
                    delta += " " + word + " ";
                }
                Response r = api.post(
                        "/v1/stream/update",
                        bearer(key),
                        Map.of("streamId", streamId, "delta", delta, "position", text.length()));
                if (r.status() != 200) {
                    failures.add("valid update answered " + r.status() + " " + r.body());
                    return;
                }
                text.append(delta);
            }
            Response finish = api.post("/v1/stream/finish", bearer(key), Map.of("streamId", streamId));
            if (finish.status() != 200) {
                failures.add("valid finish answered " + finish.status());
                return;
            }
            finalTexts.put(streamId, text.toString());
            auditIds.put(streamId, finish.body().get("auditId").asString());
        }
    }

    private void fuzz(Random random, int count, String key, List<String> streams) {
        List<Supplier<Request>> generators = List.of(
                () -> json("POST", "/v1/stream/update", truncate(random, validUpdate(random, streams)), key),
                () -> json("POST", "/v1/check", mutateType(random, validCheck(random)), key),
                () -> json("POST", "/v1/stream/start", "{\"context\":{\"userId\":\"u\"}}", key),
                () -> json(
                        "POST",
                        "/v1/stream/update",
                        validUpdate(random, streams).replace("{", "{\"extra\":1,"),
                        key),
                () -> json(
                        "POST",
                        "/v1/check",
                        "{\"context\":{\"userId\":\"u\",\"botId\":\"b\",\"sessionId\":\"s\"}," + "\"content\":\""
                                + "a".repeat(300_000) + "\"}",
                        key),
                () -> bytes("POST", "/v1/check", new byte[3 * 1024 * 1024], "application/json", bearer(key)),
                () -> json(
                        "POST",
                        "/v1/stream/update",
                        "{\"streamId\":\"" + pick(random, streams) + "\",\"delta\":\"\\ud800 lone\",\"position\":0}",
                        key),
                () -> json(
                        "POST",
                        "/v1/check",
                        "{\"context\":{\"userId\":\"u\\u0000\",\"botId\":\"b\",\"sessionId\":\"s\"},"
                                + "\"content\":\"x\"}",
                        key),
                () -> json(
                        "POST",
                        "/v1/stream/update",
                        "{\"streamId\":\"" + pick(random, streams) + "\",\"delta\":\"x\","
                                + "\"position\":"
                                + pick(
                                        random,
                                        List.of("-1", "2147483647", "1099511627776", "\"12\"", "1.5", "null", "[]"))
                                + "}",
                        key),
                () -> json("POST", "/v1/stream/finish", "{\"streamId\":\"" + pick(random, streams) + "\"}", key),
                () -> json(
                        "POST",
                        "/v1/stream/update",
                        "{\"streamId\":\"" + randomId(random) + "\",\"content\":\"x\"}",
                        key),
                () -> new Request(
                        "POST",
                        "/v1/stream/start",
                        "{}".getBytes(StandardCharsets.UTF_8),
                        "application/json",
                        pick(
                                random,
                                List.of(
                                        "Bearer",
                                        "Bearer ",
                                        "Bearer sg_" + randomId(random),
                                        "Basic !!!",
                                        "Basic " + randomId(random),
                                        "Digest x",
                                        "bearer  sg_"))),
                () -> bytes(
                        "POST",
                        "/v1/check",
                        validCheck(random).getBytes(StandardCharsets.UTF_8),
                        pick(random, List.of("text/plain", "application/xml", "", "application/json; charset=latin1")),
                        bearer(key)),
                () -> new Request(
                        pick(random, List.of("GET", "PUT", "DELETE", "PATCH")),
                        "/v1/stream/update",
                        null,
                        "application/json",
                        bearer(key)),
                () -> json(
                        "POST", "/v1/stream/start", "{\"context\":" + "[".repeat(2000) + "]".repeat(2000) + "}", key),
                () -> bytes(
                        "POST",
                        "/v1/stream/update",
                        new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'},
                        "application/json",
                        bearer(key)),
                () -> json(
                        "POST",
                        "/v1/stream/start",
                        "{\"context\":{\"userId\":\"a\",\"userId\":\"b\",\"botId\":\"b\"," + "\"sessionId\":\"s\"}}",
                        key),
                () -> json("POST", "/v1/" + randomId(random), "{}", key),
                () -> json(
                        "POST",
                        "/v1/stream/start",
                        "{\"context\":{\"userId\":\"" + "u".repeat(300) + "\",\"botId\":\"b\",\"sessionId\":\"s\"}}",
                        key),
                () -> bytes("POST", "/v1/check", randomBytes(random), "application/json", bearer(key)),
                () -> bytes(
                        "POST",
                        pick(random, List.of("/v1/check", "/v1/stream/start", "/v1/stream/update")),
                        yaml(random).getBytes(StandardCharsets.UTF_8),
                        pick(
                                random,
                                List.of(
                                        "application/yaml",
                                        "application/x-yaml",
                                        "text/yaml",
                                        "application/xml",
                                        "application/cbor",
                                        "application/x-jackson-smile",
                                        "application/x-www-form-urlencoded",
                                        "text/plain")),
                        bearer(key)),
                () -> json(
                        "POST",
                        "/v1/check",
                        pick(
                                random,
                                List.of(
                                        "{\"context\":{\"userId\":\"u\",\"botId\":\"b\",\"sessionId\":\"s\"},\"content\":\"AKIA\","
                                                + "\"content\":\"harmless\"}",
                                        "{\"context\":{\"userId\":\"u\",\"botId\":\"b\",\"botId\":\"c\",\"sessionId\":\"s\"},"
                                                + "\"content\":\"x\"}",
                                        "{\"context\":{\"userId\":\"u\",\"botId\":\"b\",\"sessionId\":\"s\"},\"context\":{},"
                                                + "\"content\":\"x\"}")),
                        key),
                () -> json(
                        "POST",
                        "/v1/stream/update",
                        "{\"streamId\":\"" + pick(random, streams) + "\",\"delta\":\"x\","
                                + "\"position\":"
                                + pick(
                                        random,
                                        List.of("22.5", "0.0", "1e1", "-0.0", "0.5e1", "\"0\"", "true", "{\"n\":0}"))
                                + "}",
                        key),
                () -> json(
                        "GET",
                        pick(
                                        random,
                                        List.of(
                                                "/v1/audit?q=",
                                                "/v1/audit?userId=",
                                                "/v1/audit/export.csv?botId=",
                                                "/v1/admin/streams?limit=",
                                                "/v1/audit?cursor=",
                                                "/v1/audit?x"))
                                + pick(random, List.of("%00", "a%00b", "%ED%A0%80", "%FF", "%C0%80", "%00%00=1")),
                        "",
                        ADMIN_HEADER),
                () -> json(
                        pick(random, List.of("GET", "POST", "DELETE")),
                        pick(
                                random,
                                List.of(
                                        "/v1/admin/rules/%00",
                                        "/v1/audit/%00",
                                        "/v1/admin/users/a%00/disable",
                                        "/v1/admin/rules/a%ED%A0%80",
                                        "/v1/admin/api-clients/%00/revoke")),
                        "{}",
                        ADMIN_HEADER),
                () -> random.nextBoolean()
                        ? json(
                                "GET",
                                "/v1/audit?limit=" + pick(random, List.of("-5", "abc", "100000", "")) + "&from=x",
                                "",
                                ADMIN_HEADER)
                        // Only patterns the validator refuses: the fuzz must not change the rule set.
                        : json(
                                "POST",
                                "/v1/admin/rules",
                                "{\"name\":\"n\",\"kind\":\"" + pick(random, List.of("regex", "regexx", "1"))
                                        + "\",\"pattern\":\""
                                        + pick(random, List.of("(?<=x)y", "(?=x)", "\\\\1", "[", "(", "a++", "(?P=n)"))
                                        + "\",\"action\":\""
                                        + pick(random, List.of("warn", "allow", "explode")) + "\"}",
                                ADMIN_HEADER));
        for (int i = 0; i < count; i++) {
            Request request = generators.get(random.nextInt(generators.size())).get();
            send(request);
        }
    }

    private static final String ADMIN_HEADER = "admin";

    private Request json(String method, String path, String body, String key) {
        String auth = ADMIN_HEADER.equals(key) ? ADMIN : bearer(key);
        return new Request(method, path, body.getBytes(StandardCharsets.UTF_8), "application/json", auth);
    }

    private static Request bytes(String method, String path, byte[] body, String contentType, String auth) {
        return new Request(method, path, body, contentType, auth);
    }

    record Request(String method, String path, byte[] body, String contentType, String authorization) {}

    private void send(Request request) {
        try {
            var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            request.method(),
                            request.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            if (!request.contentType().isEmpty()) {
                builder.header("Content-Type", request.contentType());
            }
            if (!request.authorization().isEmpty()) {
                builder.header("Authorization", request.authorization());
            }
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                    .incrementAndGet();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() >= 500) {
                failures.add(request.method() + " " + request.path() + " -> " + response.statusCode() + " "
                        + response.body());
            } else if (response.statusCode() >= 400 && !type.startsWith("application/problem+json")) {
                failures.add(request.method() + " " + request.path() + " -> " + response.statusCode() + " as " + type);
            }
            if (response.body().contains("Exception") || response.body().contains("\tat ")) {
                failures.add(request.method() + " " + request.path() + " leaked internals: " + response.body());
            }
        } catch (java.io.IOException e) {
            // The server may close a connection on a body it refuses; that is not a 5xx.
            statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String validUpdate(Random random, List<String> streams) {
        return "{\"streamId\":\"" + pick(random, streams) + "\",\"content\":\"" + randomText(random, 20) + "\"}";
    }

    private static String validCheck(Random random) {
        return "{\"context\":{\"userId\":\"u\",\"botId\":\"b\",\"sessionId\":\"s\"},\"content\":\""
                + randomText(random, 30) + "\"}";
    }

    private static String truncate(Random random, String json) {
        return json.substring(0, random.nextInt(json.length()));
    }

    /** Replaces one value with a value of another JSON type. */
    private static String mutateType(Random random, String json) {
        String replacement = pick(random, List.of("1", "true", "null", "[]", "{}", "\"s\"", "-0.5e400"));
        int colon = json.indexOf(':', random.nextInt(Math.max(1, json.length() / 2)));
        if (colon < 0) {
            return json;
        }
        int end = colon + 1;
        int depth = 0;
        while (end < json.length()) {
            char c = json.charAt(end);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            end++;
        }
        return json.substring(0, colon + 1) + replacement + json.substring(end);
    }

    /** A check or stream request as YAML, sometimes with a key given twice or a field unknown to the API. */
    private static String yaml(Random random) {
        return "context:\n  userId: u\n  botId: b\n  sessionId: s\ncontent: " + randomText(random, 10) + "\n"
                + pick(
                        random,
                        List.of("", "content: again\n", "unknown: 1\n", "position: 22.5\n", "streamId: [1, 2]\n"));
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomText(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static String randomId(Random random) {
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static String key(ApiTestClient api, String name) {
        return api.post("/v1/admin/api-clients", ADMIN, Map.of("name", name))
                .body()
                .get("apiKey")
                .asString();
    }
}
