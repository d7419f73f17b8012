package io.streamguard.console;

import io.streamguard.StreamGuardApplication;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The assembled node with one headless browser per test class. The Spring configuration is the
 * one of {@code StreamGuardApplicationIT}, so every integration test of the server shares one context.
 */
@SpringBootTest(classes = StreamGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PostgresFixture.class)
@TestPropertySource(
        properties = {
            "streamguard.admin.password=admin-test-password",
            "streamguard.cluster.name=server-it",
            "streamguard.security.trusted-proxies=127.0.0.1/32"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractConsoleIT {

    protected static final String ADMIN = "admin";
    protected static final String ADMIN_PASSWORD = "admin-test-password";

    @LocalServerPort
    protected int port;

    protected ConsoleBrowser browser;
    protected ApiTestClient api;

    @BeforeAll
    void startBrowser() {
        String missing = "Chromium and chromedriver are needed for the console tests"
                + " (apt-get install chromium chromium-driver)";
        if (System.getenv("CI") != null) {
            // CI installs them (.ci/run): there a missing browser is a failure, never a skip.
            org.junit.jupiter.api.Assertions.assertTrue(ConsoleBrowser.installed(), missing);
        }
        Assumptions.assumeTrue(ConsoleBrowser.installed(), missing);
        browser = new ConsoleBrowser("http://localhost:" + port);
        api = new ApiTestClient("http://localhost:" + port);
    }

    @RegisterExtension
    final TestWatcher failures = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.failureScreenshot(context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName());
            }
        }
    };

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    protected static String admin() {
        return ApiTestClient.basic(ADMIN, ADMIN_PASSWORD);
    }

    /** A word no other test writes, so searches and grids find exactly this test's data. */
    protected static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36);
    }
}
