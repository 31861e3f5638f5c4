package org.meterkast.server.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
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
     * What the Content-Security-Policy refused (a script, a style, a connection…) since the last call, as Chromium
     * wrote it in the console; the console's other lines are read and dropped.
     */
    public static List<String> refusedByContentSecurityPolicy(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")
                        || message.contains("Content-Security-Policy") || message.contains("Permissions-Policy"))
                .toList();
    }

    /** The page as it is now, as target/screenshots/{test method}{suffix}.png. */
    public static void screenshot(ChromeDriver browser, TestInfo test, String suffix) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        String name = test.getTestMethod().orElseThrow().getName() + suffix + ".png";
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
