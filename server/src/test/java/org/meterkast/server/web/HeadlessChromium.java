package org.meterkast.server.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The page as it is now, as target/screenshots/{test method}{suffix}.png. */
    public static void screenshot(ChromeDriver browser, TestInfo test, String suffix) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        String name = test.getTestMethod().orElseThrow().getName() + suffix + ".png";
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
