package org.meterkast.server.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's Chromium, headless, for the browser tests: driven through /usr/bin/chromedriver, named so that Selenium
 * downloads nothing; a fresh profile, a phone-sized window, and the browser in Dutch (Belgium), the language the app
 * starts in until the user chooses.
 */
public final class HeadlessChromium {
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private HeadlessChromium() {
    }

    public static ChromeDriver start(Path profile) throws IOException {
        ChromeOptions options = new ChromeOptions();
        if (new File("/usr/bin/chromium").canExecute()) {
            options.setBinary("/usr/bin/chromium");
        }
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(profile), "--lang=nl-BE", "--window-size=412,915");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "nl-BE,nl"));
        // the console, where Chromium reports whatever the Content-Security-Policy refused
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Console lines no test may leave behind, each with its reason. Empty: the app logs no error and no warning in
     * normal use (a 401 on the login page, a 400 or 404 answered to a question the app could have avoided, a library's
     * warning are all bugs). A line added here names its cause.
     */
    static final List<String> ALLOWED = List.of();

    /**
     * Every error and warning in the console since the last call (a Content-Security-Policy refusal, a failed request,
     * an uncaught exception, console.error or console.warn, a library's warning), as Chromium wrote them, less those
     * {@link #ALLOWED}; the console's other lines are read and dropped. The browser tests assert after each test that
     * this is empty.
     */
    public static List<String> consoleErrors(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .filter(message -> ALLOWED.stream().noneMatch(message::contains))
                .toList();
    }

    /**
     * The console's errors and warnings, Content-Security-Policy refusals among them: the same as
     * {@link #consoleErrors}, under the name the older tests use.
     */
    public static List<String> refusedByContentSecurityPolicy(ChromeDriver browser) {
        return consoleErrors(browser);
    }

    /**
     * The page as a screen of width × height CSS pixels would show it (390 × 844 a phone, 1366 × 900 a laptop),
     * until {@link #naturalSize}.
     */
    public static void emulateScreen(ChromeDriver browser, int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** Back to the window's own size. */
    public static void naturalSize(ChromeDriver browser) {
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** The page as a system set to dark (true) or light (false) appearance shows it: prefers-color-scheme. */
    public static void emulateColorScheme(ChromeDriver browser, boolean dark) {
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    /** The page as it is now, as target/screenshots/{test method}{suffix}.png. */
    public static void screenshot(ChromeDriver browser, TestInfo test, String suffix) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        String name = test.getTestMethod().orElseThrow().getName() + suffix + ".png";
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
