package io.streamguard.api.stream;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** One excerpt per violation, well-formed around emoji, the same in /v1/check, stream answers and the audit. */
@ApiIntegrationTest
class ExcerptIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    private static final String SMILE = "\uD83D\uDE00";

    @LocalServerPort
    int port;

    private static List<String> spans(JsonNode violations, List<String> rules) {
        List<String> out = new ArrayList<>();
        violations.forEach(v -> {
            if (rules.contains(v.get("ruleId").asString())) {
                out.add(v.get("start").asInt() + "-" + v.get("end").asInt() + " "
                        + v.get("excerpt").asString());
            }
        });
        out.sort(null);
        return out;
    }

    @Test
    void excerptsWithAstralCharsAtEveryEdgeAreTheSameEverywhere() {
        ApiTestClient api = new ApiTestClient("http://localhost:" + port);
        String mark = "ex" + Long.toString(System.nanoTime(), 36);
        String wide = api.post(
                        "/v1/admin/rules",
                        ADMIN,
                        Map.of(
                                "name",
                                "around " + mark,
                                "kind",
                                "regex",
                                "pattern",
                                "[^ ]*" + mark + "[^ ]*",
                                "action",
                                "warn"))
                .body()
                .get("id")
                .asString();
        String half = api.post(
                        "/v1/admin/rules",
                        ADMIN,
                        Map.of(
                                "name",
                                "half " + mark,
                                "kind",
                                "regex",
                                "pattern",
                                "\\uDE00" + mark.toUpperCase(),
                                "action",
                                "warn"))
                .body()
                .get("id")
                .asString();
        List<String> rules = List.of(wide, half);
        String key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "excerpts"))
                .body()
                .get("apiKey")
                .asString();
        String text = "say " + SMILE + mark + SMILE + " and " + SMILE + mark + SMILE.repeat(40) + " and " + SMILE
                + mark.toUpperCase() + " end";
        Map<String, String> context = Map.of("userId", "u", "botId", "b", "sessionId", "s");

        List<String> checked = spans(
                api.post("/v1/check", bearer(key), Map.of("context", context, "content", text))
                        .body()
                        .get("violations"),
                rules);
        assertThat(checked).hasSize(3);
        assertThat(checked).anyMatch(s -> s.endsWith(" " + SMILE + mark + SMILE));
        assertThat(checked).anyMatch(s -> s.endsWith("…") && s.length() > 60);
        assertThat(checked).anyMatch(s -> s.endsWith(" \uFFFD" + mark.toUpperCase()));
        for (String span : checked) {
            String excerpt = span.substring(span.indexOf(' ') + 1);
            assertThat(excerpt.codePoints()
                            .filter(c -> c >= 0xD800 && c <= 0xDFFF)
                            .count())
                    .as(excerpt)
                    .isZero();
        }

        String streamId = api.post("/v1/stream/start", bearer(key), Map.of("context", context))
                .body()
                .get("streamId")
                .asString();
        List<String> streamed = new ArrayList<>();
        int at = 0;
        for (int cut : new int[] {7, 30, 61, text.length()}) {
            Response update = api.post(
                    "/v1/stream/update",
                    bearer(key),
                    Map.of("streamId", streamId, "delta", text.substring(at, cut), "position", at));
            assertThat(update.status()).isEqualTo(200);
            streamed.addAll(spans(update.body().get("deltaViolations"), rules));
            // a violation reported while it could still grow is revised to its settled span
            update.body().get("revisedViolations").forEach(r -> {
                if (rules.contains(r.get("ruleId").asString())) {
                    String previous = r.get("previous").get("start").asInt() + "-"
                            + r.get("previous").get("end").asInt() + " ";
                    assertThat(streamed.removeIf(s -> s.startsWith(previous)))
                            .as(previous)
                            .isTrue();
                }
            });
            streamed.addAll(spans(update.body().get("revisedViolations"), rules));
            at = cut;
        }
        JsonNode finish = api.post("/v1/stream/finish", bearer(key), Map.of("streamId", streamId))
                .body();
        streamed.addAll(spans(finish.get("violations"), rules).stream()
                .filter(s -> !streamed.contains(s))
                .toList());
        streamed.sort(null);
        assertThat(streamed).isEqualTo(checked);
        assertThat(spans(finish.get("violations"), rules)).isEqualTo(checked);

        JsonNode audited =
                api.get("/v1/audit/" + finish.get("auditId").asString(), ADMIN).body();
        assertThat(spans(audited.get("violations"), rules)).isEqualTo(checked);
    }
}
