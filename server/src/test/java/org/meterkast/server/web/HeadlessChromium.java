package org.meterkast.server.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
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
     * Console lines let through, each with its cause. The app logs no error and no warning in normal use (a 401 on
     * the login page, a 400 or 404 answered to a question the app could have avoided, a library's warning are all
     * bugs); a line that belongs here names why it cannot be avoided yet.
     */
    static final List<Pattern> ALLOWED = List.of();

    /** Lines read while a test declared what it expected, kept for the next {@link #consoleErrors}. */
    private static final Map<ChromeDriver, List<String>> KEPT = new ConcurrentHashMap<>();

    /**
     * Every error and warning in the console since the last call (a Content-Security-Policy refusal, a failed request,
     * an uncaught exception, console.error or console.warn, a library's warning), as Chromium wrote them, less those
     * {@link #ALLOWED} and those a test expected ({@link #expectInConsole}); the console's other lines are read and
     * dropped. The browser tests assert after each test that this is empty.
     */
    public static List<String> consoleErrors(ChromeDriver browser) {
        List<String> lines = new ArrayList<>(KEPT.getOrDefault(browser, List.of()));
        KEPT.remove(browser);
        lines.addAll(read(browser));
        return lines;
    }

    /**
     * What a test provoked on purpose, such as the 400 that refuses a mistyped EAN as the household types it (a
     * failed request is always logged by Chromium, even when the page handles it): one console line containing each
     * expected text is taken out; the rest is kept for {@link #consoleErrors}. Fails when an expected line is missing.
     */
    public static void expectInConsole(ChromeDriver browser, String... expected) {
        List<String> lines = new ArrayList<>(KEPT.getOrDefault(browser, List.of()));
        lines.addAll(read(browser));
        for (String text : expected) {
            int at = -1;
            for (int i = 0; i < lines.size() && at < 0; i++) {
                if (lines.get(i).contains(text)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new AssertionError("expected a console line with " + text + " in " + lines);
            }
            lines.remove(at);
        }
        KEPT.put(browser, lines);
    }

    private static List<String> read(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .filter(message -> ALLOWED.stream().noneMatch(allowed -> allowed.matcher(message).find()))
                .toList();
    }

    /**
     * Clicks as a thumb would on a phone: the element scrolled to the middle of the screen first, out from under the
     * tab bar fixed at the bottom (WebDriver scrolls only an element outside the screen, and clicks whatever covers it).
     */
    public static void tap(ChromeDriver browser, WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
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

    /**
     * A phone: a touch screen (CSS `pointer: coarse`) of width × height CSS pixels, as the tab bar needs; a window
     * worked with a mouse, as the other tests use, shows the header's links alone.
     */
    public static void emulatePhone(ChromeDriver browser, int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", true));
        browser.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
    }

    /** A laptop: a screen of width × height CSS pixels worked with a mouse. */
    public static void emulateDesktop(ChromeDriver browser, int width, int height) {
        browser.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        emulateScreen(browser, width, height);
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
