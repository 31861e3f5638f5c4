package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a household does with its addresses after adding one, in a real browser: a new account without an address
 * reaches its profile and logs out, and keeps what it typed in the address form; a Fluvius-only address says it has
 * no live source and when its data last arrived, is given a dongle, loses it again, gets a newer export and is
 * removed with its data; and the devices of the simulated household are named in the page's language, active since
 * their first data, with the inverter that feeds the solar circle.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AddressFlowsBrowserTest {
    /** A real export: three days of quarter hours (29–31 March 2025) of EAN 541448820050357909. */
    private static final String EXPORT =
            "/fluvius/Verbruikshistoriek_elektriciteit_541448820050357909_20250329_20250331_kwartiertotalen.csv";
    private static final String EAN = "541448820050357909";
    private static final String EAN_TYPO = "541448820050357908";
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> 3);
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

    @AfterEach
    void nothingRefused() {
        assertThat(HeadlessChromium.refusedByContentSecurityPolicy(browser)).isEmpty();
    }

    @BeforeEach
    void signedOutWithNothingRemembered() {
        // a file of the same origin, not the app: the app would start for the account still signed in and ask the
        // server while its cookie is being deleted (a 401 in the console)
        browser.get(url("favicon.ico"));
        browser.executeScript("localStorage.clear()");
        browser.manage().deleteAllCookies();
        browser.get("about:blank");
        browser.manage().window().setSize(new Dimension(412, 915));
    }

    @Test
    void aNewAccountWithoutAnAddressReachesItsProfileAndLogsOutAndKeepsWhatItTyped(TestInfo test) throws Exception {
        register("Lies", "lies@gent.be");
        await().until(b -> b.findElement(By.id("add-address-form")).isDisplayed());
        // the profile and logging out at the top right, on the "+" flow too
        WebElement profile = browser.findElement(By.id("nav-profile"));
        assertThat(profile.isDisplayed()).isTrue();
        assertThat(profile.getText()).isEqualTo("Profiel");
        assertThat(browser.findElement(By.id("header-logout")).getText()).isEqualTo("Afmelden");

        type("#add-address-form", "name", "Thuis");
        type("#add-address-form", "street", "Veldstraat 1");
        type("#add-address-form", "postalCode", "9000");
        type("#add-address-form", "city", "Gent");
        submit("#add-address-form");
        await().until(b -> b.findElement(By.id("add-ean-form")).isDisplayed());
        type("#add-ean-form", "eanElectricity", EAN_TYPO);
        await().until(b -> text("#add-ean-form .field-error").contains("het laatste cijfer klopt niet"));
        HeadlessChromium.expectInConsole(browser, "/api/ean/" + EAN_TYPO + " - Failed to load resource: the server"
                + " responded with a status of 400");
        // the error stands under its field
        assertThat(browser.findElement(By.cssSelector("#add-ean-form [name=eanElectricity]"))
                .findElement(By.xpath("ancestor::label")).getText()).contains("het laatste cijfer klopt niet");
        screenshot(test, "-1-ean-typo");

        // a look at the profile: the account alone, without an address's cards
        profile.click();
        await().until(b -> b.findElement(By.id("profile-form")).isDisplayed());
        // the form is filled when the account has been read
        await().until(b -> "lies@gent.be".equals(field("#profile-form", "email").getDomProperty("value")));
        assertThat(browser.findElement(By.id("settings-address")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("settings-remove")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("logout")).isDisplayed()).isTrue();
        assertThat(profile.getDomAttribute("class")).contains("active");
        screenshot(test, "-2-profile");

        // and back: what was typed is still there, in both steps
        browser.navigate().back();
        await().until(b -> b.findElement(By.id("add-ean-form")).isDisplayed());
        assertThat(field("#add-ean-form", "eanElectricity").getDomProperty("value")).isEqualTo(EAN_TYPO);
        browser.findElement(By.cssSelector("#add-ean-form [data-back]")).click();
        await().until(b -> b.findElement(By.id("add-address-form")).isDisplayed());
        assertThat(field("#add-address-form", "street").getDomProperty("value")).isEqualTo("Veldstraat 1");
        assertThat(field("#add-address-form", "city").getDomProperty("value")).isEqualTo("Gent");
        // a change of language keeps it too
        browser.executeScript("performance.clearResourceTimings()");
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        await().until(b -> "Profil".equals(b.findElement(By.id("nav-profile")).getText()));
        assertThat(field("#add-address-form", "street").getDomProperty("value")).isEqualTo("Veldstraat 1");
        // the language is saved with the account, then the page is shown again (asking for the free meters): logged
        // out before that is done, the page would be shown again for a signed-out account (a 401 in the console)
        await().until(b -> freeMetersAsked() > 0);

        browser.findElement(By.id("header-logout")).click();
        await().until(b -> b.findElement(By.id("login")).isDisplayed());
        assertThat(browser.findElement(By.id("nav-profile")).isDisplayed()).isFalse();
        Object status = browser.executeAsyncScript(
                "fetch('/api/locations').then(r => arguments[arguments.length - 1](r.status))");
        assertThat(status).isEqualTo(401L);
        HeadlessChromium.expectInConsole(browser, "/api/locations - Failed to load resource: the server responded"
                + " with a status of 401");
    }

    @Test
    void aFluviusOnlyAddressSaysItHasNoLiveSourceGetsOneLosesItGetsAnExportAndIsRemoved(TestInfo test)
            throws Exception {
        register("An", "an@gent.be");
        await().until(b -> b.findElement(By.id("add-address-form")).isDisplayed());
        type("#add-address-form", "name", "Zomerhuis");
        submit("#add-address-form");
        await().until(b -> b.findElement(By.id("add-ean-form")).isDisplayed());
        type("#add-ean-form", "eanElectricity", EAN);
        await().until(b -> text("#add-ean-form .field-error").contains("elektriciteitsaansluiting"));
        submit("#add-ean-form");
        await().until(b -> b.findElement(By.id("add-source-form")).isDisplayed());
        submit("#add-source-form");
        await().until(b -> b.findElement(By.id("add-import-form")).isDisplayed());
        field("#add-import-form", "file").sendKeys(fixture(EXPORT).toString());
        submit("#add-import-form");
        await().until(b -> "done".equals(b.findElement(By.id("add-import-state")).getDomAttribute("data-state")));
        browser.findElement(By.id("add-done")).click();

        // no "waiting for the meter": no live source, the last quarter hour of the export, and a way to add one
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        await().until(b -> text("#dashboard .no-live").contains("Geen live bron op dit adres"));
        assertThat(text("#dashboard .no-live")).contains("31 maart 2025").contains("23:45")
                .contains("Live bron toevoegen");
        assertThat(browser.findElement(By.id("live")).isDisplayed()).isFalse();
        screenshot(test, "-1-dashboard");
        open("#meter");
        await().until(b -> text("#meter .no-live").contains("31 maart 2025"));
        assertThat(browser.findElement(By.id("meter-time")).isDisplayed()).isFalse();
        open("#capacity");
        await().until(b -> text("#capacity .no-live").contains("31 maart 2025"));
        assertThat(browser.findElement(By.id("capacity-quarter")).isDisplayed()).isFalse();
        screenshot(test, "-2-capacity");

        // the digital meter is active since the export's first day, not since the address was made
        browser.findElement(By.cssSelector("#capacity .no-live [data-action=add-source]")).click();
        await().until(b -> b.findElement(By.id("settings-source")).isDisplayed());
        await().until(b -> text("#settings-source-state").contains("Geen live bron"));
        await().until(b -> "2025-03-29".equals(b.findElement(By.cssSelector("#device-list [data-kind=DIGITAL_METER]"))
                .getDomAttribute("data-since")));
        assertThat(text("#device-list [data-kind=DIGITAL_METER]")).contains("Actief sinds 29/03/2025");

        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        org.meterkast.sim.SimulatedMeter simulated = new org.meterkast.sim.SimulatedMeter(
                new org.meterkast.sim.Household(org.meterkast.sim.HouseholdSettings.defaults(5)), now);
        try (org.meterkast.sim.TelegramTcpServer dongle = org.meterkast.sim.TelegramTcpServer.start(
                new java.net.InetSocketAddress("127.0.0.1", 0), org.meterkast.sim.TelegramStream.paced(simulated,
                        org.meterkast.sim.SimulationClock.startingNow(java.time.Clock.systemUTC(), now, 1)))) {
            // an address outside the household's network is refused under its field, and stays typed
            type("#settings-source-form", "address", "10.1.2.3:2000");
            submit("#settings-source-form");
            await().until(b -> text("#settings-source-form .field-error").contains("mag geen verbinding maken"));
            HeadlessChromium.expectInConsole(browser, "/source - Failed to load resource: the server responded with"
                    + " a status of 400");
            assertThat(field("#settings-source-form", "address").getDomProperty("value")).isEqualTo("10.1.2.3:2000");
            screenshot(test, "-3-source-refused");
            field("#settings-source-form", "address").clear();
            String address = "127.0.0.1:" + dongle.port();
            type("#settings-source-form", "address", address);
            submit("#settings-source-form");
            await().until(b -> text("#settings-source-state").contains("Live uitgelezen van " + address));
            await().until(b -> text("#device-list").contains("P1-lezer (live data): dongle op " + address));

            // the dashboard is live now, without the notice
            open("#dashboard");
            WebElement circle = browser.findElement(By.id("live"));
            await().until(b -> circle.getDomAttribute("class").matches(".*\\b(offtake|injection)\\b.*"));
            // shown once the page knows the address has a live source now (until then its live parts are hidden)
            await().until(b -> b.findElement(By.id("live-value")).getText().matches("\\d+,\\d\\d kW"));
            assertThat(browser.findElements(By.cssSelector("#dashboard .no-live")).stream()
                    .noneMatch(WebElement::isDisplayed)).isTrue();
            screenshot(test, "-4-live");

            // and stopped again, after a confirmation
            browser.findElement(By.id("place-settings")).click();
            await().until(b -> text("#settings-source-state").contains("Live uitgelezen van"));
            browser.findElement(By.id("settings-source-remove")).click();
            assertThat(browser.switchTo().alert().getText()).contains(address).contains("blijven");
            browser.switchTo().alert().accept();
            await().until(b -> text("#settings-source-state").contains("Geen live bron"));
            await().until(b -> dongle.clientCount() == 0);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM meter_source").query(Integer.class).single()).isZero();

        // a newer export for the address, with the progress the "+" flow shows
        field("#settings-import", "file").sendKeys(fixture(EXPORT).toString());
        submit("#settings-import");
        await().until(b -> "done".equals(b.findElement(By.id("settings-import-state")).getDomAttribute("data-state")));
        assertThat(text("#settings-import-state")).containsPattern("\\d+ kwartieren").contains("29 maart 2025");
        screenshot(test, "-5-import");

        // removed, after a confirmation: its data goes with it, and the account is back to adding an address
        String meter = jdbc.sql("SELECT m.name FROM location l JOIN meter m ON m.id = l.meter_id")
                .query(String.class).list().stream().filter(m -> m.startsWith("m-")).findFirst().orElseThrow();
        browser.findElement(By.id("settings-remove-button")).click();
        assertThat(browser.switchTo().alert().getText()).contains("Zomerhuis");
        browser.switchTo().alert().dismiss();
        assertThat(jdbc.sql("SELECT count(*) FROM meter WHERE name = ?").param(meter).query(Integer.class).single())
                .isEqualTo(1);
        browser.findElement(By.id("settings-remove-button")).click();
        browser.switchTo().alert().accept();
        await().until(b -> b.findElement(By.id("add-address-form")).isDisplayed());
        assertThat(jdbc.sql("SELECT count(*) FROM meter WHERE name = ?").param(meter).query(Integer.class).single())
                .isZero();
        assertThat(browser.findElement(By.id("nav-profile")).isDisplayed()).isTrue();
        screenshot(test, "-6-removed");
    }

    @Test
    void theInstalledDevicesAreNamedInThePagesLanguageFromTheirFirstDataWithTheInverter(TestInfo test)
            throws Exception {
        open("#login");
        await().until(b -> b.findElement(By.id("login-demo-button")).isDisplayed());
        browser.findElement(By.id("login-demo-button")).click();
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        // the simulated household is live: no notice
        await().until(b -> b.findElement(By.id("live")).getDomAttribute("class").matches(".*\\b(offtake|injection)\\b.*"));
        assertThat(browser.findElements(By.cssSelector("#dashboard .no-live")).stream()
                .noneMatch(WebElement::isDisplayed)).isTrue();

        Map<?, ?> address = (Map<?, ?>) ((java.util.List<?>) browser.executeAsyncScript(
                "fetch('/api/locations').then(r => r.json()).then(arguments[arguments.length - 1])")).get(0);
        LocalDate first = LocalDate.ofInstant(Instant.parse((String) address.get("firstData")), BRUSSELS);
        assertThat(first).isBefore(LocalDate.now(BRUSSELS));
        for (var language : Map.of("nl", new String[] {"P1-lezer (live data): gesimuleerd huishouden",
                        "Omvormer: voedt de zoncirkel", "Actief sinds"},
                "fr", new String[] {"Lecteur P1 (données en direct): ménage simulé", "Onduleur: alimente le cercle solaire",
                        "Actif depuis"},
                "en", new String[] {"P1 reader (live data): simulated household", "Solar inverter: feeds the solar circle",
                        "Active since"}).entrySet()) {
            new Select(browser.findElement(By.id("language"))).selectByValue(language.getKey());
            browser.findElement(By.id("place-settings")).click();
            await().until(b -> b.findElement(By.id("settings")).isDisplayed());
            for (String expected : language.getValue()) {
                await().withMessage(() -> language.getKey() + ": '" + expected + "' not in " + browser.executeScript("return document.getElementById('device-list').outerHTML + location.hash"))
                        .until(b -> text("#device-list").contains(expected));
            }
            assertThat(text("#device-list")).doesNotContain("seed");
            // the reader and the meter entered with the address today are active since the household's first data
            assertThat(browser.findElement(By.cssSelector("#device-list [data-kind=P1_READER]"))
                    .getDomAttribute("data-since")).isEqualTo(first.toString());
            assertThat(text("#settings-source-state")).isNotEmpty();
            screenshot(test, "-" + language.getKey());
            open("#dashboard");
        }
    }

    /** How often the page asked for the meters no address shows yet since the resource timings were cleared. */
    private static long freeMetersAsked() {
        return (Long) browser.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.endsWith('/api/locations/free-meters')).length");
    }

    private void register(String name, String email) {
        open("#register");
        await().until(b -> b.findElement(By.id("register")).isDisplayed());
        type("#register-form", "name", name);
        type("#register-form", "email", email);
        type("#register-form", "password", "een-lang-wachtwoord");
        new Select(field("#register-form", "language")).selectByValue("nl");
        submit("#register-form");
    }

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
        browser.findElement(By.cssSelector(form + " [type=submit]")).click();
    }

    private static String text(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).reduce("", String::concat);
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(AddressFlowsBrowserTest.class.getResource(name).toURI()).toAbsolutePath();
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private static void screenshot(TestInfo test, String suffix) throws IOException {
        HeadlessChromium.screenshot(browser, test, suffix);
    }
}
