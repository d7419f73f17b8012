package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The security tester's keyword rule (1,000 keywords of 200 random CJK chars) against a keyword
 * automaton budget lowered to 4 MiB (by default it fits in about 20 MiB of the 64): refused at save
 * with the size and what to change, alone or by making the enabled rules' shared automaton too
 * large, and the node goes on answering checks.
 */
@ApiIntegrationTest
@TestPropertySource(
        properties = {
            "streamguard.limits.keyword-automaton-dense-bytes=1048576",
            "streamguard.limits.keyword-automaton-bytes=4194304"
        })
class KeywordAutomatonBudgetIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final Map<String, String> CONTEXT = Map.of("userId", "u-1", "botId", "bot", "sessionId", "s-1");

    @LocalServerPort
    int port;

    ApiTestClient api;
    String key;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
        key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "kw-budget"))
                .body()
                .get("apiKey")
                .asString();
    }

    @Test
    void theTestersRuleIsRefusedAtSaveAndChecksGoOn() {
        List<String> keywords = cjk(1000, 200, 1);
        Response refused = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "cjk", "kind", "keyword", "keywords", keywords, "action", "block"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("code").asString()).isEqualTo("invalid_request");
        assertThat(refused.body().get("detail").asString())
                .contains(
                        "keyword automaton of ",
                        " MiB",
                        "more than the 4.0 MiB allowed",
                        "use fewer or shorter keywords");

        Response checked = api.post(
                "/v1/check", bearer(key), Map.of("context", CONTEXT, "content", "hello 世界 " + keywords.get(3)));
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.body().get("violations")).isEmpty();
        Response started = api.post("/v1/stream/start", bearer(key), Map.of("context", CONTEXT));
        assertThat(started.status()).isEqualTo(201);
    }

    @Test
    void rulesThatFitAloneAreRefusedWhenTogetherTheyDoNot() {
        List<String> first = cjk(400, 200, 2);
        Response saved = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "cjk-a", "kind", "keyword", "keywords", first, "action", "block"));
        assertThat(saved.status()).isEqualTo(201);
        String id = saved.body().get("id").asString();
        try {
            Response second = api.post(
                    "/v1/admin/rules",
                    ADMIN,
                    Map.of(
                            "name",
                            "cjk-b",
                            "kind",
                            "keyword",
                            "keywords",
                            cjk(400, 200, 3),
                            "action",
                            "block",
                            "enabled",
                            false));
            assertThat(second.status()).isEqualTo(201);
            String secondId = second.body().get("id").asString();
            Response enable = api.post("/v1/admin/rules/" + secondId + "/enable", ADMIN, Map.of());
            assertThat(enable.status()).isEqualTo(400);
            assertThat(enable.body().get("code").asString()).isEqualTo("invalid_request");
            assertThat(enable.body().get("detail").asString()).contains("all keywords of all enabled rules share");
            assertThat(api.get("/v1/admin/rules/" + secondId, ADMIN)
                            .body()
                            .get("enabled")
                            .asBoolean())
                    .isFalse();
            assertThat(api.delete("/v1/admin/rules/" + secondId, ADMIN).status())
                    .isEqualTo(204);

            Response checked = api.post(
                    "/v1/check", bearer(key), Map.of("context", CONTEXT, "content", "x " + first.get(7) + " y"));
            assertThat(checked.status()).isEqualTo(200);
            assertThat(checked.body().get("violations")).hasSize(1);
        } finally {
            assertThat(api.delete("/v1/admin/rules/" + id, ADMIN).status()).isEqualTo(204);
        }
    }

    @Test
    void aRuleMayHaveTenThousandKeywords() {
        Random random = new Random(5);
        Set<String> words = new LinkedHashSet<>();
        while (words.size() < 10_000) {
            StringBuilder w = new StringBuilder();
            for (int i = 0, n = 5 + random.nextInt(10); i < n; i++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words.add(w.toString());
        }
        List<String> list = new ArrayList<>(words);
        Response saved = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "many", "kind", "keyword", "keywords", list, "wholeWord", true, "action", "warn"));
        assertThat(saved.status()).isEqualTo(201);
        Response tooMany = api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of(
                        "name",
                        "too-many",
                        "kind",
                        "keyword",
                        "keywords",
                        concat(list, "zzzzzzzzzzzzzzzzzz"),
                        "action",
                        "warn"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(api.delete("/v1/admin/rules/" + saved.body().get("id").asString(), ADMIN)
                        .status())
                .isEqualTo(204);
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> out = new ArrayList<>(list);
        out.add(more);
        return out;
    }

    private static List<String> cjk(int count, int length, long seed) {
        Random random = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) (0x4E00 + random.nextInt(0x55B7 - 0x4E00 + 1));
            }
            out.add(new String(chars));
        }
        return new ArrayList<>(out);
    }
}
