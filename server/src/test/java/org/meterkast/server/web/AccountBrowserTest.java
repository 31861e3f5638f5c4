package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
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
 * The account and address screens in a real browser (Debian's Chromium, headless, as {@link WebAppBrowserTest}):
 * a new household registers, adds its address with its EAN, imports a real Mijn Fluvius export and sees its days,
 * enters a tariff and a device, switches to French, logs out and in again; and the demo login shows the simulated
 * household live. Each page leaves a screenshot in target/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountBrowserTest {
    /** A real export: three days of quarter hours (29–31 March 2025) of EAN 541448820050357909. */
    private static final String EXPORT =
            "/fluvius/Verbruikshistoriek_elektriciteit_541448820050357909_20250329_20250331_kwartiertotalen.csv";
    private static final String EAN = "541448820050357909";
    /** The same EAN with a wrong last digit: the check digit catches the typo. */
    private static final String EAN_TYPO = "541448820050357908";

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        // the simulated household goes to the demo account, whose login the login page offers
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> 3);
        // the simulated dongle listens on this machine, which an added source may reach only when named
        registry.add("meterkast.added-sources.allowed-networks", () -> "127.0.0.0/8");
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

    /** Nothing the page did was refused by the Content-Security-Policy. */
    @AfterEach
    void nothingRefused() {
        assertThat(HeadlessChromium.refusedByContentSecurityPolicy(browser)).isEmpty();
    }

    @BeforeEach
    void signedOutWithNothingRemembered() {
        // a page of the server that is not the app: the app started with the last test's session would be cut off
        // mid-call by the cookies' going
        browser.get(url("manifest.webmanifest"));
        browser.executeScript("localStorage.clear()");
        browser.manage().deleteAllCookies();
        browser.get("about:blank");
        browser.manage().window().setSize(new Dimension(412, 915));
    }

    @Test
    void aNewHouseholdRegistersAddsItsAddressImportsFluviusAndKeepsItsSettings(TestInfo test) throws Exception {
        open("");
        await().until(b -> b.findElement(By.id("login")).isDisplayed());
        await().until(b -> text("#login > h2").equals("Welkom terug!"));
        screenshot(test, "-1-login");

        browser.findElement(By.cssSelector("#login a[href='#register']")).click();
        await().until(b -> b.findElement(By.id("register")).isDisplayed());
        type("#register-form", "name", "Sofie");
        type("#register-form", "email", "sofie@gent.be");
        type("#register-form", "password", "een-lang-wachtwoord");
        new Select(field("#register-form", "language")).selectByValue("nl");
        screenshot(test, "-2-register");
        submit("#register-form");

        // no address yet: the "+" flow starts by itself
        await().until(b -> b.findElement(By.id("add-address")).isDisplayed());
        type("#add-address-form", "name", "Thuis");
        type("#add-address-form", "street", "Veldstraat 1");
        type("#add-address-form", "postalCode", "9000");
        type("#add-address-form", "city", "Gent");
        screenshot(test, "-3-add-address");
        submit("#add-address-form");

        await().until(b -> b.findElement(By.id("add-ean-form")).isDisplayed());
        type("#add-ean-form", "eanElectricity", EAN_TYPO);
        await().until(b -> text("#add-ean-form .field-error").contains("het laatste cijfer klopt niet"));
        assertThat(field("#add-ean-form", "eanElectricity").getDomAttribute("aria-invalid")).isEqualTo("true");
        HeadlessChromium.expectInConsole(browser, "/api/ean/" + EAN_TYPO + " - Failed to load resource: the server"
                + " responded with a status of 400");
        screenshot(test, "-4-ean-typo");
        field("#add-ean-form", "eanElectricity").clear();
        type("#add-ean-form", "eanElectricity", EAN);
        await().until(b -> text("#add-ean-form .field-error").contains("elektriciteitsaansluiting"));
        submit("#add-ean-form");

        // the simulated meter is the demo's: only Fluvius data is left for a new address
        await().until(b -> b.findElement(By.id("add-source-form")).isDisplayed());
        assertThat(browser.findElement(By.id("add-no-free")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector("#add-source-form [value=import]")).isSelected()).isTrue();
        submit("#add-source-form");

        await().until(b -> b.findElement(By.id("add-import-form")).isDisplayed());
        field("#add-import-form", "file").sendKeys(fixture(EXPORT).toString());
        submit("#add-import-form");
        WebElement state = browser.findElement(By.id("add-import-state"));
        await().until(b -> "done".equals(state.getDomAttribute("data-state")));
        assertThat(state.getText()).containsPattern("\\d+ kwartieren").contains("29 maart 2025").contains("31 maart 2025");
        assertThat(text("#add-import-form")).contains("mijn.fluvius.be").contains("P1");
        screenshot(test, "-5-import");

        browser.findElement(By.id("add-done")).click();
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        await().until(b -> new Select(b.findElement(By.id("place"))).getFirstSelectedOption().getText().equals("Thuis"));
        screenshot(test, "-6-dashboard");

        // an imported day: 24 hourly bars, the night hours red
        open("#overview/day/2025-03-29");
        WebElement chart = browser.findElement(By.id("chart"));
        await().until(b -> "24".equals(chart.getDomAttribute("data-bars")));
        assertThat(Integer.parseInt(chart.getDomAttribute("data-red"))).isPositive();
        assertThat(text("#period-summary [data-field=offtake]")).matches("\\d+,\\d\\d kWh").isNotEqualTo("0,00 kWh");
        screenshot(test, "-7-overview");

        // the gear opens the address's settings
        browser.findElement(By.id("place-settings")).click();
        await().until(b -> b.findElement(By.id("settings")).isDisplayed());
        await().until(b -> "Thuis".equals(field("#settings-address", "name").getDomProperty("value")));
        assertThat(field("#settings-address", "eanElectricity").getDomProperty("value")).isEqualTo(EAN);
        await().until(b -> text("#tariff-versions").contains("Nog geen tarief"));
        type("#tariff-form", "purchase", "0,31");
        type("#tariff-form", "injection", "0,04");
        submit("#tariff-form");
        await().until(b -> text("#tariff-history").contains("€ 0,31/kWh") || text("#tariff-history").contains("0,31 €/kWh"));
        assertThat(text("#tariff-history")).contains("bewaard").contains("0,04");
        assertThat(text("#tariff-versions")).contains("afname").contains("0,31");

        // the digital meter came with the EAN; an inverter is added by hand
        await().until(b -> text("#device-list").contains("Digitale meter (Fluvius data)"));
        assertThat(text("#device-list")).contains(EAN).contains("Actief sinds");
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector("#settings-devices summary")));
        new Select(field("#device-form", "kind")).selectByValue("INVERTER");
        type("#device-form", "label", "SMA Sunny Boy");
        type("#device-form", "serial", "3012345678");
        submit("#device-form");
        await().until(b -> text("#device-list").contains("Omvormer: SMA Sunny Boy"));
        assertThat(text("#device-list")).contains("SN: 3012345678");

        type("#token-form", "name", "script");
        submit("#token-form");
        await().until(b -> b.findElement(By.id("token-issued")).isDisplayed());
        assertThat(text("#token-secret")).hasSizeGreaterThan(20);
        await().until(b -> text("#token-list").contains("script"));
        screenshot(test, "-9-account");
        browser.executeScript("document.getElementById('settings-tariffs').scrollIntoView()");
        screenshot(test, "-8-settings");

        // French, for the page and for the account: a fresh browser signed in to it shows French
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        await().until(b -> text("#settings .page-title").startsWith("Paramètres"));
        assertThat(browser.findElement(By.id("nav-overview")).getText()).isEqualTo("Aperçu");
        assertThat(text("#settings-tariffs h2")).isEqualTo("Tarifs");
        browser.executeScript("localStorage.clear()");
        open("#settings");
        await().until(b -> b.findElement(By.id("settings")).isDisplayed());
        await().until(b -> text("#settings .page-title").startsWith("Paramètres"));
        await().until(b -> text("#device-list").contains("Onduleur: SMA Sunny Boy")
                || text("#device-list").contains("Onduleur : SMA Sunny Boy"));
        screenshot(test, "-10-settings-fr");

        HeadlessChromium.tap(browser, browser.findElement(By.id("logout")));
        await().until(b -> b.findElement(By.id("login")).isDisplayed());
        assertThat(browser.findElement(By.cssSelector(".bar nav")).isDisplayed()).isFalse();
        // the session is gone on the server too
        Object status = browser.executeAsyncScript(
                "fetch('/api/meters').then(r => arguments[arguments.length - 1](r.status))");
        assertThat(status).isEqualTo(401L);
        HeadlessChromium.expectInConsole(browser, "/api/meters - Failed to load resource: the server responded with a"
                + " status of 401");

        type("#login-form", "email", "sofie@gent.be");
        type("#login-form", "password", "not-the-password");
        submit("#login-form");
        // the server names the password as the field at fault: its message is under it
        await().until(b -> text("#login-form .field-error").contains("mot de passe"));
        HeadlessChromium.expectInConsole(browser, "/api/account/login - Failed to load resource: the server responded"
                + " with a status of 401");
        field("#login-form", "password").clear();
        type("#login-form", "password", "een-lang-wachtwoord");
        submit("#login-form");
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        await().until(b -> new Select(b.findElement(By.id("place"))).getFirstSelectedOption().getText().equals("Thuis"));
        assertThat(text("#dashboard h2")).startsWith("Hier");
        screenshot(test, "-11-logged-in-again");
    }

    @Test
    void aDongleTypedInThePlusFlowShowsLiveDataOnTheDashboard(TestInfo test) throws Exception {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        org.meterkast.sim.SimulatedMeter simulated = new org.meterkast.sim.SimulatedMeter(
                new org.meterkast.sim.Household(org.meterkast.sim.HouseholdSettings.defaults(11)), now);
        try (org.meterkast.sim.TelegramTcpServer dongle = org.meterkast.sim.TelegramTcpServer.start(
                new java.net.InetSocketAddress("127.0.0.1", 0), org.meterkast.sim.TelegramStream.paced(simulated,
                        org.meterkast.sim.SimulationClock.startingNow(java.time.Clock.systemUTC(), now, 1)))) {
            browser.manage().deleteAllCookies();
            open("#register");
            await().until(b -> b.findElement(By.id("register")).isDisplayed());
            type("#register-form", "name", "Jan");
            type("#register-form", "email", "jan@dongle.be");
            type("#register-form", "password", "een-lang-wachtwoord");
            new Select(field("#register-form", "language")).selectByValue("nl");
            submit("#register-form");
            await().until(b -> b.findElement(By.id("add-address-form")).isDisplayed());
            type("#add-address-form", "name", "Appartement");
            submit("#add-address-form");
            await().until(b -> b.findElement(By.id("add-ean-form")).isDisplayed());
            submit("#add-ean-form");

            await().until(b -> b.findElement(By.id("add-source-form")).isDisplayed());
            browser.findElement(By.cssSelector("#add-source-form [value=tcp]")).click();
            type("#add-source-form", "address", "192.168.1.50");
            submit("#add-source-form");
            await().until(b -> text("#add-source-form .field-error").contains("is geen adres dat Meterkast kan uitlezen"));
            HeadlessChromium.expectInConsole(browser,
                    "/api/locations - Failed to load resource: the server responded with a status of 400");
            field("#add-source-form", "address").clear();
            type("#add-source-form", "address", "127.0.0.1:" + dongle.port());
            screenshot(test, "-1-dongle");
            submit("#add-source-form");

            await().until(b -> b.findElement(By.id("add-import-form")).isDisplayed());
            browser.findElement(By.id("add-done")).click();
            await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
            WebElement circle = browser.findElement(By.id("live"));
            await().until(b -> circle.getDomAttribute("class").matches(".*\\b(offtake|injection)\\b.*"));
            assertThat(browser.findElement(By.id("live-value")).getText()).matches("\\d+,\\d\\d kW");
            assertThat(new Select(browser.findElement(By.id("place"))).getFirstSelectedOption().getText())
                    .isEqualTo("Appartement");
            assertThat(dongle.clientCount()).isEqualTo(1);
            screenshot(test, "-2-live");
        }
    }

    @Test
    void theDemoLoginShowsTheSimulatedHouseholdLive(TestInfo test) throws IOException {
        open("#dashboard");
        // signed out, any page leads to the login
        await().until(b -> b.findElement(By.id("login")).isDisplayed());
        await().until(b -> b.findElement(By.id("login-demo")).isDisplayed());
        assertThat(text("#login-demo-credentials")).contains("demo@meterkast.local");
        screenshot(test, "-login");

        browser.findElement(By.id("login-demo-button")).click();
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        WebElement circle = browser.findElement(By.id("live"));
        await().until(b -> circle.getDomAttribute("class").matches(".*\\b(offtake|injection)\\b.*"));
        assertThat(browser.findElement(By.id("live-value")).getText()).matches("\\d+,\\d\\d kW");
        assertThat(new Select(browser.findElement(By.id("place"))).getFirstSelectedOption().getText())
                .isEqualTo("Demo home");
        screenshot(test, "-dashboard");
    }

    /** Every page is opened here, signed in or not: the session is the browser's cookie. */
    private void open(String hash) {
        browser.get(url(hash));
    }

    private String url(String fragment) {
        return "http://localhost:" + port + "/" + fragment;
    }

    private static WebElement field(String form, String name) {
        return browser.findElement(By.cssSelector(form + " [name=" + name + "]"));
    }

    private static void type(String form, String name, String text) {
        field(form, name).sendKeys(text);
    }

    private static void submit(String form) {
        HeadlessChromium.tap(browser, browser.findElement(By.cssSelector(form + " [type=submit]")));
    }

    private static String text(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).reduce("", String::concat);
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(AccountBrowserTest.class.getResource(name).toURI()).toAbsolutePath();
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private static void screenshot(TestInfo test, String suffix) throws IOException {
        HeadlessChromium.screenshot(browser, test, suffix);
    }
}
