package io.streamguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A console tab stays open while its person's account changes: disabled or demoted through the
 * API by another admin, the tab's next click does nothing and lands on the sign-in page. And the
 * session itself: a strict same-site cookie, {@code Secure} behind a trusted HTTPS proxy, and a
 * sign-in form that needs its CSRF token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountChangesIT extends AbstractConsoleIT {

    @Test
    @Order(1)
    void aDisabledAdminsOpenTabCanNoLongerActAndLandsOnTheSignInPage() {
        String name = anotherAdmin();
        browser.signIn(name, password(name));
        browser.open("/api-clients");
        String before = createClientInTheTab("before-");
        browser.button("Done").click();
        browser.waitForVaadin();
        assertThat(clientNames()).contains(before);

        String after = unique("after-");
        browser.type(browser.input("client-name"), after);

        assertThat(api.post("/v1/admin/users/" + name + "/disable", admin(), Map.of())
                        .status())
                .isEqualTo(200);
        pressCreateUnlessAlreadySignedOut();

        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-login-form")));
        assertThat(browser.driver().getCurrentUrl()).contains("/login");
        assertThat(clientNames()).contains(before).doesNotContain(after);
        browser.forgetSession();
    }

    @Test
    @Order(2)
    void aDemotedAdminsOpenTabCanNoLongerActAndSignsInAgainAsCompliance() {
        String name = anotherAdmin();
        browser.signIn(name, password(name));
        browser.open("/api-clients");
        String after = unique("demoted-");
        browser.type(browser.input("client-name"), after);

        assertThat(api.put("/v1/admin/users/" + name + "/role", admin(), Map.of("role", "COMPLIANCE"))
                        .status())
                .isEqualTo(200);
        pressCreateUnlessAlreadySignedOut();

        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-login-form")));
        assertThat(clientNames()).doesNotContain(after);

        browser.forgetSession();
        browser.signIn(name, password(name));
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-side-nav-item")));
        assertThat(
                        browser
                                .driver()
                                .findElements(By.cssSelector("vaadin-side-nav.console-nav > vaadin-side-nav-item"))
                                .stream()
                                .map(WebElement::getText)
                                .map(String::strip)
                                .toList())
                .containsExactly("Audit search");
        browser.signOut();
    }

    @Test
    @Order(3)
    void aTabThatOnlyWatchesLiveStreamsIsSignedOutWithinSecondsOfADisable() {
        String name = anotherAdmin();
        browser.signIn(name, password(name));
        browser.open("/streams");

        assertThat(api.post("/v1/admin/users/" + name + "/disable", admin(), Map.of())
                        .status())
                .isEqualTo(200);

        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(30))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-login-form")));
        browser.forgetSession();
    }

    @Test
    @Order(4)
    void theSignInFormIsRefusedWithoutItsCsrfToken() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = client.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher token =
                Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("the sign-in page carries its CSRF token").isTrue();

        HttpResponse<String> withoutToken = client.send(
                signIn(Map.of("username", ADMIN, "password", ADMIN_PASSWORD)), HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.headers().firstValue("Location").orElse("")).doesNotEndWith("/");
        assertThat(signedIn(client)).as("signed in without a CSRF token").isFalse();

        HttpResponse<String> withToken = client.send(
                signIn(Map.of("username", ADMIN, "password", ADMIN_PASSWORD, "_csrf", token.group(1))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(signedIn(client)).as("signed in with the CSRF token").isTrue();
    }

    /** Whether this client's session may open an admin view, rather than being sent to sign in. */
    private boolean signedIn(HttpClient client) throws Exception {
        HttpResponse<String> view =
                client.send(HttpRequest.newBuilder(url("/api-clients")).build(), HttpResponse.BodyHandlers.ofString());
        return view.statusCode() == 200;
    }

    @Test
    @Order(5)
    void theSessionCookieIsStrictlySameSiteAndSecureBehindAnHttpsProxy() throws Exception {
        List<String> direct = sessionCookie(Map.of());
        assertThat(direct).contains("SameSite=Strict", "HttpOnly").doesNotContain("Secure");

        List<String> proxied = sessionCookie(Map.of("X-Forwarded-For", "198.51.100.9", "X-Forwarded-Proto", "https"));
        assertThat(proxied).contains("SameSite=Strict", "HttpOnly", "Secure");
    }

    private List<String> sessionCookie(Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(url("/login"));
        headers.forEach(request::header);
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + response.headers()));
        return List.of(cookie.split(";\\s*"));
    }

    private HttpRequest signIn(Map<String, String> form) {
        String body = String.join(
                "&",
                form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .toList());
        return HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private String anotherAdmin() {
        String name = unique("tab-admin-");
        assertThat(api.post(
                                "/v1/admin/users",
                                admin(),
                                Map.of("username", name, "password", password(name), "role", "ADMIN"))
                        .status())
                .isEqualTo(201);
        return name;
    }

    private static String password(String name) {
        return "password-of-" + name;
    }

    private String createClientInTheTab(String prefix) {
        String name = unique(prefix);
        browser.type(browser.input("client-name"), name);
        browser.button("Create API client").click();
        return name;
    }

    /**
     * The tab's next action. Within seconds the node would end the session of its own accord (for
     * tabs that only watch pushes); should that already have happened, the page is the sign-in
     * page and there is nothing left to press.
     */
    private void pressCreateUnlessAlreadySignedOut() {
        var buttons = browser.driver().findElements(By.xpath("//vaadin-button[normalize-space()='Create API client']"));
        try {
            if (!buttons.isEmpty()) {
                buttons.getFirst().click();
            }
        } catch (org.openqa.selenium.StaleElementReferenceException reloaded) {
            // the page went to sign-in meanwhile
        }
    }

    private List<String> clientNames() {
        List<String> names = new java.util.ArrayList<>();
        api.get("/v1/admin/api-clients", admin())
                .body()
                .forEach(client -> names.add(client.get("name").asString()));
        return names;
    }
}
