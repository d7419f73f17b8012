package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each attack that once got through, sent as an attacker would, and refused: one test per attack.
 * The check rate is lowered so that its limit is reached in a few calls; every test uses its own
 * API client, so their buckets never meet.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "streamguard.limits.max-checks-per-second=5")
class HostileInputIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTEXT = "{\"userId\":\"u\",\"botId\":\"b\",\"sessionId\":\"s\"}";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiTestClient api;
    String key;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
        key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "hostile"))
                .body()
                .get("apiKey")
                .asString();
    }

    @Test
    void yamlXmlFormAndBinaryBodiesAreUnsupportedMediaTypes() throws Exception {
        String yaml = "context:\n  userId: u\n  botId: b\n  sessionId: s\ncontent: AKIA\nunknown: 1\n";
        String duplicateYaml = "context:\n  userId: u\n  botId: b\n  sessionId: s\ncontent: a\ncontent: b\n";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("application/yaml", yaml);
        bodies.put("application/x-yaml", duplicateYaml);
        bodies.put("text/yaml", yaml);
        bodies.put("application/xml", "<check><content>x</content></check>");
        bodies.put("text/xml", "<check/>");
        bodies.put("application/x-www-form-urlencoded", "content=x&context.userId=u");
        bodies.put("application/cbor", "\u00a1gcontentax");
        bodies.put("application/x-jackson-smile", ":)\n\u0001");
        bodies.put("text/plain", "{\"context\":" + CONTEXT + ",\"content\":\"x\"}");
        bodies.put("application/json; charset=ISO-8859-1", "{\"context\":" + CONTEXT + ",\"content\":\"x\"}");
        long rowsBefore = checkRows();
        for (var body : bodies.entrySet()) {
            HttpResponse<String> response = send("POST", "/v1/check", body.getKey(), body.getValue(), bearer(key));
            assertThat(response.statusCode()).as(body.getKey()).isEqualTo(415);
            assertProblemBody(response, 415, "unsupported_media_type");
        }
        assertThat(checkRows()).isEqualTo(rowsBefore);

        HttpResponse<String> yamlAnswer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url("/v1/admin/rules"))
                                .header("Authorization", ADMIN)
                                .header("Accept", "application/yaml")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(yamlAnswer.statusCode()).isEqualTo(406);
        assertProblemBody(yamlAnswer, 406, "not_acceptable");
    }

    @Test
    void aDuplicateKeyCannotHideASecretBehindAHarmlessValue() {
        long rowsBefore = checkRows();
        Response hidden = api.post(
                "/v1/check",
                bearer(key),
                "{\"context\":" + CONTEXT + ",\"content\":\"AKIAIOSFODNN7EXAMPLE\",\"content\":\"harmless\"}");
        assertProblem(hidden, 400, "invalid_request");
        assertThat(hidden.body().get("detail").asString()).contains("'content'").contains("more than once");

        Response nested = api.post(
                "/v1/stream/start",
                bearer(key),
                "{\"context\":{\"userId\":\"a\",\"userId\":\"b\",\"botId\":\"b\",\"sessionId\":\"s\"}}");
        assertProblem(nested, 400, "invalid_request");
        assertThat(nested.body().get("detail").asString()).contains("'context.userId'");

        Response rule = api.post(
                "/v1/admin/rules",
                ADMIN,
                "{\"name\":\"n\",\"kind\":\"keyword\",\"keywords\":[\"dup-a\"],"
                        + "\"action\":\"block\",\"action\":\"warn\"}");
        assertProblem(rule, 400, "invalid_request");
        assertThat(rule.body().get("detail").asString()).contains("'action'");
        assertThat(checkRows()).isEqualTo(rowsBefore);
    }

    @Test
    void aFloatStringOrBooleanWhereAnIntegerIsMeantIsRefusedNamingTheField() {
        String stream = api.post("/v1/stream/start", bearer(key), "{\"context\":" + CONTEXT + "}")
                .body()
                .get("streamId")
                .asString();
        for (String position : List.of("22.5", "22.0", "1e1", "\"22\"", "true", "[22]")) {
            Response response = api.post(
                    "/v1/stream/update",
                    bearer(key),
                    "{\"streamId\":\"" + stream + "\",\"delta\":\"x\",\"position\":" + position + "}");
            assertProblem(response, 400, "invalid_request");
            assertThat(response.body().get("detail").asString()).as(position).contains("'position'");
        }
        Response limit = api.get("/v1/admin/streams?limit=22.5", ADMIN);
        assertProblem(limit, 400, "invalid_request");
        assertThat(limit.body().get("detail").asString()).contains("limit");

        Response numberForText = api.post(
                "/v1/check",
                bearer(key),
                "{\"context\":{\"userId\":42,\"botId\":\"b\",\"sessionId\":\"s\"},\"content\":\"x\"}");
        assertProblem(numberForText, 400, "invalid_request");
        assertThat(numberForText.body().get("detail").asString()).contains("'context.userId'");
        Response indexForEnum = api.put("/v1/admin/users/admin/role", ADMIN, Map.of("role", 1));
        assertProblem(indexForEnum, 400, "invalid_request");
        assertThat(indexForEnum.body().get("detail").asString()).contains("'role'");

        Response whole = api.post(
                "/v1/stream/update", bearer(key), "{\"streamId\":\"" + stream + "\",\"delta\":\"x\",\"position\":0}");
        assertThat(whole.status()).isEqualTo(200);
    }

    @Test
    void aNulInAQueryParameterIsRefusedNamingTheParameter() {
        for (String path : List.of(
                "/v1/audit?q=a%00b",
                "/v1/audit?userId=%00",
                "/v1/audit/export.csv?botId=x%00",
                "/v1/admin/streams?limit=%00",
                "/v1/admin/audit/access?limit=1%00")) {
            Response response = api.get(path, ADMIN);
            assertProblem(response, 400, "invalid_request");
            String parameter = path.substring(path.indexOf('?') + 1, path.indexOf('='));
            assertThat(response.body().get("parameter").asString()).as(path).isEqualTo(parameter);
            assertThat(response.body().get("detail").asString()).as(path).contains("'" + parameter + "'");
        }
        assertProblem(api.get("/v1/audit?a%00=b", ADMIN), 400, "invalid_request");
        assertProblem(api.get("/v1/audit?q=a%ED%A0%80b", ADMIN), 400, "invalid_request");
        assertProblem(api.get("/v1/audit?q=a%FFb", ADMIN), 400, "invalid_request");
        Response path = api.get("/v1/admin/rules/a%00b", ADMIN);
        assertProblem(path, 400, "invalid_request");
        assertThat(path.body().get("detail").asString()).contains("NUL");
        Response user = api.post("/v1/admin/users/a%00b/disable", ADMIN, Map.of());
        assertProblem(user, 400, "invalid_request");
        String nulUser = "Basic " + Base64.getEncoder().encodeToString("ad\0min:x".getBytes(StandardCharsets.UTF_8));
        Response credentials = api.get("/v1/audit", nulUser);
        assertProblem(credentials, 400, "invalid_request");
        assertThat(credentials.body().get("detail").asString()).contains("'Authorization'");
        assertThat(api.get("/v1/audit?q=fine&limit=1", ADMIN).status()).isEqualTo(200);
    }

    @Test
    void brokenHttpGetsProblemJsonFromTheContainerNeverAnHtmlPage() throws Exception {
        Map<String, Integer> requests = new LinkedHashMap<>();
        requests.put("GET /v1/audit/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/admin/rules/%e0%a4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/{bad} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/a\"b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("G@T / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put(
                "GET /v1/audit HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
                400);
        requests.put("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/audit HTTP/1.1\r\nHost: x\r\nBad Header: y\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/audit HTTP/1.1\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/audit HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", 400);
        requests.put("POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/admin/rules/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/a%2Fb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET /v1/%2e%2e/admin/rules HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400);
        requests.put("GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n", 505);
        requests.put("\u0016\u0003\u0001\u0000\u0005hello\r\n\r\n", 400);
        requests.put("GET /error HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n", 404);
        for (var request : requests.entrySet()) {
            RawResponse response = raw(request.getKey().getBytes(StandardCharsets.ISO_8859_1));
            String what =
                    request.getKey().substring(0, Math.min(60, request.getKey().length()));
            assertThat(response.status()).as(what).isEqualTo(request.getValue());
            assertThat(response.headers().get("content-type")).as(what).startsWith("application/problem+json");
            assertThat(response.body())
                    .as(what)
                    .doesNotContainIgnoringCase("<html")
                    .doesNotContain("Exception")
                    .doesNotContain("Tomcat");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).as(what).isEqualTo(request.getValue());
            for (String field : List.of("type", "title", "detail", "code")) {
                assertThat(problem.get(field).asString()).as(what + " " + field).isNotBlank();
            }
        }
    }

    @Test
    void checksBeyondTheRateLimitAreRateLimitedWithRetryAfter() {
        String body = "{\"context\":" + CONTEXT + ",\"content\":\"rate\"}";
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 12 && limited == null; i++) {
            Response response = api.post("/v1/check", bearer(key), body);
            statuses.add(response.status());
            if (response.status() == 429) {
                limited = response;
            }
        }
        assertThat(statuses.subList(0, 5)).containsOnly(200);
        assertThat(limited).as("statuses %s", statuses).isNotNull();
        assertProblem(limited, 429, "rate_limited");
        assertThat(limited.raw().headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(limited.body().get("maxChecksPerSecond").asInt()).isEqualTo(5);

        String other = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "other"))
                .body()
                .get("apiKey")
                .asString();
        assertThat(api.post("/v1/check", bearer(other), body).status()).isEqualTo(200);
    }

    @Test
    void csvCellsWithSeparatorsAndFormulasStayOneQuotedDefusedCell() {
        String user = "csv-" + System.nanoTime();
        List<String> contents = List.of(
                "x;=1+1;y",
                "x,=1+1",
                "\t=cmd",
                " =HYPERLINK(\"http://x\")",
                "-2+3",
                "@SUM(A1)",
                "\r=1",
                "plain \"quoted\"\nnext line");
        for (String content : contents) {
            Response check = api.post(
                    "/v1/check",
                    bearer(key),
                    Map.of("context", Map.of("userId", user, "botId", "=bot", "sessionId", "s"), "content", content));
            assertThat(check.status()).isEqualTo(200);
            pause();
        }
        String csv = api.get("/v1/audit/export.csv?userId=" + user, ADMIN).raw().body();
        List<List<String>> rows = StrictCsv.parse(csv, ',');
        assertThat(rows).hasSize(contents.size() + 1);
        List<String> found = new ArrayList<>();
        for (List<String> row : rows) {
            assertThat(row).hasSize(13);
            for (String cell : row) {
                assertThat(startsLikeAFormula(cell)).as("cell %s", cell).isFalse();
            }
        }
        rows.subList(1, rows.size()).forEach(row -> {
            assertThat(row.get(4)).isEqualTo("'=bot");
            found.add(row.get(12));
        });
        assertThat(found)
                .containsExactlyInAnyOrder(
                        "x;=1+1;y",
                        "x,=1+1",
                        "'\t=cmd",
                        "' =HYPERLINK(\"http://x\")",
                        "'-2+3",
                        "'@SUM(A1)",
                        "'\r=1",
                        "plain \"quoted\"\nnext line");
        for (String line : csv.split("\r\n")) {
            assertThat(line).as("every cell quoted").startsWith("\"").endsWith("\"");
        }
    }

    @Test
    void healthShowsItsComponentsOnlyToAnAdmin() {
        Response anonymous = api.get("/actuator/health", null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body().get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.body().has("components")).isFalse();
        String compliance = "health-" + System.nanoTime();
        api.post(
                "/v1/admin/users",
                ADMIN,
                Map.of("username", compliance, "password", "compliance-password", "role", "COMPLIANCE"));
        assertThat(api.get("/actuator/health", basic(compliance, "compliance-password"))
                        .body()
                        .has("components"))
                .isFalse();
        assertThat(api.get("/actuator/health", bearer(key)).body().has("components"))
                .isFalse();

        Response admin = api.get("/actuator/health", ADMIN);
        assertThat(admin.body().get("components").get("db").get("status").asString())
                .isEqualTo("UP");
        assertThat(admin.body().get("components").get("hazelcast").get("status").asString())
                .isEqualTo("UP");

        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            Response response = api.get(probe, null);
            assertThat(response.status()).as(probe).isEqualTo(200);
            assertThat(response.body().get("status").asString()).isEqualTo("UP");
            assertThat(response.body().has("components")).isFalse();
        }
    }

    /** Stays under this test class's lowered check rate. */
    private static void pause() {
        try {
            Thread.sleep(220);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean startsLikeAFormula(String cell) {
        String stripped = cell.stripLeading();
        return !cell.isEmpty()
                && ("=+-@\t\r".indexOf(cell.charAt(0)) >= 0
                        || (!stripped.isEmpty() && "=+-@".indexOf(stripped.charAt(0)) >= 0));
    }

    private long checkRows() {
        return jdbc.sql("select count(*) from audit_entry where outcome = 'checked'")
                .query(Long.class)
                .single();
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String auth)
            throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url(path))
                                .header("Content-Type", contentType)
                                .header("Authorization", auth)
                                .method(method, HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    record RawResponse(int status, Map<String, String> headers, String body) {}

    /** One request as bytes on a fresh connection, the way no HTTP client library would send it. */
    private RawResponse raw(byte[] request) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (SocketException closedEarly) {
                // The server may answer and close before it has read everything sent; read its answer.
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // A reset after the answer (unread request bytes) ends the exchange.
            }
        }
        String text = received.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        assertThat(headEnd)
                .as(
                        "a response to %s",
                        new String(request, 0, Math.min(60, request.length), StandardCharsets.ISO_8859_1))
                .isPositive();
        String[] lines = text.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(headEnd + 4));
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("code").asString()).isEqualTo(code);
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.body().get("title").asString()).isNotBlank();
        assertThat(response.body().get("type").asString()).isNotBlank();
        assertThat(response.body().get("detail").asString()).isNotBlank();
    }

    private static void assertProblemBody(HttpResponse<String> response, int status, String code) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    /**
     * RFC 4180 read strictly: a cell is quoted or holds no quote; a quote inside a quoted cell is
     * doubled; a row ends with CRLF; anything else fails the test.
     */
    static final class StrictCsv {

        static List<List<String>> parse(String csv, char separator) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            int i = 0;
            while (i < csv.length()) {
                if (csv.charAt(i) == '"') {
                    i++;
                    while (true) {
                        assertThat(i).as("unterminated quoted cell").isLessThan(csv.length());
                        char c = csv.charAt(i++);
                        if (c == '"') {
                            if (i < csv.length() && csv.charAt(i) == '"') {
                                cell.append('"');
                                i++;
                                continue;
                            }
                            break;
                        }
                        cell.append(c);
                    }
                } else {
                    while (i < csv.length() && csv.charAt(i) != separator && csv.charAt(i) != '\r') {
                        assertThat(csv.charAt(i))
                                .as("a quote inside an unquoted cell")
                                .isNotEqualTo('"');
                        cell.append(csv.charAt(i++));
                    }
                }
                row.add(cell.toString());
                cell.setLength(0);
                if (i < csv.length() && csv.charAt(i) == separator) {
                    i++;
                } else {
                    assertThat(csv.startsWith("\r\n", i))
                            .as("a row ends with CRLF at %d", i)
                            .isTrue();
                    i += 2;
                    rows.add(row);
                    row = new ArrayList<>();
                }
            }
            return rows;
        }
    }
}
