package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The meter page and the capacity page in a real browser (Debian's Chromium, headless, through Debian's
 * chromedriver) against the server with a simulated household: the values follow the telegrams and are the
 * ones {@code /latest} gives for the same telegram. Each test leaves a screenshot in target/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MeterPagesBrowserTest {
    /** An amount in euro as Dutch in Belgium writes it: the sign before or after, depending on the browser's ICU. */
    private static final String EURO = "€\\s?-?[\\d.]+,\\d\\d|-?[\\d.]+,\\d\\d\\s?€";
    /** The page's state and /latest read in one go, so both can be compared when they speak of the same telegram. */
    private static final String PAGE_AND_LATEST = """
            const done = arguments[arguments.length - 1];
            const raw = {};
            for (const r of document.querySelectorAll('#meter [data-register]')) {
              raw[r.dataset.register] = r.querySelector('.register-value').dataset.raw;
            }
            const quarter = document.getElementById('capacity-quarter');
            const page = {
              meterTime: document.getElementById('meter').dataset.time || null, raw,
              quarterTime: quarter.dataset.time || null, projectedW: quarter.dataset.projectedW || null,
              warning: !document.getElementById('quarter-warning').hidden,
            };
            fetch('/api/meters/home/latest').then(r => r.json()).then(latest => done({ page, latest }));
            """;

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        // without the demo's home battery, which would hold the grid at 0 W (its own self-consumption) and so keep
        // the registers this test watches move still
        registry.add("meterkast.meters.home.simulated-battery", () -> "false");
        // the browser's live stream is an open request; the test server need not wait for it when it stops
        registry.add("server.shutdown", () -> "immediate");
        // a few months of quarters, so the capacity page has several month peaks to draw
        registry.add("meterkast.meters.home.history-days", () -> 100);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = HeadlessChromium.start(folder.resolve("profile"));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Nothing the page did was refused by the Content-Security-Policy. */
    @AfterEach
    void nothingRefused() {
        assertThat(HeadlessChromium.refusedByContentSecurityPolicy(browser)).isEmpty();
    }

    @BeforeEach
    void freshPage() {
        BrowserSession.speakDutch(context);
        // each test starts in the browser's language, with nothing remembered
        open("");
        browser.executeScript("localStorage.clear()");
        browser.get("about:blank");
        browser.manage().window().setSize(new Dimension(412, 915));
    }

    @Test
    void theMeterPageShowsEveryRegisterAsTheTelegramsArriveAndAsLatestGivesThem(TestInfo test) throws IOException {
        open("#meter");
        WebElement section = browser.findElement(By.id("meter"));
        await().until(b -> section.getDomAttribute("data-time") != null && !section.getDomAttribute("data-time").isEmpty());
        String first = section.getDomAttribute("data-time");
        await().until(b -> !first.equals(section.getDomAttribute("data-time")));

        Map<String, Object> same = sameTelegram("meterTime");
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) page(same).get("raw");
        Map<String, Object> latest = latest(same);
        @SuppressWarnings("unchecked")
        Map<String, Object> registers = (Map<String, Object>) latest.get("registers");
        @SuppressWarnings("unchecked")
        Map<String, Object> meter = (Map<String, Object>) latest.get("meter");
        @SuppressWarnings("unchecked")
        Map<String, Object> peak = (Map<String, Object>) meter.get("monthPeak");
        assertThat(raw.get("1.8.1")).isEqualTo(String.valueOf(registers.get("importDay")));
        assertThat(raw.get("1.8.2")).isEqualTo(String.valueOf(registers.get("importNight")));
        assertThat(raw.get("2.8.1")).isEqualTo(String.valueOf(registers.get("exportDay")));
        assertThat(raw.get("2.8.2")).isEqualTo(String.valueOf(registers.get("exportNight")));
        assertThat(raw.get("1.7.0")).isEqualTo(String.valueOf(latest.get("importW")));
        assertThat(raw.get("2.7.0")).isEqualTo(String.valueOf(latest.get("exportW")));
        assertThat(raw.get("1.6.0")).isEqualTo(String.valueOf(peak.get("watts")));
        assertThat(raw.get("96.14.0")).isEqualTo(latest.get("tariff"));
        assertThat(raw.get("96.3.10")).isEqualTo("connected");
        assertThat(raw.get("17.0.0")).isEqualTo("999900");

        // as the meter shows them: kWh and kW with three decimals, in Dutch
        assertThat(value("1.8.1")).matches("[\\d.]+,\\d{3} kWh");
        assertThat(value("1.7.0")).matches("\\d+,\\d{3} kW");
        assertThat(value("1.6.0")).matches("\\d+,\\d{3} kW op .+");
        assertThat(value("96.14.0")).isIn("Dag (1)", "Nacht (2)");
        assertThat(value("96.3.10")).isEqualTo("Gesloten: er is stroom");
        assertThat(value("17.0.0")).isEqualTo("Geen begrenzing (999,900 kW)");
        assertThat(browser.findElement(By.cssSelector("[data-register='1.8.1'] .register-text")).getText())
                .isEqualTo("Uw totale energieverbruik aan het dagtarief (in kWh).");
        // the coupled meters by their serials: a 7 is gas, an 8 is water, as the Fluvius manual reads them
        WebElement gas = browser.findElement(By.cssSelector("#meter-coupled li[data-medium=gas]"));
        assertThat(gas.getDomAttribute("data-serial")).startsWith("7");
        assertThat(gas.getText()).contains("Kanaal 1", "Gasmeter", "begint met een 7: aardgas", "m³");
        WebElement water = browser.findElement(By.cssSelector("#meter-coupled li[data-medium=water]"));
        assertThat(water.getDomAttribute("data-serial")).startsWith("8");
        screenshot(test);

        // the values move with the telegrams, and are still the ones /latest gives for the telegram shown
        Map<String, String> before = moving();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> !moving().equals(before));
        Map<String, Object> later = sameTelegram("meterTime");
        @SuppressWarnings("unchecked")
        Map<String, Object> laterRegisters = (Map<String, Object>) latest(later).get("registers");
        @SuppressWarnings("unchecked")
        Map<String, Object> laterRaw = (Map<String, Object>) page(later).get("raw");
        assertThat(laterRaw.get("1.8.1")).isEqualTo(String.valueOf(laterRegisters.get("importDay")));
        assertThat(laterRaw.get("2.8.2")).isEqualTo(String.valueOf(laterRegisters.get("exportNight")));
        assertThat(laterRaw.get("2.7.0")).isEqualTo(String.valueOf(latest(later).get("exportW")));
    }

    @Test
    void theCapacityPageFollowsTheRunningQuarterAndDrawsTheLastMonthsWithTheAverageAndItsCost(TestInfo test)
            throws IOException {
        open("#capacity");
        WebElement quarter = browser.findElement(By.id("capacity-quarter"));
        await().until(b -> "live".equals(quarter.getDomAttribute("data-state")));
        String first = quarter.getDomAttribute("data-time");
        await().until(b -> !Objects.equals(first, quarter.getDomAttribute("data-time")));

        Map<String, Object> same = sameTelegram("quarterTime");
        @SuppressWarnings("unchecked")
        Map<String, Object> running = (Map<String, Object>) latest(same).get("quarter");
        assertThat(page(same).get("projectedW")).isEqualTo(String.valueOf(running.get("projectedW")));
        assertThat(page(same).get("warning")).isEqualTo(running.get("headingAbovePeak"));
        assertThat(running.get("source")).isEqualTo("meter");
        assertThat(browser.findElement(By.id("quarter-title")).getText()).matches("Dit kwartier, \\d\\d:\\d\\d–\\d\\d:\\d\\d");
        assertThat(browser.findElement(By.id("quarter-projected")).getText()).matches("\\d+,\\d\\d kW");
        assertThat(browser.findElement(By.id("quarter-source")).getText()).contains("(1-0:1.4.0)");
        assertThat(browser.findElement(By.id("month-peak-meter")).getText()).matches("\\d+,\\d\\d kW op .+");

        // up to 13 months, each with a bar, and the 12-month average with what it costs
        WebElement chart = browser.findElement(By.id("capacity-chart"));
        await().until(b -> chart.getDomAttribute("data-bars") != null);
        int bars = Integer.parseInt(chart.getDomAttribute("data-bars"));
        assertThat(bars).isBetween(2, 13);
        assertThat(chart.getDomAttribute("data-months").split(" ")).hasSize(bars);
        await().until(b -> b.findElement(By.id("capacity-average")).getText().matches("\\d+,\\d\\d kW \\(\\d+ maanden\\)"));
        double averageKw = Double.parseDouble(browser.findElement(By.id("capacity-average")).getDomAttribute("data-raw"));
        assertThat(averageKw).isGreaterThanOrEqualTo(2.5);
        assertThat(browser.findElement(By.id("capacity-yearly")).getText()).matches(EURO);
        assertThat(browser.findElement(By.id("capacity-monthly")).getText()).matches(EURO);
        screenshot(test);
        browser.manage().window().setSize(new Dimension(1280, 1000));
        screenshot(test, "-wide");
    }

    @Test
    void bothPagesSpeakFrench(TestInfo test) throws IOException {
        open("#capacity");
        WebElement nav = browser.findElement(By.id("nav-capacity"));
        await().until(b -> nav.getText().equals("Capaciteit"));
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        await().until(b -> nav.getText().equals("Capacité"));
        assertThat(browser.findElement(By.id("nav-meter")).getText()).isEqualTo("Compteur");
        await().until(b -> b.findElement(By.id("quarter-source")).getText().contains("celle du compteur (1-0:1.4.0)"));
        assertThat(browser.findElement(By.cssSelector("#capacity-chart ~ .summary dt")).getText())
                .isEqualTo("Moyenne sur 12 mois");
        await().until(b -> b.findElement(By.id("capacity-average")).getText().matches("\\d+,\\d\\d kW \\(\\d+ mois\\)"));
        screenshot(test);

        browser.findElement(By.id("nav-meter")).click();
        await().until(b -> b.findElement(By.id("meter")).isDisplayed());
        assertThat(browser.findElement(By.cssSelector("[data-register='1.8.1'] .register-text")).getText())
                .isEqualTo("Il s'agit de votre consommation totale d'énergie au tarif de jour (en kWh).");
        assertThat(browser.findElement(By.cssSelector("[data-register='1.6.0'] .register-text")).getText())
                .isEqualTo("Le pic de consommation du mois en cours. Il est remis à zéro au début de chaque mois.");
        await().until(b -> value("96.3.10").equals("Fermé : le courant passe"));
        screenshot(test, "-meter");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;
    private static boolean signedIn;

    /** Opens the app at a view, signed in as the demo account that holds the simulated household. */
    private void open(String hash) {
        if (!signedIn) {
            BrowserSession.signIn(browser, port, org.meterkast.server.TestHousehold.login(context, "home"));
            signedIn = true;
        }
        browser.get("http://localhost:" + port + "/" + hash);
    }

    private static String value(String register) {
        return browser.findElement(By.cssSelector("[data-register='" + register + "'] .register-value")).getText();
    }

    /** The energy registers and the power now, as the page holds them. */
    private static Map<String, String> moving() {
        Map<String, String> values = new java.util.TreeMap<>();
        for (String code : List.of("1.8.1", "1.8.2", "2.8.1", "2.8.2", "1.7.0", "2.7.0")) {
            values.put(code, browser.findElement(By.cssSelector("[data-register='" + code + "'] .register-value"))
                    .getDomAttribute("data-raw"));
        }
        return values;
    }

    /** The page and /latest read when both show the same telegram: a new one may arrive between the two reads. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sameTelegram(String timeField) {
        Object[] found = new Object[1];
        await().until(b -> {
            Map<String, Object> both = (Map<String, Object>) browser.executeAsyncScript(PAGE_AND_LATEST);
            Object shown = page(both).get(timeField);
            if (shown != null && shown.equals(latest(both).get("time"))) {
                found[0] = both;
                return true;
            }
            return false;
        });
        return (Map<String, Object>) found[0];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> page(Map<String, Object> both) {
        return (Map<String, Object>) both.get("page");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> latest(Map<String, Object> both) {
        return (Map<String, Object>) both.get("latest");
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private static void screenshot(TestInfo test) throws IOException {
        screenshot(test, "");
    }

    private static void screenshot(TestInfo test, String suffix) throws IOException {
        HeadlessChromium.screenshot(browser, test, suffix);
    }
}
