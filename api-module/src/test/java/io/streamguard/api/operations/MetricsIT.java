package io.streamguard.api.operations;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import io.streamguard.testing.Prometheus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations metrics as a monitoring system scrapes them after real traffic, and the alert
 * rules and dashboard in {@code deploy/} naming only metrics a node serves.
 */
@ApiIntegrationTest
class MetricsIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Path DEPLOY = Path.of("..", "deploy");
    /** PromQL's own words, and Prometheus's own series, which no node serves. */
    private static final Set<String> NOT_SERVED = Set.of(
            "sum",
            "max",
            "min",
            "count",
            "count_values",
            "avg",
            "by",
            "without",
            "rate",
            "increase",
            "deriv",
            "offset",
            "and",
            "or",
            "unless",
            "histogram_quantile",
            "up");

    @LocalServerPort
    int port;

    ApiTestClient api;
    String apiKey;

    @BeforeEach
    void createClient() {
        api = new ApiTestClient("http://localhost:" + port);
        apiKey = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "metrics"))
                .body()
                .get("apiKey")
                .asString();
    }

    @Test
    void aRefusalABlockedStreamAndACheckShowInTheNewFamilies() {
        double unauthorized = sample("streamguard_rejections_total", "code=\"unauthorized\"");
        double notFound = sample("streamguard_rejections_total", "code=\"stream_not_found\"");
        double blockingUpdates = sample("streamguard_stream_updates_total", "action=\"block\"");
        double allowingUpdates = sample("streamguard_stream_updates_total", "action=\"allow\"");
        double blockedStreams = sample("streamguard_verdicts_total", "action=\"block\",outcome=\"finished\"");
        double allowedChecks = sample("streamguard_verdicts_total", "action=\"allow\",outcome=\"checked\"");

        assertThat(api.post("/v1/check", bearer("sg_not-a-key"), Map.of()).status())
                .isEqualTo(401);
        assertThat(api.post("/v1/stream/update", bearer(apiKey), Map.of("streamId", "nope", "content", "x"))
                        .status())
                .isEqualTo(404);

        String keyword = "heron-" + System.nanoTime();
        Response rule = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "Codename", "kind", "keyword", "keywords", List.of(keyword), "action", "block"));
        assertThat(rule.status()).isEqualTo(201);
        JsonNode started = api.post("/v1/stream/start", bearer(apiKey), Map.of("context", context()))
                .body();
        String streamId = started.get("streamId").asString();
        update(streamId, "Nothing yet");
        update(streamId, "Nothing yet, then " + keyword);
        Response checked = api.post("/v1/check", bearer(apiKey), Map.of("context", context(), "content", "fine"));
        assertThat(checked.body().get("action").asString()).isEqualTo("allow");

        String open = api.getText("/actuator/prometheus");
        assertThat(value(open, "streamguard_streams_open", "")).isGreaterThanOrEqualTo(1);
        assertThat(value(open, "streamguard_cluster_members", "")).isEqualTo(1);
        long version = started.get("ruleSetVersion").asLong();
        assertThat(version).isPositive();
        assertThat(value(open, "streamguard_rules_version", "")).isGreaterThanOrEqualTo(version);

        assertThat(api.post("/v1/stream/finish", bearer(apiKey), Map.of("streamId", streamId))
                        .status())
                .isEqualTo(200);

        assertThat(sample("streamguard_rejections_total", "code=\"unauthorized\""))
                .isEqualTo(unauthorized + 1);
        assertThat(sample("streamguard_rejections_total", "code=\"stream_not_found\""))
                .isEqualTo(notFound + 1);
        assertThat(sample("streamguard_stream_updates_total", "action=\"allow\""))
                .isEqualTo(allowingUpdates + 1);
        assertThat(sample("streamguard_stream_updates_total", "action=\"block\""))
                .isEqualTo(blockingUpdates + 1);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(sample("streamguard_verdicts_total", "action=\"block\",outcome=\"finished\""))
                                .isEqualTo(blockedStreams + 1));
        assertThat(sample("streamguard_verdicts_total", "action=\"allow\",outcome=\"checked\""))
                .isEqualTo(allowedChecks + 1);
        // The finish wrote its row: nothing waits for PostgreSQL once the confirmation lands.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String scrape = api.getText("/actuator/prometheus");
            assertThat(value(scrape, "streamguard_audit_backlog", "")).isZero();
            assertThat(value(scrape, "streamguard_audit_lag_seconds", "")).isZero();
        });
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsServed() throws IOException {
        api.post("/v1/check", bearer(apiKey), Map.of("context", context(), "content", "warm up"));
        String scrape = api.getText("/actuator/prometheus");
        Set<String> served = new TreeSet<>();
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (sample.find()) {
            served.add(sample.group(1));
        }

        Map<String, Object> rules = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/alerts.yml")));
        List<String> expressions = new ArrayList<>();
        List<?> groups = (List<?>) rules.get("groups");
        assertThat(groups).isNotEmpty();
        for (Object group : groups) {
            var g = (Map<?, ?>) group;
            assertThat(g.get("name")).isInstanceOf(String.class);
            for (Object rule : (List<?>) g.get("rules")) {
                var r = (Map<?, ?>) rule;
                assertThat(r.get("alert")).as("rule %s", r).isInstanceOf(String.class);
                assertThat(r.get("expr")).as("rule %s", r).isInstanceOf(String.class);
                assertThat(((Map<?, ?>) r.get("labels")).get("severity")).isIn("warning", "critical");
                assertThat(((Map<?, ?>) r.get("annotations")).get("summary")).isInstanceOf(String.class);
                if (r.get("for") != null) {
                    assertThat(r.get("for").toString()).matches("[0-9]+[smh]");
                }
                expressions.add((String) r.get("expr"));
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
        Set<String> alerted = metricsIn(expressions);
        assertThat(alerted)
                .contains(
                        "streamguard_cluster_members",
                        "streamguard_audit_backlog",
                        "streamguard_audit_lag_seconds",
                        "streamguard_rejections_total",
                        "streamguard_cluster_tampering_total",
                        "http_server_requests_seconds_count");
        assertThat(served).containsAll(alerted);

        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(Files.readString(DEPLOY.resolve("grafana/streamguard-dashboard.json")));
        assertThat(dashboard.get("templating").get("list").get(0).get("type").asString())
                .isEqualTo("datasource");
        List<String> panelExpressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
            for (JsonNode target : panel.get("targets")) {
                panelExpressions.add(target.get("expr").asString());
            }
        }
        Set<String> charted = metricsIn(panelExpressions);
        assertThat(charted)
                .contains(
                        "streamguard_streams_open",
                        "streamguard_stream_updates_total",
                        "streamguard_verdicts_total",
                        "streamguard_rules_version");
        assertThat(served).containsAll(charted);
    }

    /** The metric names in PromQL expressions: label matchers, ranges and strings removed first. */
    static Set<String> metricsIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            String bare = expression
                    .replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\"[^\"]*\"", " ")
                    .replaceAll("\\[[^]]*]", " ")
                    .replaceAll("(by|without) \\([^)]*\\)", " ")
                    .replaceAll("\\boffset \\w+", " ");
            Matcher word = Pattern.compile("\\b[a-zA-Z_:][a-zA-Z0-9_:]*\\b").matcher(bare);
            while (word.find()) {
                if (!NOT_SERVED.contains(word.group())) {
                    names.add(word.group());
                }
            }
        }
        return names;
    }

    private void update(String streamId, String content) {
        assertThat(api.post("/v1/stream/update", bearer(apiKey), Map.of("streamId", streamId, "content", content))
                        .status())
                .isEqualTo(200);
    }

    private double sample(String name, String labels) {
        return Prometheus.sample(api, name, labels);
    }

    private static double value(String scrape, String name, String labels) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*" + Pattern.quote(labels)
                        + "[^}]*})? ([0-9.eE+-]+|NaN)$")
                .matcher(scrape);
        assertThat(matcher.find()).as("%s{%s} in the scrape", name, labels).isTrue();
        return Double.parseDouble(matcher.group(2));
    }

    private static Map<String, String> context() {
        return Map.of("userId", "u-1", "botId", "bot", "sessionId", "s-1");
    }
}
