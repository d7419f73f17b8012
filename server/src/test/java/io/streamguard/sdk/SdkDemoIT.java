package io.streamguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.testing.ApiTestClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The demo page as a person uses it: served by the node without a key, an API key typed in, an answer with a
 * secret that only the server knows and a client-side warning played token by token. The bubble never shows a
 * char of the blocked span, in any state the page rendered (its own snapshots) or the DOM went through (a
 * MutationObserver of the test's own); the finished bubble shows the span masked and the badges say block.
 */
class SdkDemoIT extends AbstractSdkIT {

    private static final char MASK = '█';

    private static final String WARN_WORD = "Project Kestrel";

    @BeforeAll
    void aWarningOnTheClientAndABlockOnTheServerOnly() {
        // readable names, for the screenshot in the docs; the rules are deleted after the class
        createRule(Map.of(
                "name", "Codename Kestrel",
                "kind", "keyword",
                "keywords", List.of(WARN_WORD),
                "action", "warn",
                "clientSide", true));
        createRule(Map.of(
                "name", "AWS access key",
                "kind", "regex",
                "pattern", "AKIA[0-9A-Z]{16}",
                "action", "block",
                "clientSide", false));
    }

    @Test
    void theSdkAndTheDemoAreServedWithoutAKey() {
        Response script = api.get("/sdk/streamguard.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(script.raw().headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-cache"));
        String etag = script.raw().headers().firstValue("ETag").orElseThrow();
        assertThat(api.get("/sdk/streamguard.js", null, Map.of("If-None-Match", etag))
                        .status())
                .as("revalidated with its ETag")
                .isEqualTo(304);
        assertThat(api.post("/sdk/streamguard.js", null, Map.of()).status())
                .as("POST")
                .isIn(401, 403, 405);
        Response engine = api.get("/sdk/streamguard-engine.js", null);
        assertThat(engine.status()).isEqualTo(200);
        assertThat(engine.contentType()).startsWith("text/javascript");
        Response demo = api.get("/sdk/demo", null);
        assertThat(demo.status()).isEqualTo(200);
        assertThat(demo.contentType()).startsWith("text/html");
        assertThat(api.getText("/sdk/demo")).contains("id=\"bubble\"");
        assertThat(demo.raw().headers().firstValue("Content-Security-Policy"))
                .as("the SDK builds no code from strings and inlines nothing: no unsafe-inline, no unsafe-eval")
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("script-src 'self'", "style-src 'self'")
                        .doesNotContain("unsafe"));

        Response types = api.get("/sdk/streamguard.d.ts", null);
        assertThat(types.status()).isEqualTo(200);
        assertThat(types.contentType()).startsWith("application/typescript");
        Response bare = api.get("/sdk", null);
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.raw().headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/sdk/demo"));
        assertThat(api.get("/sdk/../v1/admin/rules", null).status())
                .as("nothing of the API through /sdk/")
                .isIn(400, 401, 404);
        assertThat(api.get("/sdk/io/streamguard/sdk/BrowserEngine.class", null).status())
                .as("the jar's classes are not served")
                .isEqualTo(404);
    }

    @Test
    void theModuleLoadsInAPageOfTheNodeWithItsVersion() {
        JsonNode loaded = openSdkPage();
        assertThat(loaded.get("version").asString()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        List<String> exports = new ArrayList<>();
        loaded.get("exports").forEach(e -> exports.add(e.asString()));
        assertThat(exports).contains("StreamGuard", "compile", "version");
    }

    @Test
    void theDemoNeverShowsACharOfABlockedSpanAndEndsMaskedWithABlockBadge() {
        playTheDemo("auto", "socket");
        browser.screenshot("sdk", "demo");
    }

    @Test
    void overHttpTooTheDemoNeverShowsACharOfABlockedSpan() {
        playTheDemo("http", "http");
    }

    private void playTheDemo(String transport, String transportUsed) {
        String apiKey = newApiKey();
        String answer = "Sure! Here is how to point the deploy script at the " + WARN_WORD + " account.\n\n"
                + "1. Export the credentials in the shell that runs the script:\n\n"
                + "   export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"
                + "   export AWS_DEFAULT_REGION=eu-central-1\n\n"
                + "2. Run ./deploy.sh --env staging. The script uploads the build to the release bucket.\n\n"
                + "Keep the key out of the repository; a secrets manager is the safer place for it.";

        browser.driver().get("http://localhost:" + port + "/sdk/demo");
        WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(60));
        wait.until(d -> Boolean.TRUE.equals(browser.script("return !!window.streamGuardDemo")));
        browser.script("""
                window.bubbleStates = [];
                const bubble = document.getElementById('bubble');
                new MutationObserver(() => window.bubbleStates.push(bubble.textContent))
                    .observe(bubble, { childList: true, characterData: true, subtree: true });
                """);
        WebElement key = browser.driver().findElement(By.id("api-key"));
        key.clear();
        key.sendKeys(apiKey);
        WebElement text = browser.driver().findElement(By.id("answer"));
        text.clear();
        text.sendKeys(answer);
        WebElement delay = browser.driver().findElement(By.id("delay"));
        delay.clear();
        delay.sendKeys("15");
        new Select(browser.driver().findElement(By.id("transport"))).selectByValue(transport);
        browser.driver().findElement(By.id("play")).click();

        wait.until(ExpectedConditions.textToBe(By.id("server-verdict"), "block"));
        wait.until(d -> d.findElement(By.id("log")).getText().contains("finished:"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("play")));

        String played = (String) browser.script("return document.getElementById('answer').value");
        assertThat(played).isEqualTo(answer);
        JsonNode checked = check(apiKey, context(unique("u-demo-"), "demo"), answer);
        List<int[]> blocked = new ArrayList<>();
        for (JsonNode v : checked.get("violations")) {
            if (v.get("action").asString().equals("block")) {
                blocked.add(new int[] {v.get("start").asInt(), v.get("end").asInt()});
            }
        }
        int keyAt = answer.indexOf("AKIAIOSFODNN7EXAMPLE");
        assertThat(blocked)
                .as("blocked spans")
                .anySatisfy(span -> assertThat(span).containsExactly(keyAt, keyAt + 20));

        List<String> states = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<String> snapshots = (List<String>) browser.script("return window.streamGuardDemo.snapshots");
        @SuppressWarnings("unchecked")
        List<String> observed = (List<String>) browser.script("return window.bubbleStates");
        states.addAll(snapshots);
        states.addAll(observed);
        assertThat(snapshots).as("the page's snapshots").hasSizeGreaterThan(50);
        assertThat(observed).as("the states the observer saw").hasSizeGreaterThan(50);
        int shownPastTheKey = 0;
        for (String state : states) {
            assertThat(state.length()).isLessThanOrEqualTo(answer.length());
            for (int i = 0; i < state.length(); i++) {
                boolean inBlocked = false;
                for (int[] span : blocked) {
                    inBlocked |= i >= span[0] && i < span[1];
                }
                char expected = inBlocked ? MASK : answer.charAt(i);
                if (state.charAt(i) != expected) {
                    throw new AssertionError("the bubble showed " + JSON.writeValueAsString(state) + ": char " + i
                            + " should be " + JSON.writeValueAsString(String.valueOf(expected)));
                }
            }
            if (state.length() > keyAt) {
                shownPastTheKey++;
            }
        }
        assertThat(shownPastTheKey)
                .as("states that show part of the key's place")
                .isPositive();

        String bubble = browser.driver().findElement(By.id("bubble")).getText();
        assertThat(bubble).doesNotContain("AKIA").contains(String.valueOf(MASK).repeat(20));
        assertThat(browser.driver().findElements(By.cssSelector("#bubble .masked")))
                .as("masked spans")
                .isNotEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#bubble mark")))
                .as("the warned keyword, highlighted")
                .anySatisfy(mark -> assertThat(mark.getText()).isEqualTo(WARN_WORD));
        assertThat(browser.driver().findElement(By.id("server-verdict")).getText())
                .isEqualTo("block");
        assertThat(browser.driver().findElement(By.id("local-verdict")).getText())
                .isEqualTo("warn");
        assertThat(browser.driver()
                        .findElement(By.xpath("//dl[@id='stats']/dt[.='transport']/following-sibling::dd[1]"))
                        .getText())
                .isEqualTo(transportUsed);
    }
}
