package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestHousehold;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard and the overview as the demo household walks them, in Dutch, on the simulated household's data and
 * on a Fluvius-only address added through "+" with a real Mijn Fluvius export: the figures always belong to the
 * address shown and every page names it; the monthly rows as the manual has them; the day by the quarter hour; the
 * two 02:00 hours of the October day; "no data" before the first measurement and no paging into the future; gas
 * and water; the CSV download; pages opening at their top; the capacity chart's layout. Screenshots go to
 * target/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardScreensBrowserTest {
    /** A real export: three days of quarter hours (29–31 March 2025). */
    private static final String EXPORT =
            "/fluvius/Verbruikshistoriek_elektriciteit_541448820050357909_20250329_20250331_kwartiertotalen.csv";
    private static final LocalDate TODAY = LocalDate.now(Parameters.BRUSSELS);
    /** The last Sunday of October before today: the day of 25 hours (100 quarter hours). */
    private static final LocalDate LONG_DAY = WebAppBrowserTest.lastLongDay(TODAY);
    /** How many days of history the simulated household has: from a little before the long day. */
    private static final long HISTORY_DAYS = Math.max(40, ChronoUnit.DAYS.between(LONG_DAY, TODAY) + 2);
    private static final String EURO = "€\\s?-?\\d+,\\d\\d|-?\\d+,\\d\\d\\s?€";

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private static boolean signedIn;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> HISTORY_DAYS);
        registry.add("server.shutdown", () -> "immediate");
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

    @AfterEach
    void nothingRefused() {
        assertThat(HeadlessChromium.refusedByContentSecurityPolicy(browser)).isEmpty();
    }

    @BeforeEach
    void freshPage() {
        BrowserSession.speakDutch(context);
        open("");
        browser.executeScript("localStorage.clear()");
        browser.get("about:blank");
        browser.manage().window().setSize(new Dimension(412, 915));
    }

    /** Point 1: a Fluvius-only address added through "+" shows its own months, never the demo's, on every page. */
    @Test
    void anAddressAddedThroughPlusShowsOnlyItsOwnFiguresAndEveryPageNamesIt(TestInfo test) throws Exception {
        open("#dashboard");
        await().until(b -> b.findElements(By.cssSelector("#history tr[data-month]")).size() >= 2);
        assertThat(placeNamed("dashboard")).isEqualTo("Demo home");

        browser.findElement(By.id("place-add")).click();
        await().until(b -> b.findElement(By.id("add-address-form")).isDisplayed());
        type("#add-address-form", "name", "Zomerhuis");
        submit("#add-address-form");
        await().until(b -> b.findElement(By.id("add-ean-form")).isDisplayed());
        submit("#add-ean-form");
        await().until(b -> b.findElement(By.id("add-source-form")).isDisplayed());
        browser.findElement(By.cssSelector("#add-source-form [value=import]")).click();
        submit("#add-source-form");
        await().until(b -> b.findElement(By.id("add-import-form")).isDisplayed());
        field("#add-import-form", "file").sendKeys(fixture(EXPORT).toString());
        submit("#add-import-form");
        WebElement state = browser.findElement(By.id("add-import-state"));
        await().until(b -> "done".equals(state.getDomAttribute("data-state")));
        browser.findElement(By.id("add-done")).click();

        // "Naar het dashboard": the new address, its name, and none of the demo's months (its data is of March 2025)
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        await().until(b -> new Select(b.findElement(By.id("place"))).getFirstSelectedOption().getText().equals("Zomerhuis"));
        await().until(b -> placeNamed("dashboard").equals("Zomerhuis"));
        await().until(b -> text("#history").equals("Nog geen maanden gemeten."));
        assertThat(browser.findElements(By.cssSelector("#history tr[data-month]"))).isEmpty();
        assertThat(text("#yesterday [data-field=offtake]")).isEqualTo("geen gegevens");
        screenshot(test, "-1-new-address");

        // its own day, from the export: 24 hours, real kWh
        open("#overview/day/2025-03-29");
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> "24".equals(chart.getDomAttribute("data-bars")) && "0".equals(chart.getDomAttribute("data-empty")));
        assertThat(placeNamed("overview")).isEqualTo("Zomerhuis");
        assertThat(text("#period-summary [data-field=offtake]")).matches("\\d+,\\d\\d kWh").isNotEqualTo("0,00 kWh");
        for (String page : List.of("meter", "capacity", "prepaid")) {
            open("#" + page);
            await().until(b -> b.findElement(By.id(page)).isDisplayed());
            await().until(b -> placeNamed(page).equals("Zomerhuis"));
        }

        // back to the demo in the switcher: its months again, none of the new address's
        open("#dashboard");
        new Select(browser.findElement(By.id("place"))).selectByVisibleText("Demo home");
        await().until(b -> placeNamed("dashboard").equals("Demo home"));
        await().until(b -> b.findElements(By.cssSelector("#history tr[data-month]")).size() >= 2);
        assertThat(browser.findElements(By.cssSelector("#history tr[data-month]")).get(0).getDomAttribute("data-month"))
                .isEqualTo(YearMonth.from(TODAY).toString());
        screenshot(test, "-2-back-to-demo");
    }

    /** Point 3: net offtake per month, the bill under its own heading, a row opens its month, "Overzicht ›". */
    @Test
    void theMonthlyRowsShowNetOfftakeWithTheBillLabelledAndOpenTheirMonth(TestInfo test) throws IOException {
        open("#dashboard");
        await().until(b -> b.findElements(By.cssSelector("#history tr[data-month]")).size() >= 2);
        assertThat(texts("#dashboard .history th"))
                .containsExactly("Maand", "Netto afname", "Kost kWh", "Factuur (incl. btw)");
        WebElement last = browser.findElements(By.cssSelector("#history tr[data-month]")).get(1);
        String month = last.getDomAttribute("data-month");
        assertThat(month).isEqualTo(YearMonth.from(TODAY).minusMonths(1).toString());
        assertThat(last.findElements(By.cssSelector("td.number")).get(0).getText()).matches("[+-]\\d+,\\d\\d kWh");
        assertThat(last.findElement(By.cssSelector("td.cost")).getText()).matches(EURO);
        assertThat(last.findElement(By.cssSelector("td.bill")).getText()).matches(EURO);
        // the kWh's cost, as the manual shows it, leaves out the capacity tariff and fixed fees the bill holds
        assertThat(euros(last.findElement(By.cssSelector("td.cost")).getText()))
                .isLessThan(euros(last.findElement(By.cssSelector("td.bill")).getText()));
        coverageWhenGiven();
        screenshot(test, "-1-rows");

        // the row (not only its name) opens the month in the overview
        last.findElements(By.cssSelector("td.number")).get(0).click();
        await().until(b -> b.getCurrentUrl().endsWith("#overview/month/" + month + "-01"));
        String monthName = YearMonth.parse(month).getMonth().getDisplayName(TextStyle.FULL, Locale.forLanguageTag("nl-BE"));
        await().until(b -> text("#period-title").equalsIgnoreCase(monthName + " " + month.substring(0, 4)));
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> String.valueOf(YearMonth.parse(month).lengthOfMonth()).equals(chart.getDomAttribute("data-bars")));

        open("#dashboard");
        WebElement overview = browser.findElement(By.id("history-overview"));
        await().until(b -> overview.getText().equals("Overzicht ›"));
        overview.click();
        await().until(b -> b.getCurrentUrl().endsWith("#overview/month/" + YearMonth.from(TODAY) + "-01"));
        await().until(b -> b.findElement(By.id("overview")).isDisplayed());
        screenshot(test, "-2-overview");
    }

    /** Point 6 and 13: the October day by the quarter hour, 100 bars, the two 02:00 hours told apart; CSV. */
    @Test
    void theLongDayByTheQuarterHourTellsTheTwo2OClockHoursApartAndDownloadsAsCsv(TestInfo test) throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        open("#overview/day/" + LONG_DAY);
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> "25".equals(chart.getDomAttribute("data-bars")));
        List<String> hours = Arrays.asList(chart.getDomAttribute("data-labels").split("\\|"));
        assertThat(hours.subList(0, 5))
                .containsExactly("00:00", "01:00", "02:00 (zomertijd)", "02:00 (wintertijd)", "03:00");

        browser.findElement(By.cssSelector("[data-resolution=quarter]")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#overview/day/" + LONG_DAY + "/quarter"));
        await().until(b -> "100".equals(chart.getDomAttribute("data-bars")));
        assertThat(chart.getDomAttribute("data-empty")).isEqualTo("0");
        assertThat(Integer.parseInt(chart.getDomAttribute("data-red"))).isPositive();
        List<String> quarters = Arrays.asList(chart.getDomAttribute("data-labels").split("\\|"));
        assertThat(quarters.subList(8, 17)).containsExactly("02:00 (zomertijd)", "02:15 (zomertijd)",
                "02:30 (zomertijd)", "02:45 (zomertijd)", "02:00 (wintertijd)", "02:15 (wintertijd)",
                "02:30 (wintertijd)", "02:45 (wintertijd)", "03:00");
        assertThat(browser.findElement(By.cssSelector("[data-resolution=quarter]")).getDomAttribute("aria-pressed"))
                .isEqualTo("true");
        screenshot(test, "-1-quarters");

        // the CSV holds what is shown: 100 quarter rows, ";" and decimal commas, summer and winter time apart
        browser.executeScript("""
                window.csvShown = null;
                const create = URL.createObjectURL;
                URL.createObjectURL = (blob) => { blob.text().then((t) => { window.csvShown = t; }); return create(blob); };""");
        browser.findElement(By.id("download-csv")).click();
        await().until(b -> browser.executeScript("return window.csvShown") != null);
        String csv = (String) browser.executeScript("return window.csvShown");
        List<String> lines = csv.replace("\ufeff", "").lines().toList();
        assertThat(lines).hasSize(101);
        assertThat(lines.get(0)).startsWith("Begin;UTC;Einde;Afname (kWh);Injectie (kWh);Netto afname (kWh)");
        assertThat(lines.get(9)).startsWith(LONG_DAY + " 02:00;+02:00;" + LONG_DAY + " 02:15;");
        assertThat(lines.get(13)).startsWith(LONG_DAY + " 02:00;+01:00;" + LONG_DAY + " 02:15;");
        double offtake = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(";")[3].replace(',', '.'))).sum();
        double shown = Double.parseDouble(text("#period-summary [data-field=offtake]").replace(" kWh", "")
                .replace(".", "").replace(',', '.'));
        assertThat(offtake).isCloseTo(shown, org.assertj.core.data.Offset.offset(0.06));

        // a day of 24 hours: 96 quarters; the resolution stays while stepping
        browser.findElement(By.id("previous")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#overview/day/" + LONG_DAY.minusDays(1) + "/quarter"));
        await().until(b -> "96".equals(chart.getDomAttribute("data-bars")));
        browser.findElement(By.cssSelector("[data-resolution=hour]")).click();
        await().until(b -> "24".equals(chart.getDomAttribute("data-bars")));
        assertThat(chart.getDomAttribute("data-labels")).doesNotContain("zomertijd");
    }

    /** Point 13: before the first data "geen gegevens", not zeros; the stepper stops at today's period. */
    @Test
    void periodsWithoutDataSaySoAndTheStepperDoesNotGoIntoTheFuture(TestInfo test) throws IOException {
        LocalDate before = TODAY.minusDays(HISTORY_DAYS + 3);
        open("#overview/day/" + before);
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> "24".equals(chart.getDomAttribute("data-empty")));
        assertThat(text("#chart-no-data")).isEqualTo("Geen gegevens voor deze periode.");
        assertThat(text("#period-summary [data-field=offtake]")).isEqualTo("geen gegevens");
        assertThat(text("#period-summary [data-field=cost]")).isEqualTo("geen gegevens");
        screenshot(test, "-1-before-data");

        // today: the hours still to come are no data, and there is no next day to go to
        open("#overview/day/" + TODAY);
        await().until(b -> b.getCurrentUrl().endsWith("#overview/day/" + TODAY));
        await().until(b -> chart.getDomAttribute("data-labels") != null
                && chart.getDomAttribute("data-labels").startsWith("00:00") && !"0".equals(chart.getDomAttribute("data-bars")));
        WebElement next = browser.findElement(By.id("next"));
        await().until(b -> !next.isEnabled());
        browser.findElement(By.tagName("body")).sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.getCurrentUrl()).endsWith("#overview/day/" + TODAY);
        browser.findElement(By.cssSelector("[data-period=year]")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#overview/year/" + TODAY));
        await().until(b -> "12".equals(chart.getDomAttribute("data-bars")));
        assertThat(next.isEnabled()).isFalse();
        // the months before the history began are no data, December's is measured
        assertThat(Integer.parseInt(chart.getDomAttribute("data-empty"))).isBetween(1, 11);
        assertThat(text("#chart-no-data")).startsWith("Geen gegevens voor ");

        // a date in the future in the address is shown as today
        open("#overview/day/" + TODAY.plusDays(10));
        await().until(b -> "true".equals(browser.findElement(By.id("next")).getDomAttribute("disabled"))
                && browser.findElement(By.id("date")).getDomProperty("value").equals(TODAY.toString()));
        screenshot(test, "-2-today");
    }

    /** Point 5: gas and water under the electricity, for the same period, when the meter has them. */
    @Test
    void gasAndWaterHaveTheirChartsWhenTheMeterHasThem(TestInfo test) throws IOException {
        LocalDate day = TODAY.minusDays(2);
        open("#overview/day/" + day);
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> "24".equals(chart.getDomAttribute("data-bars")) || "23".equals(chart.getDomAttribute("data-bars"))
                || "25".equals(chart.getDomAttribute("data-bars")));
        // whether the buckets carry gas and water: the server adds them (null without such a meter)
        Object gas = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/meters').then((r) => r.json()).then((meters) =>
                  fetch(`/api/meters/${meters[0].id}/buckets?size=day&from=${new Date(Date.now() - 3 * 864e5).toISOString()}`
                    + `&to=${new Date().toISOString()}`)).then((r) => r.json())
                  .then((b) => done(b.some((x) => x.gasLitres != null)));""");
        if (Boolean.TRUE.equals(gas)) {
            await().until(b -> b.findElement(By.id("gas-card")).isDisplayed());
            assertThat(browser.findElement(By.id("gas-chart")).getDomAttribute("data-bars"))
                    .isEqualTo(chart.getDomAttribute("data-bars"));
            assertThat(text("#gas-total")).matches("\\d+,\\d{3} m³.*");
        } else {
            assertThat(browser.findElement(By.id("gas-card")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("water-card")).isDisplayed()).isFalse();
        }
        browser.executeScript("document.getElementById('period-summary').scrollIntoView()");
        screenshot(test, "");
    }

    /** Point 14: a page opens at its top with the menu in sight, whatever came before. */
    @Test
    void aPageAlwaysOpensAtItsTop(TestInfo test) throws IOException {
        for (String page : List.of("meter", "capacity", "overview", "dashboard", "prepaid")) {
            open("#" + page);
            await().until(b -> b.findElement(By.id(page)).isDisplayed());
            await().until(b -> placeNamed(page).equals("Demo home"));
            sleep(600);
            assertThat(scrollY()).as(page).isZero();
            assertThat(browser.findElement(By.cssSelector(".bar nav")).isDisplayed()).isTrue();
        }
        // scrolled down on one page, then another from the menu: the other opens at its top
        open("#meter");
        await().until(b -> b.findElement(By.id("meter")).isDisplayed());
        browser.executeScript("window.scrollTo(0, document.body.scrollHeight)");
        assertThat(scrollY()).isPositive();
        browser.executeScript("location.hash = '#capacity'");
        await().until(b -> b.findElement(By.id("capacity")).isDisplayed());
        sleep(600);
        assertThat(scrollY()).isZero();
        screenshot(test, "");
    }

    /** Point 13: the capacity chart's legend stands under the chart, clear of the axis name; labels beside the bars. */
    @Test
    void theCapacityChartsLegendAndLabelsStayClearOfTheAxisAndTheBars(TestInfo test) throws IOException {
        open("#capacity");
        WebElement chart = browser.findElement(By.id("capacity-chart"));
        await().until(b -> chart.getDomAttribute("data-bars") != null);
        Object layout = browser.executeScript("""
                const o = echarts.getInstanceByDom(document.getElementById('capacity-chart')).getOption();
                return [o.legend[0].bottom, o.grid[0].containLabel,
                  o.series[0].markLine.data[0].label.position];""");
        assertThat(layout).asString().isEqualTo("[0, true, end]");
        browser.executeScript("document.getElementById('capacity-chart').scrollIntoView()");
        screenshot(test, "");
    }

    /** Point 8 (with the server's coverage): a month measured on only some days says so under its row. */
    private void coverageWhenGiven() {
        Object answer = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const month = new Date().toISOString().slice(0, 7);
                fetch('/api/meters').then((r) => r.json()).then((meters) =>
                  fetch(`/api/meters/${meters[0].id}/costs/months?from=${month}&to=${month}`)).then((r) => r.json())
                  .then((m) => done(m[0].coverage ? [m[0].month, m[0].coverage.measuredDays, m[0].coverage.days] : null));""");
        if (answer instanceof List<?> coverage && ((Number) coverage.get(1)).longValue() < ((Number) coverage.get(2)).longValue()) {
            assertThat(text("#history tr[data-coverage-of='" + coverage.get(0) + "']"))
                    .isEqualTo(coverage.get(1) + " van " + coverage.get(2) + " dagen gemeten");
        } else {
            assertThat(browser.findElements(By.cssSelector("#history tr.coverage-row"))).isEmpty();
        }
    }

    private static long scrollY() {
        return ((Number) browser.executeScript("return Math.round(window.scrollY)")).longValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void open(String fragment) {
        if (!signedIn) {
            BrowserSession.signIn(browser, port, TestHousehold.login(context, "home"));
            signedIn = true;
        }
        browser.get("http://localhost:" + port + "/" + fragment);
    }

    private static WebElement field(String form, String name) {
        return browser.findElement(By.cssSelector(form + " [name=" + name + "]"));
    }

    private static void type(String form, String name, String text) {
        field(form, name).sendKeys(text);
    }

    private static void submit(String form) {
        browser.findElement(By.cssSelector(form + " [type=submit]")).click();
    }

    private static String text(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).reduce("", String::concat);
    }

    /** The address a page names: in its own line, or (dashboard, overview) in the switcher above it. */
    private static String placeNamed(String page) {
        WebElement line = browser.findElement(By.cssSelector("#" + page + " [data-place-name]"));
        if (line.isDisplayed()) {
            return line.getText();
        }
        return browser.findElement(By.id("places")).isDisplayed()
                ? new Select(browser.findElement(By.id("place"))).getFirstSelectedOption().getText()
                        + (line.getDomProperty("textContent").equals(
                                new Select(browser.findElement(By.id("place"))).getFirstSelectedOption().getText()) ? "" : "?")
                : "";
    }

    private static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(DashboardScreensBrowserTest.class.getResource(name).toURI()).toAbsolutePath();
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static void screenshot(TestInfo test, String suffix) throws IOException {
        HeadlessChromium.screenshot(browser, test, suffix);
    }

    /** "€ 1.234,56" or "−€ 3,20" as a number. */
    private static java.math.BigDecimal euros(String text) {
        String digits = text.replace("€", "").replace("\u00a0", "").replace(" ", "").replace(".", "").replace(",", ".")
                .replace("\u2212", "-");
        return new java.math.BigDecimal(digits);
    }
}
