package io.streamguard.api.audit;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Compliance search: filters, full text, stable cursor pages, CSV export, roles. */
@ApiIntegrationTest
class AuditSearchIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    ApiTestClient api;
    String key;
    String user;
    String word;

    @BeforeEach
    void data() {
        api = new ApiTestClient("http://localhost:" + port);
        key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "search"))
                .body()
                .get("apiKey")
                .asString();
        user = "searcher-" + System.nanoTime();
        word = "zq" + Long.toString(System.nanoTime(), 36);
        api.post(
                "/v1/admin/rules",
                ADMIN,
                Map.of("name", "search " + word, "kind", "keyword", "keywords", List.of(word), "action", "warn"));
    }

    @Test
    void filtersNarrowTheSearch() {
        check(user, "bot-a", "plain text one");
        check(user, "bot-b", "mentions " + word + " here");
        check("someone-else-" + System.nanoTime(), "bot-a", "plain text two");

        assertThat(items("/v1/audit?userId=" + user)).hasSize(2);
        assertThat(items("/v1/audit?userId=" + user + "&botId=bot-a")).hasSize(1);
        assertThat(items("/v1/audit?userId=" + user + "&action=warn")).hasSize(1);
        assertThat(items("/v1/audit?userId=" + user + "&outcome=checked")).hasSize(2);
        String ruleId = items("/v1/audit?userId=" + user + "&action=warn")
                .getFirst()
                .get("firedRuleIds")
                .get(0)
                .asString();
        assertThat(items("/v1/audit?ruleId=" + ruleId)).hasSize(1);
        assertThat(items("/v1/audit?userId=" + user + "&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z"))
                .isEmpty();
    }

    @Test
    void fullTextFindsMessagesByTheirWordsAndRanksThem() {
        String term = "quokka" + Long.toString(System.nanoTime(), 36);
        check(user, "bot", "once " + term + " in a long message with many other words in it");
        check(user, "bot", term + " " + term + " " + term);
        check(user, "bot", "nothing to find");

        List<tools.jackson.databind.JsonNode> found = items("/v1/audit?q=" + term + "&sort=relevance");
        assertThat(found).hasSize(2);
        assertThat(found.getFirst().get("content").asString()).isEqualTo(term + " " + term + " " + term);
    }

    @Test
    void longRunsWithoutASpaceAreIndexedAndATokenLongerThanTheirCutIsFound() {
        // runs like these made PostgreSQL's text-search parser take quadratic time; they are cut before parsing
        String token = "tok" + Long.toString(System.nanoTime(), 36) + "x".repeat(100);
        check(user, "bot", "a_".repeat(20_000) + " " + "ab@1".repeat(5_000) + " then " + token + " end");

        assertThat(items("/v1/audit?q=" + token))
                .singleElement()
                .satisfies(row -> assertThat(row.get("content").asString()).endsWith(token + " end"));
        assertThat(items("/v1/audit?userId=" + user + "&q=then")).hasSize(1);
    }

    @Test
    void cursorPagesStayStableWhileRowsAreAdded() {
        for (int i = 0; i < 7; i++) {
            check(user, "bot", "row " + i);
        }
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page =
                    api.get("/v1/audit?limit=3&userId=" + user + (cursor == null ? "" : "&cursor=" + cursor), ADMIN);
            assertThat(page.status()).isEqualTo(200);
            page.body().get("items").forEach(item -> {
                assertThat(seen.add(item.get("auditId").asString())).isTrue();
                order.add(item.get("content").asString());
            });
            check(user, "bot", "added while paging " + pages);
            cursor = page.body().get("nextCursor").isNull()
                    ? null
                    : page.body().get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(order).containsExactly("row 6", "row 5", "row 4", "row 3", "row 2", "row 1", "row 0");
    }

    @Test
    void exportWritesTheSearchAsCsvWithFormulasDefused() throws Exception {
        check(user, "bot", "=HYPERLINK(\"http://example.invalid\",\"click\")");
        check(user, "bot", "a, \"quoted\"\nmultiline message");

        var response = api.get("/v1/audit/export.csv?userId=" + user, ADMIN);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        String csv = response.raw().body();
        assertThat(csv)
                .startsWith(
                        "\"auditId\",\"finishedAt\",\"outcome\",\"userId\",\"botId\",\"sessionId\","
                                + "\"action\",\"firedRuleIds\",\"ruleSetVersion\",\"updateCount\",\"blockedAt\",\"streamId\",\"content\"\r\n");
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"click\"\")\"");
        assertThat(csv).contains("\"a, \"\"quoted\"\"\nmultiline message\"");
    }

    @Test
    void badSearchParametersAreInvalidRequests() {
        assertThat(api.get("/v1/audit?limit=0", ADMIN).status()).isEqualTo(400);
        assertThat(api.get("/v1/audit?cursor=not-a-cursor", ADMIN)
                        .body()
                        .get("code")
                        .asString())
                .isEqualTo("invalid_request");
        assertThat(api.get("/v1/audit?sort=relevance", ADMIN).status()).isEqualTo(400);
        assertThat(api.get("/v1/audit?from=yesterday", ADMIN).status()).isEqualTo(400);
        assertThat(api.get("/v1/audit?action=maybe", ADMIN).status()).isEqualTo(400);
    }

    private List<tools.jackson.databind.JsonNode> items(String path) {
        Response response = api.get(path, ADMIN);
        assertThat(response.status()).as(path).isEqualTo(200);
        List<tools.jackson.databind.JsonNode> items = new ArrayList<>();
        response.body().get("items").forEach(items::add);
        return items;
    }

    private void check(String userId, String botId, String content) {
        Response check = api.post(
                "/v1/check",
                bearer(key),
                Map.of("context", Map.of("userId", userId, "botId", botId, "sessionId", "s"), "content", content));
        assertThat(check.status()).isEqualTo(200);
    }
}
