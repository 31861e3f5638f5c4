package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.sim.ev.Car;
import org.meterkast.sim.ev.ChargePointFleet;
import org.meterkast.sim.ev.ChargePointSettings;
import org.meterkast.sim.ev.OcppChargePoint;
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
 * The charger page as a household uses it, in Chromium at a phone's size, against two chargers of the simulated
 * household: an OCPP 1.6J wallbox entered in the address's devices, played by the simulator's charge point over a
 * real WebSocket with a car plugged in, and a charger of type {@code sim} from the server's properties, steered by
 * the control loop. The walk: the dashboard's tile shows the live status and power and opens the page; the page shows
 * the manual's status, the power and the km/h from the consumption (25 kWh/100 km, then 20), refuses the manual's
 * "250" under the field, saves the modes and the plan's goal, stops charging and shows the server's refusal of a
 * second stop in Dutch, and passes axe-core at phone and desktop size and in dark mode; the simulated charger's page
 * shows its status and power from the loop and the loop's decisions in words, and the smart-charging discount's
 * unmet conditions, an enrolment and its month's report in euro.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChargerPageBrowserTest {
    private static final String CHARGE_POINT = "CP-EVUI-1";
    private static final String PASSWORD = "a-wallbox-password-42";
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;

    @TempDir
    static Path folder;

    static ChromeDriver browser;
    static ChargePointFleet fleet;
    static Axe axe;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> 3);
        registry.add("server.shutdown", () -> "immediate");
        // the household's second charger, simulated in the server: an 11 kW car plugged in at 30 %
        registry.add("meterkast.meters.home.devices.driveway.kind", () -> "charger");
        registry.add("meterkast.meters.home.devices.driveway.type", () -> "sim");
        registry.add("meterkast.meters.home.devices.driveway.soc", () -> "30");
        registry.add("meterkast.control.interval", () -> "1s");
        registry.add("meterkast.ocpp.meter-value-interval", () -> "2s");
    }

    @BeforeAll
    static void start() throws IOException {
        browser = HeadlessChromium.start(folder.resolve("profile"));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        fleet = ChargePointFleet.withDefaultTiming();
        axe = Axe.load();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @BeforeEach
    void phone() {
        BrowserSession.speakDutch(context);
        HeadlessChromium.emulateColorScheme(browser, false);
        HeadlessChromium.emulatePhone(browser, PHONE_WIDTH, PHONE_HEIGHT);
    }

    /** Console lines read while axe ran, but logged by the page before it: checked with the rest after the test. */
    static final List<String> logged = new ArrayList<>();

    /** No error and no warning in the console but those a step provoked and expected. */
    @AfterEach
    void consoleStaysClean() {
        logged.addAll(HeadlessChromium.consoleErrors(browser));
        List<String> found = List.copyOf(logged);
        logged.clear();
        assertThat(found).isEmpty();
    }

    @Test
    void anOcppWallboxIsWatchedSetAndStoppedFromItsPage(TestInfo test) throws Exception {
        Browser api = owner();
        String location = api.get("/api/meters").json().get(0).get("location").asString();
        String device = wallbox(api, location);
        OcppChargePoint wallbox = fleet.connect(ChargePointSettings.of(URI.create("ws://localhost:" + port + "/ocpp"),
                CHARGE_POINT, PASSWORD).withMeterValueInterval(Duration.ofSeconds(2)), Clock.systemUTC(), line -> { });
        wallbox.plugIn(Car.typical(40));
        signIn();

        // the dashboard's tile: the manual's status and the power, live, opening the charger page
        open("#dashboard", "dashboard");
        // (the status comes with the charger's StatusNotification, the power with its first MeterValues after it)
        WebElement tile = await(Duration.ofSeconds(45)).until(b -> {
            WebElement t = b.findElement(By.cssSelector("#modules [data-device='" + device + "']"));
            return "CHARGING".equals(t.getDomAttribute("data-status"))
                    && !"0,00 kW".equals(t.findElement(By.cssSelector("[data-field=power]")).getText()) ? t : null;
        });
        assertThat(tile.findElement(By.cssSelector("h3")).getText()).isEqualTo("Carport");
        assertThat(tile.findElement(By.cssSelector("[data-field=status]")).getText()).isEqualTo("Laden");
        assertThat(tile.findElement(By.cssSelector("[data-field=power]")).getText()).matches("\\d+,\\d\\d kW")
                .isNotEqualTo("0,00 kW");
        HeadlessChromium.screenshot(browser, test, "-dashboard");
        HeadlessChromium.tap(browser, tile);
        await().until(b -> b.findElement(By.id("charger")).isDisplayed());
        assertThat(browser.getCurrentUrl()).endsWith("#charger/" + device);

        // status, power, and the km/h the manual's way: W / (10 × kWh/100 km), rounded down
        await().until(b -> "Laden".equals(text("charger-status")) && speedMatches(25));
        assertThat(text("charger-title")).isEqualTo("Carport");
        assertThat(text("charger-power")).matches("\\d+,\\d\\d kW");
        assertThat(text("charger-km")).matches("\\+\\d+ km");
        assertThat(text("charger-offered")).isEqualTo("16 A per fase (3-fasig)");
        assertThat(text("charger-address")).startsWith(api.get("/api/meters").json().get(0).get("locationName")
                .asString());
        // the account's other charger, the one of the server's settings
        await().until(b -> text("charger-others").contains("driveway"));

        // the gear: the manual's "250 kWh/100 km" is refused under the field, 20 is saved and the speed follows
        HeadlessChromium.tap(browser, browser.findElement(By.id("charger-gear")));
        WebElement consumption = browser.findElement(By.id("charger-consumption-input"));
        assertThat(consumption.getDomProperty("value")).isEqualTo("25");
        consumption.clear();
        consumption.sendKeys("250");
        HeadlessChromium.tap(browser, browser.findElement(By.id("charger-consumption-save")));
        await().until(b -> fieldError("charger-consumption-form").equals(
                "Het verbruik ligt tussen 5 en 60 kWh per 100 km."));
        assertThat(preferences(api, location, device).get("consumptionKwh100Km").decimalValue())
                .isEqualByComparingTo("25");
        consumption.clear();
        consumption.sendKeys("20");
        HeadlessChromium.tap(browser, browser.findElement(By.id("charger-consumption-save")));
        await().until(b -> fieldError("charger-consumption-form").equals("Bewaard."));
        assertThat(preferences(api, location, device).get("consumptionKwh100Km").decimalValue())
                .isEqualByComparingTo("20");
        await().until(b -> speedMatches(20));

        // the modes, saved as the household chose
        chooseMode("min_solar");
        await().until(b -> text("charger-mode-saved").equals("Bewaard: Min + zon."));
        assertThat(preferences(api, location, device).get("mode").asString()).isEqualTo("MIN_SOLAR");
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector("#charger-mode-form [value=plan]")));
        WebElement goal = browser.findElement(By.id("charger-goal"));
        assertThat(goal.isDisplayed()).isTrue();
        type(goal, "targetSoc", "80");
        type(goal, "normalUpTo", "30");
        type(goal, "soc", "40");
        type(goal, "batteryKwh", "60,5");
        browser.executeScript("const d = document.querySelector('#charger-goal [name=departure]');"
                + "d.value = '07:00'; d.dispatchEvent(new Event('change', { bubbles: true }));");
        HeadlessChromium.tap(browser, browser.findElement(By.id("charger-mode-save")));
        await().until(b -> text("charger-mode-saved").equals("Bewaard: Plan."));
        JsonNode plan = preferences(api, location, device);
        assertThat(plan.get("mode").asString()).isEqualTo("PLAN");
        assertThat(plan.get("targetSoc").asInt()).isEqualTo(80);
        assertThat(plan.get("departure").asString()).isEqualTo("07:00:00");
        assertThat(plan.get("batteryKwh").decimalValue()).isEqualByComparingTo("60.5");
        // the plan, or, from a server without a planner (404), that it cannot be shown yet
        await().until(b -> b.findElement(By.id("charger-plan-card")).isDisplayed() && !text("charger-plan-text").isEmpty());
        String state = browser.findElement(By.id("charger-plan-card")).getDomAttribute("data-state");
        if ("unavailable".equals(state)) {
            assertThat(text("charger-plan-text"))
                    .isEqualTo("Het plan kan nog niet getoond worden: deze server plant het laden niet.");
            HeadlessChromium.expectInConsole(browser, "/plan");
        }
        chooseMode("now");
        await().until(b -> text("charger-mode-saved").equals("Bewaard: Nu."));
        assertThat(browser.findElement(By.id("charger-plan-card")).isDisplayed()).isFalse();

        // the sessions and the energy charged per week (7 days) and year (12 months)
        await().until(b -> b.findElements(By.cssSelector("#charger-sessions tr[data-transaction]")).size() == 1);
        assertThat(text("charger-sessions")).contains("loopt nog");
        assertThat(browser.findElement(By.id("charger-chart")).getDomAttribute("data-bars")).isEqualTo("7");
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector("#charger-periods [data-period=year]")));
        await().until(b -> "12".equals(b.findElement(By.id("charger-chart")).getDomAttribute("data-bars")));
        HeadlessChromium.screenshot(browser, test, "-page");

        // "Stop charging", confirmed: the charger ends the session
        HeadlessChromium.tap(browser, browser.findElement(By.id("charger-stop")));
        assertThat(browser.switchTo().alert().getText()).isEqualTo(
                "Laden stoppen aan Carport? Dit beëindigt de laadsessie.");
        browser.switchTo().alert().accept();
        await().until(b -> b.findElement(By.id("charger-stopped")).isDisplayed());
        await(Duration.ofSeconds(20)).until(b -> !text("charger-status").equals("Laden")
                && !text("charger-sessions").contains("loopt nog"));
        assertThat(wallbox.transactionId()).isEmpty();
        // a second stop: the server's refusal, in the page's language
        HeadlessChromium.tap(browser, browser.findElement(By.id("charger-stop")));
        browser.switchTo().alert().accept();
        await().until(b -> b.findElement(By.cssSelector("#charger-stop-form [data-error]")).isDisplayed());
        assertThat(text("charger-stop-form")).contains("Laadpaal '" + device + "' heeft geen lopende laadsessie.");
        HeadlessChromium.expectInConsole(browser, "/stop");

        // whatever a thumb presses is at least 44 px; no serious accessibility violation, on a phone, on a laptop,
        // and in the dark
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector("#smart-charging-enrolment-card summary")));
        assertThat(tooSmall()).isEmpty();
        List<String> found = new ArrayList<>(axe.violations(browser, "charger at 390 px", logged));
        HeadlessChromium.emulateDesktop(browser, 1366, 900);
        open("#dashboard", "dashboard");
        open("#charger/" + device, "charger");
        await().until(b -> "EV verbonden".equals(text("charger-status")) || "Stand-by".equals(text("charger-status")));
        found.addAll(axe.violations(browser, "charger at 1366 px", logged));
        HeadlessChromium.screenshot(browser, test, "-desktop");
        HeadlessChromium.emulateColorScheme(browser, true);
        open("#dashboard", "dashboard");
        open("#charger/" + device, "charger");
        found.addAll(axe.violations(browser, "charger in dark mode", logged));
        assertThat(found).isEmpty();
        wallbox.close();
    }

    @Test
    void aSimulatedChargerShowsItsStatusAndPowerFromTheControlLoop(TestInfo test) throws IOException {
        signIn();
        open("#dashboard", "dashboard");
        WebElement tile = await(Duration.ofSeconds(30)).until(b -> {
            WebElement t = b.findElement(By.cssSelector("#modules [data-device='driveway']"));
            return "CHARGING".equals(t.getDomAttribute("data-status")) ? t : null;
        });
        assertThat(tile.findElement(By.cssSelector("h3")).getText()).isEqualTo("driveway");
        // the simulated car takes at most its 11 kW of the 11,040 W the charger's 16 A on 3 phases would give
        assertThat(tile.findElement(By.cssSelector("[data-field=power]")).getText()).isEqualTo("11,00 kW");
        HeadlessChromium.tap(browser, tile);
        await().until(b -> b.findElement(By.id("charger")).isDisplayed() && "Laden".equals(text("charger-status")));
        assertThat(text("charger-power")).isEqualTo("11,00 kW");
        // 11,000 W / (10 × 25 kWh/100 km) = 44 km/h
        assertThat(text("charger-speed")).isEqualTo("44 km/u");
        // no OCPP charge point: no sessions kept and no remote stop, the mode stops it
        assertThat(browser.findElement(By.id("charger-stop-form")).isDisplayed()).isFalse();
        assertThat(text("charger-stop-hint")).isEqualTo("Zet de modus op Uit om deze laadpaal te stoppen.");
        assertThat(browser.findElement(By.id("charger-sessions-card")).isDisplayed()).isFalse();
        // the loop's decisions, each with its reason in words
        await().until(b -> text("charger-decisions").contains("Nu laden aan vol vermogen: 11 kW op 3 fasen"));
        assertThat(text("charger-decisions")).contains("16 A op 3 fasen");
        HeadlessChromium.screenshot(browser, test, "");

        // the smart-charging discount: every unmet condition in words until the household enrols
        await().until(b -> "Komt nog niet in aanmerking".equals(text("smart-charging-state")));
        String supplyContract = "U hebt een elektriciteitscontract bij Luminus als consument nodig.";
        assertThat(text("smart-charging-unmet")).contains(supplyContract,
                "Geef de ene elektrische wagen op waarvoor de korting geldt.");
        assertThat(text("smart-charging-terms")).startsWith("Slimme laadsessies thuis kosten € 0,085/kWh, voor een "
                + "vergoeding van € 2,50 per maand").endsWith("tot 30 juni 2026.");
        // enrolled from the first of a month the programme ran in (it ends on 30 June 2026)
        LocalDate lastDay = LocalDate.of(2026, 6, 30);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Brussels"));
        LocalDate since = (today.isAfter(lastDay) ? lastDay : today).withDayOfMonth(1);
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector("#smart-charging-enrolment-card summary")));
        WebElement enrolment = browser.findElement(By.id("smart-charging-enrolment"));
        browser.executeScript("arguments[0].value = arguments[1]", enrolment.findElement(By.name("since")),
                since.toString());
        type(enrolment, "vehicle", "Kia EV6");
        type(enrolment, "normalChargingPercent", "30");
        type(enrolment, "targetPercent", "80");
        for (String box : List.of("supplyContract", "quarterHourMetering", "onlyThisApp")) {
            HeadlessChromium.tap(browser, enrolment.findElement(By.name(box)));
        }
        HeadlessChromium.tap(browser, browser.findElement(By.id("smart-charging-save")));
        await().until(b -> "Bewaard.".equals(text("smart-charging-saved")));
        await().until(b -> !text("smart-charging-unmet").contains(supplyContract));
        // the month's report, in euro: nothing charged in smart sessions yet, so no discount, and the fee cut to it
        await().until(b -> b.findElement(By.id("smart-charging-report")).isDisplayed());
        String month = since.format(DateTimeFormatter.ofPattern("LLLL yyyy", Locale.forLanguageTag("nl-BE")));
        assertThat(browser.findElement(By.cssSelector("#smart-charging-month option:checked")).getText())
                .isEqualTo(month);
        WebElement totals = browser.findElement(By.id("smart-charging-totals"));
        assertThat(totals.findElement(By.cssSelector("[data-field=sessions]")).getText()).isEqualTo("0");
        assertThat(totals.findElement(By.cssSelector("[data-field=charged]")).getText()).isEqualTo("0,00 kWh");
        assertThat(totals.findElement(By.cssSelector("[data-field=discount]")).getText()).isEqualTo("€ 0,00");
        assertThat(totals.findElement(By.cssSelector("[data-field=fee]")).getText())
                .isEqualTo("€ 0,00 (begrensd; volledig € 2,50)");
        assertThat(totals.findElement(By.cssSelector("[data-field=net]")).getText()).isEqualTo("€ 0,00");
        assertThat(text("smart-charging-sessions")).isEqualTo("Geen slimme laadsessies deze maand.");
        HeadlessChromium.screenshot(browser, test, "-smart-charging");
    }

    /** Enters the wallbox in the address's devices and connects it as an OCPP 1.6J charger, as the settings page does. */
    private String wallbox(Browser api, String location) {
        Browser.Answer added = api.post("/api/locations/" + location + "/devices",
                "{\"kind\":\"EV_CHARGER\",\"label\":\"Carport\"}");
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
        String device = added.json().get("id").asString();
        Browser.Answer adapter = api.put("/api/locations/" + location + "/devices/" + device + "/adapter",
                "{\"type\":\"ocpp16\",\"values\":{\"charge-point-id\":\"" + CHARGE_POINT + "\",\"password\":\""
                        + PASSWORD + "\"}}");
        assertThat(adapter.status()).as("%s", adapter.json()).isBetween(200, 204);
        return device;
    }

    private static JsonNode preferences(Browser api, String location, String device) {
        return api.get("/api/locations/" + location + "/chargers/" + device + "/preferences").json();
    }

    /** Whether the page's km/h is the one its own power gives at this consumption: W / (10 × kWh/100 km). */
    private static boolean speedMatches(int consumption) {
        Map<?, ?> shown = (Map<?, ?>) browser.executeScript("return { watts: document.getElementById('charger-power')"
                + ".dataset.watts, speed: document.getElementById('charger-speed').textContent };");
        String watts = String.valueOf(shown.get("watts"));
        return watts.matches("[1-9]\\d*")
                && shown.get("speed").equals(Long.parseLong(watts) / (10L * consumption) + " km/u");
    }

    private static void chooseMode(String mode) {
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector("#charger-mode-form [value=" + mode + "]")));
        HeadlessChromium.tap(browser, browser.findElement(By.id("charger-mode-save")));
    }

    private static void type(WebElement form, String name, String value) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    private static String fieldError(String form) {
        List<WebElement> boxes = browser.findElements(By.cssSelector("#" + form + " .field-error"));
        return boxes.isEmpty() ? "" : boxes.get(0).getText().strip();
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

    /** Opens the page at #fragment and waits until its view shows in Dutch and its first figures are in. */
    private void open(String fragment, String view) {
        browser.get("http://localhost:" + port + "/" + fragment);
        await().until(b -> b.findElement(By.id(view)).isDisplayed());
        await().until(b -> Boolean.TRUE.equals(browser.executeScript(
                "return document.readyState === 'complete' && document.documentElement.lang === 'nl'"
                        + " && !document.querySelector('[data-i18n]:empty:not([hidden])')")));
    }

    /** The visible buttons, links of lists, selects, fields and summaries of the page lower or narrower than 44 px. */
    @SuppressWarnings("unchecked")
    private static List<String> tooSmall() {
        return (List<String>) browser.executeScript("""
                const small = [];
                const wanted = 'button, .icon-button, .list a, select, summary, .form input:not([type=radio])'
                  + ':not([type=checkbox]), .modes label, a.charger-tile';
                for (const el of document.querySelectorAll('#charger ' + wanted.split(', ').join(', #charger ')
                  + ', #modules a')) {
                  const r = el.getBoundingClientRect();
                  if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
                  if (r.height < 43.5 || r.width < 43.5) {
                    small.push(`${el.id || el.name || el.tagName} "${el.textContent.trim().slice(0, 30)}"`
                      + ` ${Math.round(r.width)}×${Math.round(r.height)}`);
                  }
                }
                return small;""");
    }

    private static WebDriverWait await() {
        return await(Duration.ofSeconds(15));
    }

    private static WebDriverWait await(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }
}
