package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.control.BatteryRead;
import org.meterkast.server.control.BoilerRead;
import org.meterkast.server.control.Devices;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.storage.BatteryQuarter;
import org.meterkast.server.storage.BoilerQuarter;
import org.meterkast.server.storage.StorageHistoryRepository;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The home battery and heat battery pages as a household uses them, in Chromium at a phone's size and on a laptop,
 * against the simulated household's battery {@code battery} and boiler {@code boiler}: the dashboard's tiles show the
 * state of charge and the temperature with the manual's statuses, live, and open the pages; the battery page shows
 * yesterday's stored and delivered kWh and the saving the API computed, and the week's seven bars; the heat battery
 * page shows the temperature, yesterday's consumption and average temperature, refuses a temperature that is no
 * number under its field, saves a new lowest temperature and a surplus order; both pass axe-core at 390 px, 1366 px
 * and in dark mode, whatever a thumb presses is at least 44 px, and nothing is logged in the console.
 *
 * <p>Yesterday's history is written as the listener writes it, by hand: the battery charges 500 Wh in each of the 8
 * quarters from 10:00 (4,00 kWh stored) and delivers 375 Wh in each of the 8 from 18:00 (3,00 kWh delivered); the
 * boiler takes 600 Wh in each of the 4 quarters from 07:00 (2,40 kWh) at 50, 52, 54 and 56 °C, each over the whole
 * quarter: 53 °C on average. Where the demo's loop does not read its battery and boiler itself, the test publishes
 * their readings every second as the loop would.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoragePagesBrowserTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;

    @TempDir
    static Path folder;

    static ChromeDriver browser;
    static Axe axe;
    static ScheduledExecutorService readings;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    StorageHistoryRepository history;
    @Autowired
    Devices devices;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> 3);
        registry.add("server.shutdown", () -> "immediate");
        registry.add("meterkast.control.interval", () -> "1s");
    }

    @BeforeAll
    static void start() throws IOException {
        browser = HeadlessChromium.start(folder.resolve("profile"));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        axe = Axe.load();
    }

    @AfterAll
    static void stop() {
        if (readings != null) {
            readings.shutdownNow();
        }
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void phone() {
        BrowserSession.speakDutch(context);
        HeadlessChromium.emulateColorScheme(browser, false);
        HeadlessChromium.emulatePhone(browser, PHONE_WIDTH, PHONE_HEIGHT);
    }

    static final List<String> logged = new ArrayList<>();

    @AfterEach
    void consoleStaysClean() {
        logged.addAll(HeadlessChromium.consoleErrors(browser));
        List<String> found = List.copyOf(logged);
        logged.clear();
        assertThat(found).isEmpty();
    }

    @Test
    void fromTheTilesToTheBatteryAndHeatBatteryPages(TestInfo test) throws Exception {
        Browser api = owner();
        long location = api.get("/api/meters").json().get(0).get("location").asLong();
        LocalDate yesterday = LocalDate.now(BRUSSELS).minusDays(1);
        storeYesterday(location, yesterday);
        readLikeTheLoop(location);
        signIn();

        // the tiles: the state of charge and the temperature with the manual's statuses, live
        open("#dashboard", "dashboard");
        WebElement batteryTile = await(Duration.ofSeconds(30)).until(b -> b.findElements(By.cssSelector(
                        "#modules a[data-kind=BATTERY][data-device=battery]")).stream()
                .filter(t -> !t.getDomAttribute("data-status").isEmpty()).findFirst().orElse(null));
        assertThat(batteryTile.findElement(By.cssSelector("[data-field=soc]")).getText()).matches("\\d{1,3}% geladen");
        assertThat(batteryTile.findElement(By.cssSelector("[data-field=status]")).getText())
                .isIn("Stand-by", "Laden", "Ontladen", "Fout");
        WebElement heatTile = await(Duration.ofSeconds(30)).until(b -> b.findElements(By.cssSelector(
                        "#modules a[data-kind=HEAT_BATTERY][data-device=boiler]")).stream()
                .filter(t -> !t.getDomAttribute("data-status").isEmpty()).findFirst().orElse(null));
        assertThat(heatTile.findElement(By.cssSelector("[data-field=temperature]")).getText())
                .matches("\\d{1,2}(,\\d)? °C");
        assertThat(heatTile.findElement(By.cssSelector("[data-field=status]")).getText())
                .isIn("Inactief / stand-by", "Laden", "Fout");
        HeadlessChromium.screenshot(browser, test, "-dashboard");
        assertThat(tooSmall("#modules")).isEmpty();

        // the battery page: the status in the manual's words with its meaning, today's curve of 96 quarters
        HeadlessChromium.tap(browser, batteryTile);
        await().until(b -> b.findElement(By.id("battery")).isDisplayed());
        assertThat(browser.getCurrentUrl()).endsWith("#battery/battery");
        await().until(b -> !text("battery-soc").isEmpty());
        assertThat(text("battery-status")).isIn("Stand-by", "Laden", "Ontladen", "Fout");
        assertThat(text("battery-explain")).isNotEmpty();
        assertThat(text("battery-soc")).matches("\\d{1,3}%");
        WebElement chart = browser.findElement(By.id("battery-chart"));
        // 96 quarters, or 92 and 100 on the days the clock changes
        LocalDate today = LocalDate.now(BRUSSELS);
        long quarters = (today.plusDays(1).atStartOfDay(BRUSSELS).toEpochSecond()
                - today.atStartOfDay(BRUSSELS).toEpochSecond()) / 900;
        await().until(b -> String.valueOf(quarters).equals(chart.getDomAttribute("data-points")));

        // yesterday: 4,00 kWh stored, 3,00 kWh delivered, and the saving the API computed at the demo's tariff
        HeadlessChromium.tap(browser, browser.findElement(By.id("battery-previous")));
        await().until(b -> "16".equals(chart.getDomAttribute("data-measured")));
        assertThat(figure("battery-figures", "stored")).isEqualTo("4,00 kWh");
        assertThat(figure("battery-figures", "delivered")).isEqualTo("3,00 kWh");
        JsonNode day = api.get("/api/locations/" + location + "/batteries/battery/day?date=" + yesterday).json();
        assertThat(day.get("chargedWh").asLong()).isEqualTo(4000);
        assertThat(figure("battery-figures", "saving")).isEqualTo(day.get("priced").asBoolean()
                ? euro(day.get("saving").get("euros").decimalValue()) : "geen tarief");
        assertThat(text("battery-coverage")).isEqualTo("16 van 96 kwartieren gemeten");

        // the week holding yesterday: seven days, yesterday's bars among them
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector("#battery-periods [data-period=week]")));
        await().until(b -> "7".equals(chart.getDomAttribute("data-points")));
        assertThat(chart.getDomAttribute("data-measured")).isNotEqualTo("0");
        assertThat(figure("battery-figures", "stored")).matches("\\d+,\\d\\d kWh");
        assertThat(browser.findElement(By.id("battery-decisions")).findElements(By.tagName("li"))).isNotEmpty();
        // a household with a battery and a car but no boiler orders the surplus here as well
        await().until(b -> b.findElements(By.cssSelector("#battery #heat-surplus-order li")).size() == 3);
        assertThat(tooSmall("#battery")).isEmpty();
        HeadlessChromium.screenshot(browser, test, "-battery");
        List<String> found = new ArrayList<>(axe.violations(browser, "battery page at 390 px", logged));

        // the heat battery page from its tile
        open("#dashboard", "dashboard");
        WebElement heat = await(Duration.ofSeconds(30)).until(b -> b.findElements(By.cssSelector(
                "#modules a[data-kind=HEAT_BATTERY][data-device=boiler]")).stream().findFirst().orElse(null));
        String preferences = "/api/locations/" + location + "/boilers/boiler/preferences";
        String order = "/api/locations/" + location + "/surplus-order";
        assertThat(api.get(preferences).status()).isEqualTo(200);
        assertThat(api.get(order).status()).isEqualTo(200);
        boolean settable = true;
        HeadlessChromium.tap(browser, heat);
        await().until(b -> b.findElement(By.id("heat")).isDisplayed());
        settingsLoaded(settable);
        await().until(b -> text("heat-temperature").matches("\\d{1,2}(,\\d)? °C"));
        assertThat(text("heat-status")).isIn("Inactief / stand-by", "Laden", "Fout");
        HeadlessChromium.tap(browser, browser.findElement(By.id("heat-previous")));
        WebElement heatChart = browser.findElement(By.id("heat-chart"));
        await().until(b -> "4".equals(heatChart.getDomAttribute("data-measured")));
        assertThat(figure("heat-figures", "energy")).isEqualTo("2,40 kWh");
        assertThat(figure("heat-figures", "temperature")).isEqualTo("53 °C");
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector("#heat-periods [data-period=month]")));
        await().until(b -> heatChart.getDomAttribute("data-points") != null
                && Integer.parseInt(heatChart.getDomAttribute("data-points")) >= 28);

        // the boiler's preferences: a temperature that is no number is refused under its field; 50 °C is saved
        if (settable) {
            WebElement floor = browser.findElement(By.id("heat-floor"));
            floor.clear();
            floor.sendKeys("warm");
            HeadlessChromium.tap(browser, browser.findElement(By.id("heat-preferences-save")));
            await().until(b -> fieldError("heat-preferences-form")
                    .equals("Geef een temperatuur in graden, bijvoorbeeld 45."));
            floor.clear();
            floor.sendKeys("50");
            HeadlessChromium.tap(browser, browser.findElement(By.id("heat-preferences-save")));
            await().until(b -> "Bewaard.".equals(text("heat-preferences-saved")));
            assertThat(api.get(preferences).json().get("floorC").decimalValue()).isEqualByComparingTo("50");
        } else {
            assertThat(browser.findElement(By.id("heat-preferences-unavailable")).isDisplayed()).isTrue();
        }
        // the surplus order: the boiler one place up
        if (settable) {
            HeadlessChromium.tap(browser, browser.findElement(
                    By.cssSelector("#heat-surplus-order li[data-load=BOILER] button[data-move='-1']")));
            HeadlessChromium.tap(browser, browser.findElement(By.id("heat-surplus-save")));
            await().until(b -> "Bewaard.".equals(text("heat-surplus-saved")));
            JsonNode saved = api.get(order).json().get("order");
            assertThat(saved.get(saved.size() - 1).asString()).isNotEqualTo("BOILER");
        } else {
            assertThat(browser.findElement(By.id("heat-surplus-unavailable")).isDisplayed()).isTrue();
        }
        assertThat(tooSmall("#heat")).isEmpty();
        HeadlessChromium.screenshot(browser, test, "-heat");
        found.addAll(axe.violations(browser, "heat battery page at 390 px", logged));

        // on a laptop, and in the dark
        HeadlessChromium.emulateDesktop(browser, 1366, 900);
        open("#battery/battery", "battery");
        await().until(b -> browser.findElement(By.id("battery-chart")).getDomAttribute("data-points") != null);
        found.addAll(axe.violations(browser, "battery page at 1366 px", logged));
        open("#heat/boiler", "heat");
        await().until(b -> browser.findElement(By.id("heat-chart")).getDomAttribute("data-points") != null);
        settingsLoaded(settable);
        found.addAll(axe.violations(browser, "heat battery page at 1366 px", logged));
        HeadlessChromium.screenshot(browser, test, "-desktop");
        HeadlessChromium.emulateColorScheme(browser, true);
        open("#battery/battery", "battery");
        await().until(b -> browser.findElement(By.id("battery-chart")).getDomAttribute("data-points") != null);
        found.addAll(axe.violations(browser, "battery page in dark mode", logged));
        open("#heat/boiler", "heat");
        await().until(b -> browser.findElement(By.id("heat-chart")).getDomAttribute("data-points") != null);
        settingsLoaded(settable);
        found.addAll(axe.violations(browser, "heat battery page in dark mode", logged));
        assertThat(found).isEmpty();

        // in French, the manual's words
        open("#battery/battery", "battery");
        browser.executeScript("const s = document.getElementById('language'); s.value = 'fr';"
                + " s.dispatchEvent(new Event('change'));");
        await().until(b -> "fr".equals(b.findElement(By.tagName("html")).getDomAttribute("lang"))
                && "Batterie domestique".equals(text("battery-title")));
        await().until(b -> List.of("Veille", "Chargement", "Déchargement", "Erreur").contains(text("battery-status")));
        assertThat(browser.findElement(By.cssSelector("#battery-figures div:nth-child(3) dt")).getText())
                .isEqualTo("Économies");
    }

    @Test
    void aBatteryEnteredInTheSettingsIsConnectedThroughItsAdapterForm(TestInfo test) throws Exception {
        Browser api = owner();
        long location = api.get("/api/meters").json().get(0).get("location").asLong();
        String device = api.post("/api/locations/" + location + "/devices", "{\"kind\":\"BATTERY\"}").json()
                .get("id").asString();
        signIn();
        open("#settings", "settings");

        // the battery's row offers the battery's adapter types by name, each with its settings named in Dutch
        WebElement row = await(Duration.ofSeconds(30)).until(b -> b.findElements(By.cssSelector(
                "li[data-kind=BATTERY]")).stream().filter(r -> !r.findElements(By.cssSelector(
                "details.device-adapter")).isEmpty()).findFirst().orElse(null));
        WebElement details = row.findElement(By.cssSelector("details.device-adapter"));
        HeadlessChromium.tap(browser, details.findElement(By.tagName("summary")));
        WebElement type = details.findElement(By.cssSelector("select[name=type]"));
        List<String> types = type.findElements(By.tagName("option")).stream().map(WebElement::getText).toList();
        assertThat(types).contains("SunSpec (Modbus TCP)", "Modbus TCP (registerkaart)", "Simulator");
        new org.openqa.selenium.support.ui.Select(type).selectByValue("modbus");
        assertThat(details.getText()).contains("Register van de laadtoestand", "Bruikbare capaciteit (kWh)");
        HeadlessChromium.screenshot(browser, test, "-adapter-form");

        // connected as the simulated battery: the server runs it, and the row says so
        new org.openqa.selenium.support.ui.Select(type).selectByValue("sim");
        HeadlessChromium.tap(browser, details.findElement(By.cssSelector("button[type=submit]")));
        await(Duration.ofSeconds(30)).until(b -> {
            JsonNode batteries = api.get("/api/locations/" + location + "/batteries").json();
            for (JsonNode battery : batteries) {
                if (battery.get("device").asString().equals(device)) {
                    return true;
                }
            }
            return false;
        });
        // the list is written anew after the save: read it in one go, as often as it takes
        await().until(b -> Boolean.TRUE.equals(browser.executeScript("return [...document.querySelectorAll("
                + "'li[data-kind=BATTERY] details.device-adapter summary')].some((s) => s.textContent.startsWith("
                + "'Verbonden (sim)'))")));
        // the server's own battery and boiler are listed too, changed only by the operator
        await().until(b -> Long.valueOf(2).equals(browser.executeScript(
                "return document.querySelectorAll('li[data-kind=battery], li[data-kind=boiler]').length")));
    }

    /**
     * Waits for the heat battery page's forms: where the server does not keep the boiler's preferences and the surplus
     * order (their API answers 404), the page says so, and the two refusals Chromium logs are expected.
     */
    private static void settingsLoaded(boolean settable) {
        if (settable) {
            await().until(b -> !b.findElement(By.id("heat-floor")).getDomProperty("value").isEmpty());
            return;
        }
        await().until(b -> b.findElement(By.id("heat-preferences-unavailable")).isDisplayed()
                && b.findElement(By.id("heat-surplus-unavailable")).isDisplayed());
        HeadlessChromium.expectInConsole(browser, "/preferences", "/surplus-order");
    }

    /** Yesterday's quarters, as the history's listener would have written them. */
    private void storeYesterday(long location, LocalDate day) {
        Instant midnight = day.atStartOfDay(BRUSSELS).toInstant();
        Instant ten = day.atTime(10, 0).atZone(BRUSSELS).toInstant();
        Instant six = day.atTime(18, 0).atZone(BRUSSELS).toInstant();
        Instant seven = day.atTime(7, 0).atZone(BRUSSELS).toInstant();
        assertThat(midnight).isBefore(seven);
        for (int i = 0; i < 8; i++) {
            Instant q = ten.plusSeconds(900L * i);
            history.save(new BatteryQuarter(location, "battery", q, 500, 0, 25 + 5 * (i + 1), 25 + 5 * i,
                    25 + 5 * (i + 1), 900_000, q, q.plusSeconds(900)));
            Instant e = six.plusSeconds(900L * i);
            history.save(new BatteryQuarter(location, "battery", e, 0, 375, 65 - 3.75 * (i + 1), 65 - 3.75 * (i + 1),
                    65 - 3.75 * i, 900_000, e, e.plusSeconds(900)));
        }
        for (int i = 0; i < 4; i++) {
            Instant q = seven.plusSeconds(900L * i);
            history.save(new BoilerQuarter(location, "boiler", q, 600, 50.0 + 2 * i, 49.0 + 2 * i, 51.0 + 2 * i,
                    900_000, 900_000, q, q.plusSeconds(900)));
        }
    }

    /**
     * The battery's and boiler's readings every second, as the address's loop publishes them, unless the loop reads
     * the demo's own battery and boiler already.
     */
    private void readLikeTheLoop(long location) {
        String meter = "home";
        boolean loopReads = devices.running(meter, DeviceKind.BATTERY, BatteryPort.class).containsKey("battery")
                && devices.running(meter, DeviceKind.BOILER, BoilerPort.class).containsKey("boiler");
        // the demo's battery and boiler run in its address's loop, which publishes their readings
        assertThat(loopReads).isTrue();
        if (loopReads || readings != null) {
            return;
        }
        readings = Executors.newSingleThreadScheduledExecutor();
        readings.scheduleAtFixedRate(() -> {
            Instant now = Instant.now();
            double soc = 40 + (now.getEpochSecond() % 600) / 60.0;
            context.publishEvent(new BatteryRead(location, "battery",
                    new BatteryReading(now, BatteryStatus.CHARGING, soc, Power.ofWatts(1500))));
            context.publishEvent(new BoilerRead(location, "boiler", new BoilerReading(now, BoilerStatus.HEATING,
                    OptionalDouble.of(52.5), Power.ofWatts(2400), true)));
        }, 0, 1, TimeUnit.SECONDS);
    }

    private static String euro(java.math.BigDecimal amount) {
        return "€ " + amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString().replace('.', ',');
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText().replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    private static String figure(String list, String field) {
        return browser.findElement(By.cssSelector("#" + list + " [data-field=" + field + "]")).getText()
                .replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    private static String fieldError(String form) {
        List<WebElement> errors = browser.findElements(By.cssSelector("#" + form + " .field-error"));
        return errors.stream().filter(WebElement::isDisplayed).map(WebElement::getText).findFirst().orElse("");
    }

    private Browser owner() {
        TestHousehold.Login login = TestHousehold.login(context, "home");
        Browser api = new Browser(port).open();
        assertThat(api.post("/api/account/login", "{\"email\":\"" + login.email() + "\",\"password\":\""
                + login.password() + "\"}").status()).isEqualTo(200);
        return api;
    }

    private void signIn() {
        BrowserSession.signIn(browser, port, TestHousehold.login(context, "home"));
        browser.executeScript("localStorage.clear()");
    }

    /** Opens the page at #fragment and waits until its view shows in Dutch with every text in. */
    private void open(String fragment, String view) {
        browser.get("http://localhost:" + port + "/" + fragment);
        await().until(b -> b.findElement(By.id(view)).isDisplayed());
        await().until(b -> Boolean.TRUE.equals(browser.executeScript(
                "return document.readyState === 'complete' && document.documentElement.lang === 'nl'"
                        + " && !document.querySelector('[data-i18n]:empty:not([hidden])')")));
    }

    /** The visible buttons, tiles, fields and tabs of a part of the page lower or narrower than 44 px. */
    @SuppressWarnings("unchecked")
    private static List<String> tooSmall(String within) {
        return (List<String>) browser.executeScript("""
                const small = [];
                const wanted = ['button', 'select', 'a.storage-tile', '.form input:not([type=checkbox])'];
                for (const el of document.querySelectorAll(wanted.map((w) => arguments[0] + ' ' + w).join(', '))) {
                  const r = el.getBoundingClientRect();
                  if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
                  if (r.height < 43.5 || r.width < 43.5) {
                    small.push(`${el.id || el.name || el.tagName} "${el.textContent.trim().slice(0, 30)}"`
                      + ` ${Math.round(r.width)}×${Math.round(r.height)}`);
                  }
                }
                return small;""", within);
    }

    private static WebDriverWait await() {
        return await(Duration.ofSeconds(15));
    }

    private static WebDriverWait await(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }
}
