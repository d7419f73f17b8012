package io.streamguard.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in Debian's headless Chromium, driven offline (the driver is given, so Selenium
 * Manager never runs), with the few moves the tests share: sign in and out, type into Vaadin
 * fields, press Vaadin buttons, read a grid's rows, take a screenshot for the docs.
 */
public final class ConsoleBrowser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    /** Rows of a vaadin-grid as the browser shows them: the text of each rendered cell, row by row. */
    private static final String GRID_ROWS = """
            const grid = arguments[0];
            return [...grid.shadowRoot.querySelectorAll('tbody#items tr')]
                .filter(tr => !tr.hidden)
                .map(tr => [...tr.querySelectorAll('td')].map(td => {
                    const slot = td.querySelector('slot');
                    const content = slot && slot.assignedElements()[0];
                    return content ? content.textContent.trim() : '';
                }))
                .filter(cells => cells.some(text => text.length > 0));
            """;

    private final Path userData;
    private final ChromeDriver driver;
    private final String baseUrl;
    private final WebDriverWait wait;

    public ConsoleBrowser(String baseUrl) {
        this.baseUrl = baseUrl;
        try {
            userData = Files.createTempDirectory("console-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,900",
                "--lang=en-US",
                "--user-data-dir=" + userData.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        showViewportOf(1400, 900);
    }

    /** Sizes the window so that the page itself gets exactly this much room, as the screenshots show it. */
    private void showViewportOf(int width, int height) {
        driver.get("about:blank");
        long extraWidth = (Long) script("return window.outerWidth - window.innerWidth");
        long extraHeight = (Long) script("return window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(width + (int) extraWidth, height + (int) extraHeight));
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return wait;
    }

    void open(String path) {
        driver.get(baseUrl + path);
        waitForVaadin();
    }

    void signIn(String username, String password) {
        driver.get(baseUrl + "/login");
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("vaadin-login-form input[name=username]")));
        user.sendKeys(username);
        driver.findElement(By.cssSelector("vaadin-login-form input[name=password]"))
                .sendKeys(password);
        driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot=submit]"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-app-layout .console-user")));
        waitForVaadin();
    }

    void signOut() {
        button("Sign out").click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-login-form")));
    }

    /** Ends the session whatever the page shows (a dialog left open by a failed test included). */
    void forgetSession() {
        driver.manage().deleteAllCookies();
        driver.get("about:blank");
    }

    /** The input of the Vaadin field with this class name (text field, password field, text area). */
    WebElement input(String fieldClass) {
        return wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("." + fieldClass + " input, ." + fieldClass + " textarea")));
    }

    /** The input of the Vaadin field with this label. */
    WebElement labelled(String label) {
        WebElement field = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//*[self::vaadin-text-field or self::vaadin-text-area or self::vaadin-password-field]"
                        + "[./label[normalize-space()='" + label + "']]")));
        return field.findElement(By.cssSelector("input, textarea"));
    }

    void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    /** The visible Vaadin button with this text, scrolled into view so that a click reaches it. */
    WebElement button(String text) {
        WebElement button = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//vaadin-button[not(@hidden)][normalize-space()='" + text + "']")));
        script("arguments[0].scrollIntoView({block: 'center'})", button);
        return button;
    }

    /** Opens the vaadin-select with this label and picks the item with this text. */
    void choose(String label, String item) {
        WebElement select = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//vaadin-select[./label[normalize-space()='" + label + "']]")));
        select.click();
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-select[@opened]//vaadin-select-item[normalize-space()='" + item + "']")))
                .click();
        waitForVaadin();
    }

    @SuppressWarnings("unchecked")
    List<List<String>> gridRows(String gridClass) {
        WebElement grid =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("vaadin-grid." + gridClass)));
        return (List<List<String>>) ((JavascriptExecutor) driver).executeScript(GRID_ROWS, grid);
    }

    /** Clicks the first rendered cell of the grid that shows this text, which selects its row. */
    void clickCell(String gridClass, String text) {
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-grid[contains(concat(' ', @class, ' '), ' " + gridClass + " ')]"
                                + "/vaadin-grid-cell-content[normalize-space()='" + text + "']")))
                .click();
        waitForVaadin();
    }

    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Waits until the client has no request to the server in flight and nothing is still animating in or out. */
    void waitForVaadin() {
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("""
                if (document.readyState !== 'complete') { return false; }
                const clients = window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients;
                const idle = !clients || Object.values(clients).every(c => !c.isActive || !c.isActive());
                const loading = document.querySelector('.v-loading-indicator');
                const indicatorHidden = !loading || loading.style.display === 'none';
                return idle && indicatorHidden && !document.querySelector('[opening], [closing]');
                """)));
    }

    /** Saves what the browser shows as a PNG for the README: docs/console of the repository, when there is one. */
    public void screenshot(String name) {
        screenshot("console", name);
    }

    /** Saves what the browser shows as a PNG under this folder of docs/ (target/ when there is no docs/). */
    public void screenshot(String folder, String name) {
        waitForVaadin();
        script("document.activeElement && document.activeElement.blur && document.activeElement.blur()");
        Path docs = Path.of("..", "docs");
        save(Files.isDirectory(docs) ? docs.resolve(folder) : Path.of("target", folder), name);
    }

    /** What the browser showed when a test failed, for whoever reads the failure. */
    public void failureScreenshot(String name) {
        save(Path.of("target", "console-failures"), name);
    }

    private void save(Path folder, String name) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(userData)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
