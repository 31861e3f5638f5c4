package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.account.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web app in a real browser: Debian's Chromium, headless, driven through Debian's chromedriver (named, so
 * nothing is downloaded), against the server with a simulated household. Each test leaves a screenshot in
 * target/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAppBrowserTest {
    /** The last Sunday of October before today: the day of 25 hours, which the history must hold. */
    private static final LocalDate LONG_DAY = lastLongDay(LocalDate.now(Parameters.BRUSSELS));

    /** An amount in euro as Dutch in Belgium writes it: the sign before or after, depending on the browser's ICU. */
    private static final String EURO = "€\\s?-?\\d+,\\d\\d|-?\\d+,\\d\\d\\s?€";

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        // the browser's live stream is an open request; the test server need not wait for it when it stops
        registry.add("server.shutdown", () -> "immediate");
        // a short history, yet long enough to hold the last 25-hour day and a few months with a cost
        long days = Math.max(40, ChronoUnit.DAYS.between(LONG_DAY, LocalDate.now(Parameters.BRUSSELS)) + 2);
        registry.add("meterkast.meters.home.history-days", () -> days);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = HeadlessChromium.start(folder.resolve("profile"));
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
        org.meterkast.server.web.BrowserSession.speakDutch(context);
        // each test starts in the browser's language, with nothing remembered
        open("");
        browser.executeScript("localStorage.clear()");
        // the tests then load the page anew, not only change its fragment
        browser.get("about:blank");
        browser.manage().window().setSize(new Dimension(412, 915));
    }

    @Test
    void theBigCircleShowsEachTelegramAsItArrives(TestInfo test) throws IOException {
        open("#dashboard");
        WebElement circle = browser.findElement(By.id("live"));
        await().until(b -> circle.getDomAttribute("class").matches(".*\\b(offtake|injection)\\b.*"));
        String first = circle.getText();
        // the telegram's time is in the circle, so the text changes with every telegram, once a second
        await().until(b -> !circle.getText().equals(first));
        assertThat(browser.findElement(By.id("live-value")).getText()).matches("\\d+,\\d\\d kW");
        assertThat(browser.findElement(By.id("live-label")).getText()).isIn("Netto afname", "Netto injectie");
        assertThat(circle.getDomAttribute("class")).contains(
                browser.findElement(By.id("live-label")).getText().equals("Netto afname") ? "offtake" : "injection");
        screenshot(test);
    }

    @Test
    void theDayOfTheClockChangeInOctoberHas25HourlyBarsAndTheArrowsStepThroughDays(TestInfo test) throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        open("#overview/day/" + LONG_DAY);
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> "25".equals(chart.getDomAttribute("data-bars")));
        // a household uses power every hour of a day in autumn: at least the night hours are red
        assertThat(Integer.parseInt(chart.getDomAttribute("data-red"))).isPositive();
        assertThat(browser.findElement(By.cssSelector("#period-summary [data-field=offtake]")).getText())
                .matches("\\d+,\\d\\d kWh");
        assertThat(browser.findElement(By.cssSelector("#period-summary [data-field=cost]")).getText())
                .matches(EURO);
        screenshot(test);

        browser.findElement(By.tagName("body")).sendKeys(Keys.ARROW_LEFT);
        await().until(b -> b.getCurrentUrl().endsWith("#overview/day/" + LONG_DAY.minusDays(1)));
        await().until(b -> "24".equals(chart.getDomAttribute("data-bars")));
        browser.findElement(By.id("next")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#overview/day/" + LONG_DAY));
        await().until(b -> "25".equals(chart.getDomAttribute("data-bars")));

        // the same date's week, Monday to Sunday: seven daily bars; its year: twelve monthly bars
        browser.findElement(By.cssSelector("[data-period=week]")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#overview/week/" + LONG_DAY));
        await().until(b -> "7".equals(chart.getDomAttribute("data-bars")));
        browser.findElement(By.cssSelector("[data-period=year]")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#overview/year/" + LONG_DAY));
        await().until(b -> "12".equals(chart.getDomAttribute("data-bars")));
        assertThat(browser.findElement(By.id("period-title")).getText()).isEqualTo(String.valueOf(LONG_DAY.getYear()));
        browser.manage().window().setSize(new Dimension(412, 915));
        screenshot(test, "-year-phone");
    }

    @Test
    void theLanguageSwitchesToFrenchAndIsRemembered(TestInfo test) throws IOException {
        open("#dashboard");
        WebElement overview = browser.findElement(By.id("nav-overview"));
        await().until(b -> overview.getText().equals("Overzicht"));
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        await().until(b -> overview.getText().equals("Aperçu"));
        assertThat(browser.findElement(By.cssSelector("html")).getDomAttribute("lang")).isEqualTo("fr");
        await().until(b -> b.findElement(By.cssSelector("#dashboard h2")).getText().equals("Hier"));

        browser.navigate().refresh();
        await().until(b -> b.findElement(By.id("nav-overview")).getText().equals("Aperçu"));
        await().until(b -> b.findElements(By.cssSelector("#history tr td.month")).stream()
                .anyMatch(td -> td.getText().matches("(janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                        + "octobre|novembre|décembre) \\d{4}")));
        screenshot(test);
    }

    @Test
    void theMonthlyHistoryShowsNetOfftakeAndCostInEuro(TestInfo test) throws IOException {
        open("#dashboard");
        await().until(b -> b.findElements(By.cssSelector("#history tr[data-month]")).size() >= 2);
        WebElement newest = browser.findElements(By.cssSelector("#history tr[data-month]")).get(0);
        String month = newest.getDomAttribute("data-month");
        assertThat(month).isEqualTo(LocalDate.now(Parameters.BRUSSELS).toString().substring(0, 7));
        assertThat(newest.findElement(By.cssSelector("td.month")).getText()).matches("\\p{L}+ \\d{4}");
        assertThat(newest.findElements(By.cssSelector("td.number")).get(0).getText()).matches("[+-]?\\d+,\\d\\d kWh");
        assertThat(newest.findElement(By.cssSelector("td.cost")).getText()).matches(EURO);
        assertThat(browser.findElement(By.cssSelector("#yesterday [data-field=cost]")).getText()).contains("€");
        screenshot(test);

        // installable: the service worker that keeps the app shell is running
        Object worker = browser.executeAsyncScript(
                "navigator.serviceWorker.ready.then(r => arguments[arguments.length - 1](r.active.scriptURL))");
        assertThat(worker).asString().endsWith("/sw.js");
        Object manifest = browser.executeAsyncScript("fetch('manifest.webmanifest').then(r => "
                + "arguments[arguments.length - 1](r.headers.get('content-type')))");
        assertThat(manifest).asString().startsWith("application/manifest+json");
    }

    @Test
    void aBatteryEnteredInTheSettingsGetsATileOnTheDashboard(TestInfo test) throws Exception {
        open("#dashboard");
        await().until(b -> b.findElements(By.cssSelector("#history tr[data-month]")).size() >= 1);
        // the demo household's carport and battery have their tiles; no battery without a connection yet
        await().until(b -> !b.findElements(By.cssSelector("#modules .tile[data-kind=BATTERY][data-device]")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#modules .tile[data-kind=BATTERY]:not([data-device])")))
                .isEmpty();
        // entered through the API, signed in as the demo account that holds the household
        org.meterkast.server.TestHousehold.Login demo = org.meterkast.server.TestHousehold.login(context, "home");
        Browser api = new Browser(port).open();
        api.post("/api/account/login", "{\"email\":\"" + demo.email() + "\",\"password\":\"" + demo.password() + "\"}");
        long location = api.get("/api/meters").json().get(0).get("location").asLong();
        Browser.Answer added = api.post("/api/locations/" + location + "/devices",
                "{\"kind\":\"BATTERY\",\"label\":\"Thuisbatterij\",\"activeSince\":\"2026-03-01\"}");
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
        try {
            browser.navigate().refresh();
            await().until(b -> !b.findElements(By.cssSelector("#modules .tile[data-kind=BATTERY]:not([data-device])"))
                    .isEmpty());
            WebElement tile = browser.findElement(By.cssSelector("#modules .tile[data-kind=BATTERY]:not([data-device])"));
            assertThat(tile.findElement(By.tagName("h3")).getText()).isEqualTo("Thuisbatterij");
            assertThat(tile.getText()).contains("Geïnstalleerd; Meterkast heeft er nog geen live verbinding mee.")
                    .contains("Actief sinds 1 maart 2026");
            screenshot(test);
        } finally {
            api.delete("/api/locations/" + location + "/devices/" + added.json().get("id").asLong());
        }
    }

    @Test
    void theSmallCircleShowsTheSunsPowerInWattsAndYesterdaysProduction(TestInfo test) throws IOException {
        open("#dashboard");
        WebElement solar = browser.findElement(By.id("solar"));
        await().until(b -> solar.isDisplayed() && solar.getDomAttribute("data-time") != null);
        assertThat(browser.findElement(By.id("solar-value")).getText()).matches("\\d{1,3}(\\.\\d{3})* W");
        // a new reading every second or two: its time moves on (its watts too, while the sun is up)
        String first = solar.getDomAttribute("data-time");
        await().until(b -> !first.equals(solar.getDomAttribute("data-time")));
        assertThat(browser.findElement(By.cssSelector("#solar .circle-label")).getText()).isEqualTo("Zon");
        WebElement produced = browser.findElement(By.cssSelector("#yesterday [data-field=production]"));
        await().until(b -> produced.isDisplayed() && produced.getText().matches("\\d+,\\d\\d kWh"));
        assertThat(browser.findElement(By.cssSelector("#yesterday [data-row=production] dt")).getText())
                .isEqualTo("Zonneproductie");
        screenshot(test);
    }

    @Test
    void theDayChartDrawsTheSunsProductionAsALineOverTheBars(TestInfo test) throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        open("#overview/day/" + LONG_DAY);
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> "25".equals(chart.getDomAttribute("data-bars")) && production().size() == 25);
        List<Double> hours = production();
        // 25 hours: 00, 01, 02, 02 again, 03, …; noon is the 14th, the sun is down at 01:00 and at 23:00
        assertThat(hours.get(13)).as("12:00").isPositive();
        assertThat(hours.get(1)).as("01:00").isZero();
        assertThat(hours.get(24)).as("23:00").isZero();
        assertThat(browser.findElement(By.cssSelector("#period-summary [data-field=production]")).getText())
                .matches("\\d+,\\d\\d kWh");
        Object legend = browser.executeScript("return echarts.getInstanceByDom(document.getElementById('chart'))"
                + ".getOption().legend[0].data");
        assertThat(legend).asString().contains("Zonneproductie");
        screenshot(test);

        browser.findElement(By.id("previous")).click();
        await().until(b -> "24".equals(chart.getDomAttribute("data-bars")) && production().size() == 24);
        browser.findElement(By.cssSelector("[data-period=month]")).click();
        await().until(b -> b.getCurrentUrl().contains("#overview/month/"));
        // October: the days the short history holds, the 25th among them, had sun
        await().until(b -> production().size() == 31 && production().get(24) > 0);
        screenshot(test, "-month");
    }

    @Test
    void aChartsTooltipShowsUnderTheContentSecurityPolicy(TestInfo test) throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        open("#overview/day/" + LONG_DAY);
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> "25".equals(chart.getDomAttribute("data-bars")));
        // ECharts writes a tooltip as HTML whose markers carry inline style attributes, which the policy allows
        browser.executeScript("echarts.getInstanceByDom(document.getElementById('chart'))"
                + ".dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 13})");
        await().until(b -> Boolean.TRUE.equals(browser.executeScript("""
                const marker = document.querySelector('#chart span[style*="border-radius"]');
                return marker !== null && getComputedStyle(marker).display === 'inline-block';""")));
        screenshot(test);
    }

    /** The chart's production line, kWh per bar, read from ECharts: the canvas itself cannot be looked into. */
    @SuppressWarnings("unchecked")
    private static List<Double> production() {
        Object data = browser.executeScript("""
                const chart = echarts.getInstanceByDom(document.getElementById('chart'));
                const line = chart && chart.getOption().series.find((s) => s.type === 'line');
                return line ? line.data.map(Number) : [];""");
        return ((List<Object>) data).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    /** Every page the tests see is opened here: #fragment, or "" for the start page. */
    private void open(String fragment) {
        if (!signedIn) {
            BrowserSession.signIn(browser, port, org.meterkast.server.TestHousehold.login(context, "home"));
            signedIn = true;
        }
        browser.get(url(fragment));
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;
    /** The demo account holds the simulated household; the browser signs in as it once. */
    private static boolean signedIn;

    private String url(String fragment) {
        return "http://localhost:" + port + "/" + fragment;
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

    static LocalDate lastLongDay(LocalDate today) {
        LocalDate thisYear = LocalDate.of(today.getYear(), 10, 31).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
        return thisYear.isBefore(today) ? thisYear : thisYear.minusYears(1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
    }
}
