package io.streamguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A plugin's stream, end to end through the console: its API key created in the console, the
 * stream driven over HTTP, pushed into the live view and turning to block without a reload, then
 * found in the audit by full text with its violation marked.
 */
class LiveStreamsAndAuditIT extends AbstractConsoleIT {

    private final String codename = unique("heron");
    private final String user = unique("u-");

    @BeforeAll
    void signInWithABlockingRule() {
        Response rule = api.post(
                "/v1/admin/rules",
                admin(),
                Map.of(
                        "name",
                        "Codename " + codename,
                        "kind",
                        "keyword",
                        "keywords",
                        List.of("project " + codename),
                        "action",
                        "block"));
        assertThat(rule.status()).isEqualTo(201);
        browser.signIn(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    void signOut() {
        browser.forgetSession();
    }

    @Test
    void aStreamDrivenThroughTheApiIsPushedLiveTurnsToBlockAndIsFoundInTheAudit() {
        String key = apiKeyCreatedInTheConsole();
        String bearer = ApiTestClient.bearer(key);
        String streamId = start(bearer, user, "chatgpt");
        start(bearer, unique("u-"), "claude");
        String other = start(bearer, unique("u-"), "gemini");
        update(bearer, other, "The weather is fine today.");

        browser.open("/streams");
        browser.script("window.notReloaded = true");
        browser.waiting().until(d -> row(user) != null);
        assertThat(row(user)).contains("chatgpt", "allow");

        update(bearer, streamId, "Sure. About project " + codename + ": the launch moves to May.");

        browser.waiting().until(d -> row(user) != null && row(user).contains("block"));
        assertThat(browser.script("return window.notReloaded === true")).isEqualTo(true);
        browser.clickCell("live-grid", user);
        browser.waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector(".stream-detail"), "Codename " + codename));
        browser.waiting()
                .until(d -> !d.findElement(By.cssSelector(".counter-blocks .counter-value"))
                        .getText()
                        .equals("0"));
        browser.screenshot("streams");

        Response finished = api.post("/v1/stream/finish", bearer, Map.of("streamId", streamId));
        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.body().get("action").asString()).isEqualTo("block");

        browser.open("/audit");
        browser.type(browser.input("audit-text"), codename);
        browser.button("Search").click();
        browser.waiting().until(d -> {
            List<List<String>> rows = browser.gridRows("audit-grid");
            return rows.size() == 1 && rows.getFirst().contains(user);
        });
        browser.clickCell("audit-grid", user);
        WebElement match = browser.waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".audit-message .match")));
        assertThat(match.getText()).isEqualTo("project " + codename);
        browser.button("Verify chain").click();
        browser.waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector(".chain-status"), "Chain intact"));
        browser.screenshot("audit");
    }

    /** Creates the plugin's client in the console and reads its key from the dialog that shows it once. */
    private String apiKeyCreatedInTheConsole() {
        String name = "Browser plugin " + unique("");
        browser.open("/api-clients");
        browser.type(browser.input("client-name"), name);
        browser.button("Create API client").click();
        WebElement key = browser.waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".api-key input")));
        String apiKey = key.getAttribute("value");
        assertThat(apiKey).startsWith("sg_");
        browser.screenshot("api-clients");
        browser.button("Done").click();
        browser.waiting().until(d -> browser.gridRows("clients-grid").stream().anyMatch(row -> row.contains(name)));
        return apiKey;
    }

    private String start(String bearer, String userId, String botId) {
        Response started = api.post(
                "/v1/stream/start",
                bearer,
                Map.of("context", Map.of("userId", userId, "botId", botId, "sessionId", "tab-1")));
        assertThat(started.status()).isEqualTo(201);
        return started.body().get("streamId").asString();
    }

    private void update(String bearer, String streamId, String content) {
        Response updated = api.post("/v1/stream/update", bearer, Map.of("streamId", streamId, "content", content));
        assertThat(updated.status()).isEqualTo(200);
    }

    private List<String> row(String userId) {
        return browser.gridRows("live-grid").stream()
                .filter(row -> row.contains(userId))
                .findFirst()
                .orElse(null);
    }
}
