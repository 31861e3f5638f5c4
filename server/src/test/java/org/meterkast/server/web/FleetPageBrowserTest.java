package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.account.AccountService;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fleet's page as an operator walks it, in Dutch: the counts on top, an unknown dongle and a silent meter marked,
 * a search by EAN, an assignment file uploaded through the form, and the dongle then listed with its EAN and account;
 * a household sees no fleet link. At phone width and on a desktop, in dark mode too, with 44 px targets.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FleetPageBrowserTest {
    private static final String PASSWORD = "een-lang-wachtwoord";

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccountService accounts;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
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
    void nothingLogged() {
        assertThat(HeadlessChromium.refusedByContentSecurityPolicy(browser)).isEmpty();
        assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();
    }

    private static String ean(int n) {
        String seventeen = "54144882" + String.format("%09d", n);
        int sum = 0;
        for (int i = seventeen.length() - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
            sum += (seventeen.charAt(i) - '0') * weight;
        }
        return seventeen + (10 - sum % 10) % 10;
    }

    private void heard(String meter, String node, long lastTelegramMs) {
        jdbc.sql("""
                        INSERT INTO fleet_meter_status (meter_name, node, first_heard_ms, last_telegram_ms, telegrams,
                            rejected, updated_ms) VALUES (?, ?, ?, ?, 1200, 0, ?)""")
                .params(meter, node, lastTelegramMs - 3_600_000, lastTelegramMs, lastTelegramMs).update();
    }

    @Test
    void anOperatorSearchesUploadsAndSeesTheNewMeter(TestInfo test) throws Exception {
        // the first account of a fresh install is its administrator
        accounts.register("ops@provider.be", PASSWORD, "Ops", "nl");
        accounts.register("sofie@gent.be", PASSWORD, "Sofie", "nl");
        long now = System.currentTimeMillis();
        jdbc.sql("INSERT INTO meter (name, source) VALUES ('huis-1', 'fleet')").update();
        jdbc.sql("""
                        INSERT INTO location (account_id, meter_id, name, ean_electricity, created_epoch)
                        SELECT a.id, m.id, 'Thuis', ?, 0 FROM account a, meter m
                        WHERE a.email = 'sofie@gent.be' AND m.name = 'huis-1'""").param(ean(1)).update();
        heard("huis-1", "n1", now - 20_000);
        heard("huis-1", "n2", now - 40_000);
        jdbc.sql("INSERT INTO meter (name, source) VALUES ('huis-2', 'fleet')").update();
        heard("huis-2", "n2", now - 45 * 60_000);
        heard("dongle-9f", "n1", now - 5_000);

        HeadlessChromium.emulatePhone(browser, 390, 844);
        logIn("ops@provider.be");
        WebElement link = await().until(b -> {
            WebElement nav = b.findElement(By.id("nav-fleet"));
            return nav.isDisplayed() || nav.getDomAttribute("hidden") == null ? nav : null;
        });
        assertThat(link.getAttribute("textContent")).isEqualTo("Vloot");
        browser.get(url("#fleet"));
        await().until(b -> "3".equals(b.findElement(By.id("fleet-count-meters")).getText()));
        assertThat(text("#fleet-count-unknown")).isEqualTo("1");
        assertThat(text("#fleet-count-silent")).isEqualTo("1");
        assertThat(text("#fleet-silent-hint")).contains("10 min");
        // problems first: the silent meter, then the unknown dongle, then the one that sends
        assertThat(column(1)).containsExactly("huis-2", "dongle-9f", "huis-1");
        assertThat(rowState("huis-2")).isEqualTo("silent");
        assertThat(rowState("dongle-9f")).isEqualTo("unknown");
        assertThat(text("#fleet-rows tr:nth-child(1) td:nth-child(2)")).isEqualTo("Stil");
        assertThat(text("#fleet-rows tr:nth-child(2) td:nth-child(2)")).isEqualTo("Onbekend");
        assertThat(text("#fleet-rows tr:nth-child(2) td:nth-child(4)")).isEqualTo("geen adres");
        assertThat(pageWidth()).isLessThanOrEqualTo(390);
        assertTouchTargets();
        HeadlessChromium.screenshot(browser, test, "-1-phone");

        // search by EAN, typed in groups as on a bill
        browser.findElement(By.id("fleet-q")).sendKeys(ean(1).replaceAll("(\\d{4})(?=\\d)", "$1 "));
        browser.findElement(By.cssSelector("#fleet-search [type=submit]")).click();
        await().until(b -> column(1).equals(List.of("huis-1")));
        assertThat(text("#fleet-rows tr td:nth-child(3)")).isEqualTo(ean(1));
        assertThat(text("#fleet-rows tr td:nth-child(4)")).isEqualTo("sofie@gent.be");
        assertThat(text("#fleet-summary")).isEqualTo("1–1 van 1");

        // the dongle nobody had: assigned to Sofie by an Excel file (; and a byte order mark)
        Path csv = folder.resolve("dongles.csv");
        Files.write(csv, ("\uFEFFmeter_id;ean;email\r\ndongle-9f;" + ean(9) + ";sofie@gent.be\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        browser.findElement(By.id("fleet-file")).sendKeys(csv.toString());
        browser.findElement(By.cssSelector("#fleet-upload [type=submit]")).click();
        await().until(b -> b.findElement(By.id("fleet-upload-result")).isDisplayed());
        assertThat(text("#fleet-upload-result")).isEqualTo("1 adressen gemaakt, 0 waren er al.");
        assertThat(text("#fleet-upload-lines")).contains("Regel 2: dongle-9f", "adres gemaakt");

        browser.findElement(By.id("fleet-q")).clear();
        browser.findElement(By.id("fleet-q")).sendKeys("dongle");
        browser.findElement(By.cssSelector("#fleet-search [type=submit]")).click();
        await().until(b -> text("#fleet-rows tr td:nth-child(3)").equals(ean(9)));
        assertThat(text("#fleet-rows tr td:nth-child(4)")).isEqualTo("sofie@gent.be");
        assertThat(text("#fleet-rows tr td:nth-child(2)")).isEqualTo("Zendt");
        assertThat(text("#fleet-count-unknown")).isEqualTo("0");

        // the same file again: nothing changes, and the page says so
        browser.findElement(By.id("fleet-file")).sendKeys(csv.toString());
        browser.findElement(By.cssSelector("#fleet-upload [type=submit]")).click();
        await().until(b -> text("#fleet-upload-result").startsWith("Niets veranderd"));

        // a bad file: every bad line named, nothing stored
        Files.writeString(csv, "meter_id,ean,email\nx-1," + ean(10) + ",nobody@gent.be\nx-2," + ean(11).substring(0, 17)
                + "0,sofie@gent.be\n");
        browser.findElement(By.id("fleet-file")).sendKeys(csv.toString());
        browser.findElement(By.cssSelector("#fleet-upload [type=submit]")).click();
        await().until(b -> b.findElement(By.cssSelector("#fleet-upload [data-error]")).isDisplayed());
        HeadlessChromium.expectInConsole(browser, "/api/fleet/assignments - Failed to load resource: the server"
                + " responded with a status of 400");
        assertThat(text("#fleet-upload [data-error]")).isEqualTo("Regels met een fout: 2. Er werd niets opgeslagen.");
        assertThat(text("#fleet-upload-lines")).contains("Regel 2, email", "Geen enkel account heeft het e-mailadres "
                + "nobody@gent.be.", "Regel 3, ean", "het laatste cijfer klopt niet");

        // on a desktop and in the dark
        HeadlessChromium.emulateDesktop(browser, 1366, 900);
        HeadlessChromium.emulateColorScheme(browser, true);
        browser.navigate().refresh();
        await().until(b -> "3".equals(b.findElement(By.id("fleet-count-meters")).getText()));
        String paper = (String) browser.executeScript(
                "return getComputedStyle(document.querySelector('#fleet .card')).backgroundColor");
        assertThat(paper).isEqualTo("rgb(28, 37, 46)");
        assertThat(pageWidth()).isLessThanOrEqualTo(1366);
        HeadlessChromium.screenshot(browser, test, "-2-desktop-dark");
        HeadlessChromium.emulateColorScheme(browser, false);

        // a household has no fleet link, and the API refuses it
        browser.findElement(By.id("header-logout")).click();
        await().until(b -> b.findElement(By.id("login")).isDisplayed());
        logIn("sofie@gent.be");
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        assertThat(browser.findElement(By.id("nav-fleet")).isDisplayed()).isFalse();
    }

    private void logIn(String email) {
        browser.get(url("#login"));
        await().until(b -> b.findElement(By.id("login-form")).isDisplayed());
        browser.findElement(By.cssSelector("#login-form [name=email]")).sendKeys(email);
        browser.findElement(By.cssSelector("#login-form [name=password]")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#login-form [type=submit]")).click();
        await().until(b -> !b.findElement(By.id("login")).isDisplayed());
    }

    private String url(String fragment) {
        return "http://localhost:" + port + "/" + fragment;
    }

    /** The texts of one column of the table, read in one script: the table may be drawn again meanwhile. */
    @SuppressWarnings("unchecked")
    private static List<String> column(int n) {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#fleet-rows tr td:nth-child(' + arguments[0] + ')')).map((td) => td.innerText.trim())", n);
    }

    private static String rowState(String meter) {
        return (String) browser.executeScript("const tr = Array.from(document.querySelectorAll('#fleet-rows tr'))"
                + ".find((row) => row.cells[0].innerText.trim() === arguments[0]); return tr.dataset.state", meter);
    }

    /** The visible text of what the selector finds, read in one script. */
    private static String text(String css) {
        return (String) browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map((e) => e.innerText.trim()).join('')", css);
    }

    private static long pageWidth() {
        return (Long) browser.executeScript("return document.documentElement.scrollWidth");
    }

    /** Every button, field and select of the page a thumb presses is at least 44 × 44 px. */
    private static void assertTouchTargets() {
        for (WebElement e : browser.findElements(By.cssSelector(
                "#fleet button, #fleet input:not([type=file]), #fleet select"))) {
            if (e.isDisplayed()) {
                assertThat(e.getRect().getHeight()).as("height of %s", e.getDomAttribute("id")).isGreaterThanOrEqualTo(44);
                assertThat(e.getRect().getWidth()).as("width of %s", e.getDomAttribute("id")).isGreaterThanOrEqualTo(44);
            }
        }
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }
}
