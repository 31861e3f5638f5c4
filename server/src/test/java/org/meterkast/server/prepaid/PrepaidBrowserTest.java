package org.meterkast.server.prepaid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.p1.TelegramParser;
import org.meterkast.server.ingest.TelegramReceived;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Prepaid pages in a real browser (Debian's Chromium, headless, in Dutch), against the server with one meter
 * that has no source: the terms and a top-up through the forms, the balance and state, the meter's own word on its
 * limiter and breaker from live telegrams, the planner, and the help page in French. Screenshots go to
 * target/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrepaidBrowserTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    Clock clock;
    @Autowired
    org.meterkast.server.store.MeterRepository meters;
    @Autowired
    org.springframework.context.ApplicationContext context;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
        // the browser's live stream is an open request; the test server need not wait for it when it stops
        registry.add("server.shutdown", () -> "immediate");
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = org.meterkast.server.web.HeadlessChromium.start(folder.resolve("profile"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Nothing in the console: no error, no warning, no Content-Security-Policy refusal. */
    @org.junit.jupiter.api.AfterEach
    void consoleStaysClean() {
        assertThat(org.meterkast.server.web.HeadlessChromium.consoleErrors(browser)).isEmpty();
    }

    @BeforeEach
    void freshPage() {
        // a meter without a source is stored when it is first used; here it is used from the browser
        meters.register("home", "none");
        org.meterkast.server.web.BrowserSession.signIn(browser, port,
                org.meterkast.server.TestHousehold.login(context, "home"));
        org.meterkast.server.web.BrowserSession.speakDutch(context);
        open("");
        browser.executeScript("localStorage.clear()");
        browser.get("about:blank");
        browser.manage().window().setSize(new Dimension(412, 915));
    }

    /** Every page is opened here, so that logging in can be added in one place. */
    private void open(String hash) {
        String url = "http://localhost:" + port + "/" + hash;
        // the same address again only moves to its fragment: load the page anew, as a user reopening it would
        if (url.equals(browser.getCurrentUrl())) {
            browser.navigate().refresh();
        } else {
            browser.get(url);
        }
    }

    /** A telegram from meter 'home' as the P1 port sends it, through the same event as ingest publishes. */
    /** Telegrams sent so far: each is stamped a second after the last, as a meter's are (a repeat is dropped). */
    private int sent;
    private static final LocalDateTime FIRST_STAMP = LocalDateTime.of(2026, 11, 20, 12, 0);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyMMddHHmmss");

    private void telegram(String importKw, int breaker) {
        String stamp = STAMP.format(FIRST_STAMP.plusSeconds(sent++)) + "W";
        String text = "/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n0-0:1.0.0(" + stamp + ")\r\n"
                + "1-0:1.7.0(" + importKw + "*kW)\r\n1-0:2.7.0(00.000*kW)\r\n0-0:96.3.10(" + breaker + ")\r\n"
                + "0-0:17.0.0(002.3*kW)\r\n!0000\r\n";
        byte[] frame = text.getBytes(StandardCharsets.US_ASCII);
        events.publishEvent(new TelegramReceived("home", clock.instant(),
                new TelegramParser().parse(frame, 0, frame.length)));
    }

    @Test
    void aTopUpThroughTheFormShowsTheBalanceAndTheLimitedPowerHelperWarns(TestInfo test) throws IOException {
        open("#prepaid");
        // no terms yet: the page offers them
        await().until(b -> b.findElement(By.id("prepaid-no-terms")).isDisplayed());
        WebElement terms = browser.findElement(By.id("prepaid-terms"));
        // a date field is typed in the browser's own order; its value is always ISO
        browser.executeScript("arguments[0].value = arguments[1]", terms.findElement(By.name("since")),
                LocalDate.now(clock.withZone(BRUSSELS)).toString());
        terms.findElement(By.name("dayPerKwh")).sendKeys("0.40");
        terms.findElement(By.name("nightPerKwh")).sendKeys("0.30");
        browser.findElement(By.id("prepaid-terms-save")).click();
        await().until(b -> b.findElement(By.id("prepaid-current")).isDisplayed());

        browser.findElement(By.id("prepaid-topup-amount")).sendKeys("20");
        new Select(browser.findElement(By.cssSelector("#prepaid-topup select[name=channel]"))).selectByValue("shop");
        browser.findElement(By.id("prepaid-topup-save")).click();
        WebElement balance = browser.findElement(By.cssSelector("#prepaid-summary [data-field=balance]"));
        await().until(b -> balance.getText().matches("€\\s?20,00|20,00\\s?€"));
        assertThat(browser.findElement(By.id("prepaid-state")).getText()).isEqualTo("Normaal");
        assertThat(browser.findElement(By.id("prepaid-advice")).getText()).startsWith("Uw tegoed is € 20,00");
        assertThat(browser.findElement(By.id("prepaid-topup-result")).getText()).contains("20,00");
        assertThat(browser.findElements(By.cssSelector("#prepaid-history tr[data-kind=TOP_UP]"))).hasSize(1);

        // the meter says its limiter is at 2.3 kW: the live helper shows the power against it
        telegram("00.500", 1);
        open("#prepaid");
        await().until(b -> b.findElement(By.id("prepaid-live")).isDisplayed());
        assertThat(browser.findElement(By.id("prepaid-limit-set")).getText()).contains("2.300 W");
        // 2.15 kW is 93 % of the limit: a warning before the meter cuts
        WebElement gauge = browser.findElement(By.id("prepaid-gauge"));
        WebElement warning = browser.findElement(By.id("prepaid-live-warning"));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!"near".equals(gauge.getDomAttribute("data-level")) && System.nanoTime() < deadline) {
            telegram("02.150", 1);
            sleep(300);
        }
        assertThat(gauge.getDomAttribute("data-level")).isEqualTo("near");
        assertThat(warning.isDisplayed()).isTrue();
        assertThat(warning.getText()).startsWith("Opgelet: dicht bij de grens");
        assertThat(browser.findElement(By.id("prepaid-live-text")).getText()).isEqualTo("2,15 kW van 2,30 kW");
        screenshot(test, "-limited");

        // the breaker opens: the page says how to switch the power back on
        telegram("00.000", 0);
        open("#prepaid");
        await().until(b -> b.findElement(By.id("prepaid-breaker")).isDisplayed());
        assertThat(browser.findElement(By.id("prepaid-state")).getText()).isEqualTo("Stroom onderbroken");
        assertThat(browser.findElement(By.id("prepaid-breaker")).getText())
                .contains("Druk 3 seconden op de knop van de digitale meter");
        screenshot(test, "-off");
    }

    @Test
    void thePlannerSaysWhetherTheTickedAppliancesFitUnder2300W(TestInfo test) throws IOException {
        open("#prepaid");
        await().until(b -> b.findElements(By.cssSelector("#planner-rows tr")).size() == 32);
        WebElement result = browser.findElement(By.id("planner-result"));
        // the brochure's example: fridge 150 + freezer 250 + kitchen water heater 1,200 + microwave 600 + TV 90
        tick("fridge", "150");
        tick("freezer", null);
        tick("kitchen-water-heater", null);
        tick("microwave", null);
        tick("television", "90");
        await().until(b -> result.getText().equals("Past: 2.290 W van 2.300 W, nog 10 W over."));
        assertThat(result.getDomAttribute("data-fits")).isEqualTo("true");
        screenshot(test, "-fits");
        tick("iron", null);
        await().until(b -> result.getText().equals("Past niet: 3.090 W is 790 W boven de 2.300 W."));
        assertThat(result.getDomAttribute("data-fits")).isEqualTo("false");
        screenshot(test, "-too-much");
    }

    @Test
    void theHelpPageExplainsTheCodesInFrench(TestInfo test) throws IOException {
        open("#prepaid");
        await().until(b -> b.findElement(By.id("prepaid-help-link")).getText().startsWith("Wat betekenen"));
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        browser.findElement(By.id("prepaid-help-link")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#prepaid-help"));
        await().until(b -> b.findElements(By.cssSelector("#prepaid-help-card dt")).size() == 9);
        assertThat(browser.findElement(By.cssSelector("#prepaid-help h2")).getText())
                .isEqualTo("Compteur à budget à carte : codes à l'écran");
        assertThat(browser.findElement(By.id("prepaid-help-card")).getText()).contains("[A]").contains("limitée à 10 A");
        assertThat(browser.findElement(By.id("prepaid-help-digital")).getText()).contains("3 secondes");
        screenshot(test, "");
    }

    /** Ticks an appliance of the planner, with its own power in W when given. */
    private void tick(String key, String watts) {
        WebElement row = browser.findElement(By.cssSelector("#planner-rows tr[data-key='" + key + "']"));
        if (watts != null) {
            WebElement input = row.findElement(By.cssSelector("input.watts"));
            input.clear();
            input.sendKeys(watts);
        }
        row.findElement(By.cssSelector("input[type=checkbox]")).click();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private static void screenshot(TestInfo test, String suffix) throws IOException {
        org.meterkast.server.web.HeadlessChromium.screenshot(browser, test, suffix);
    }
}
