package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The tariff editor of an address's settings, in Dutch, as the demo household uses it: a price that is no number
 * and a negative injection price are told under their field with the rest kept; day/night prices of the full Flemish
 * form are previewed against the tariff in force for this month, saved, changed and deleted; and an all-in price
 * keeps the capacity cost of the address's network area on the capacity page. A gas contract (price and fee) is
 * entered with either form, refused under its field, saved, changed and billed.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TariffEditorBrowserTest {
    private static final Pattern EURO = Pattern.compile(
            "(-?)[\\s\u00a0]?€[\\s\u00a0]?(-?[\\d.]+,\\d\\d)|(-?[\\d.]+,\\d\\d)[\\s\u00a0]?€");

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> 40);
        registry.add("server.shutdown", () -> "immediate");
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = HeadlessChromium.start(folder.resolve("profile"));
        browser.manage().window().setSize(new Dimension(412, 915));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Each test signs in itself: the browser is shared. */
    @BeforeEach
    void signedOut() {
        browser.get(url("favicon.ico"));
        browser.manage().deleteAllCookies();
    }

    @AfterEach
    void nothingRefused() {
        assertThat(HeadlessChromium.refusedByContentSecurityPolicy(browser)).isEmpty();
    }

    @Test
    void everyTariffFormIsEnteredPreviewedSavedAndDeleted(TestInfo test) throws IOException {
        browser.get(url(""));
        await().until(b -> b.findElement(By.id("login-demo-button")).isDisplayed());
        browser.findElement(By.id("login-demo-button")).click();
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        browser.executeScript("localStorage.setItem('meterkast.language', 'nl')");
        open("#settings");
        await().until(b -> b.findElement(By.id("settings")).isDisplayed());
        await().until(b -> text("#tariff-versions").contains("Fluvius Imewo"));
        await().until(b -> text("#settings-tariffs h2").equals("Tarieven"));
        assertThat(text("#tariff-versions")).contains("Van kracht").contains("dag");

        // "abc" as a price: the server's Dutch words under the price, what was typed kept
        type("purchase", "abc");
        type("injection", "0,05");
        submit();
        await().until(b -> text("#tariff-form .field-error").contains("'abc' is geen getal"));
        HeadlessChromium.expectInConsole(browser, "/tariffs - Failed to load resource: the server responded with a"
                + " status of 400");
        WebElement purchaseError = browser.findElement(
                By.xpath("//form[@id='tariff-form']//input[@name='purchase']/ancestor::label//small[@class='field-error']"));
        assertThat(purchaseError.getText()).contains("geen getal").doesNotContain("BigDecimal");
        assertThat(field("purchase").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(field("purchase").getDomProperty("value")).isEqualTo("abc");
        assertThat(field("injection").getDomProperty("value")).isEqualTo("0,05");
        screenshot(test, "-1-abc");

        // a negative injection price: flagged under the injection field before anything is saved
        field("purchase").clear();
        type("purchase", "0,30");
        field("injection").clear();
        type("injection", "-0,05");
        submit();
        await().until(b -> text("#tariff-form .field-error").contains("injectieprijs kan niet negatief"));
        assertThat(field("purchase").getDomProperty("value")).isEqualTo("0,30");
        assertThat(versionCount()).isEqualTo(1);

        // the full Flemish form with day/night prices: the preview shows this month under both and the difference
        new Select(field("form")).selectByValue("flemish");
        assertThat(field("purchase").isDisplayed()).isFalse();
        assertThat(new Select(field("area")).getFirstSelectedOption().getText()).isEqualTo("Fluvius Imewo");
        new Select(field("offtake.type")).selectByValue("dayNight");
        type("offtake.day", "0,15");
        type("offtake.night", "0,12");
        type("injection.price", "0,03");
        type("fixedPerYear", "60");
        type("greenCertificates", "0,011");
        type("chp", "0,00392");
        browser.findElement(By.id("tariff-preview-button")).click();
        await().until(b -> text("#tariff-preview").contains("Verschil"));
        String preview = text("#tariff-preview");
        BigDecimal now = euro(preview, "Met het huidige tarief");
        BigDecimal next = euro(preview, "Met dit tarief");
        BigDecimal difference = euro(preview, "Verschil");
        assertThat(difference).isEqualByComparingTo(next.subtract(now));
        assertThat(next).isPositive();
        assertThat(euro(preview, "Waarvan capaciteitstarief")).isPositive();
        screenshot(test, "-2-preview");

        submit();
        await().until(b -> versionCount() == 2);
        assertThat(text("#tariff-versions")).contains("0,15").contains("0,12");
        assertThat(text("#tariff-history")).contains("bewaard");
        // saved: the form is empty again, ready for another
        assertThat(new Select(field("form")).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("simple");

        // change the new version: the form is filled with it, its night price changed
        click(1, "tariff.edit");
        await().until(b -> text("#tariff-form-title").startsWith("Het tarief vanaf"));
        assertThat(field("offtake.day").getDomProperty("value")).isEqualTo("0,15");
        field("offtake.night").clear();
        type("offtake.night", "0,11");
        submit();
        await().until(b -> text("#tariff-versions").contains("0,11/kWh"));
        assertThat(versionCount()).isEqualTo(2);
        screenshot(test, "-3-saved");

        // an all-in price over the whole history: the capacity page still costs the capacity tariff of the area
        field("purchase").clear();
        type("purchase", "0,30");
        type("injection", "0,05");
        browser.executeScript("document.querySelector('#tariff-form [name=validFrom]').value = '2020-01-01'");
        submit();
        await().until(b -> versionCount() == 3);
        assertThat(text("#tariff-versions")).contains("capaciteitstarief van Fluvius Imewo");
        open("#capacity");
        await().until(b -> b.findElement(By.id("capacity")).isDisplayed());
        await().until(b -> EURO.matcher(text("#capacity-monthly")).find());
        assertThat(text("#capacity-yearly")).containsPattern(EURO);
        assertThat(text("#capacity-rate")).doesNotContainIgnoringCase("geen tarief");
        screenshot(test, "-4-capacity");

        // delete the day/night version: two are left, the deletion is in the history
        open("#settings");
        await().until(b -> versionCount() == 3);
        click(2, "tariff.delete");
        await().until(b -> versionCount() == 2);
        assertThat(text("#tariff-versions")).doesNotContain("0,11/kWh");
        assertThat(text("#tariff-history")).contains("gewist");
        screenshot(test, "-5-deleted");

        // with no tariff left, the dashboard says so in the user's words and links to the tariff form
        click(1, "tariff.delete");
        await().until(b -> versionCount() == 1);
        click(0, "tariff.delete");
        await().until(b -> text("#tariff-versions").contains("Nog geen tarief"));
        // (it asks for the tariffs first and no bill: the console stays clean, checked after the test)
        open("#dashboard");
        await().until(b -> text("#dashboard .no-tariff").contains("nog geen tarief"));
        assertThat(text("#dashboard .no-tariff")).contains("Tarieven").doesNotContain("POST").doesNotContain("/api/");
        await().until(b -> text("#history").contains("geen tarief"));
        assertThat(text("#history")).contains("kWh");
        WebElement link = browser.findElement(By.cssSelector("#dashboard .no-tariff a"));
        assertThat(link.getText()).isEqualTo("Tarief invullen");
        screenshot(test, "-6-no-tariff");
        link.click();
        await().until(b -> b.findElement(By.id("settings")).isDisplayed());
        await().until(b -> text("#tariff-versions").contains("Nog geen tarief"));
        assertThat(field("purchase").isDisplayed()).isTrue();
    }

    @Test
    void aGasContractIsEnteredShownChangedAndBilled(TestInfo test) throws IOException {
        browser.get(url(""));
        await().until(b -> b.findElement(By.id("login-demo-button")).isDisplayed());
        browser.findElement(By.id("login-demo-button")).click();
        await().until(b -> b.findElement(By.id("dashboard")).isDisplayed());
        browser.executeScript("localStorage.setItem('meterkast.language', 'nl')");
        // the demo household's simulated meter has a gas meter: yesterday has gas hours
        LocalDate yesterday = LocalDate.now(BRUSSELS).minusDays(1);
        String from = yesterday.atStartOfDay(BRUSSELS).toInstant().toString();
        String to = yesterday.plusDays(1).atStartOfDay(BRUSSELS).toInstant().toString();
        assertThat(fetch("/api/meters/home/buckets?size=day&from=" + from + "&to=" + to))
                .containsPattern("\"gasLitres\":[1-9]");

        open("#settings");
        await().until(b -> b.findElement(By.id("settings")).isDisplayed());
        await().until(b -> text("#settings-tariffs h2").equals("Tarieven"));
        long before = versionCount();
        // the gas part is there for either form, and optional
        assertThat(field("gas.perKwh").isDisplayed()).isTrue();
        new Select(field("form")).selectByValue("flemish");
        assertThat(field("gas.fixedPerYear").isDisplayed()).isTrue();
        new Select(field("form")).selectByValue("simple");
        assertThat(text("#tariff-gas")).contains("Gas").contains("excl. btw");

        // a fee without a price, then a negative price: told under the gas price, what was typed kept
        type("purchase", "0,30");
        type("injection", "0,05");
        type("gas.fixedPerYear", "90");
        submit();
        await().until(b -> fieldError("gas.perKwh").contains("verplicht"));
        HeadlessChromium.expectInConsole(browser, "/tariffs - Failed to load resource: the server responded with a"
                + " status of 400");
        assertThat(field("gas.perKwh").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(field("gas.fixedPerYear").getDomProperty("value")).isEqualTo("90");
        type("gas.perKwh", "-0,065");
        submit();
        await().until(b -> fieldError("gas.perKwh").contains("negatief"));
        HeadlessChromium.expectInConsole(browser, "/tariffs - Failed to load resource: the server responded with a"
                + " status of 400");
        assertThat(versionCount()).isEqualTo(before);

        // a price and a fee: saved from the day before yesterday, so yesterday is billed under it
        field("gas.perKwh").clear();
        type("gas.perKwh", "0,065");
        String validFrom = yesterday.minusDays(1).toString();
        browser.executeScript("document.querySelector('#tariff-form [name=validFrom]').value = arguments[0]", validFrom);
        if (before > 0) {
            browser.findElement(By.id("tariff-preview-button")).click();
            await().until(b -> text("#tariff-preview").contains("Waarvan gas"));
            assertThat(euro(text("#tariff-preview"), "Waarvan gas")).isPositive();
        }
        submit();
        await().until(b -> versionCount() == before + 1);
        String row = versionText(validFrom);
        assertThat(row).contains("gas").contains("0,065").contains("90,00").contains("excl. btw");
        assertThat(field("gas.perKwh").getDomProperty("value")).isEmpty();
        screenshot(test, "-1-saved");

        // changing it: the form holds the gas contract; a new fee is saved
        clickAt(validFrom, "tariff.edit");
        await().until(b -> text("#tariff-form-title").startsWith("Het tarief vanaf"));
        assertThat(field("gas.perKwh").getDomProperty("value")).isEqualTo("0,065");
        assertThat(field("gas.fixedPerYear").getDomProperty("value")).isEqualTo("90");
        assertThat(field("purchase").getDomProperty("value")).isEqualTo("0,3");
        field("gas.fixedPerYear").clear();
        type("gas.fixedPerYear", "73");
        submit();
        await().until(b -> versionText(validFrom).contains("73,00"));
        screenshot(test, "-2-changed");

        // yesterday's bill has the gas lines: its kWh at 0.065 and 73 € a year for one day, VAT on both
        String bill = fetch("/api/meters/home/bill?from=" + yesterday + "&to=" + yesterday.plusDays(1));
        assertThat(bill).contains("\"kind\":\"GAS_ENERGY\"").contains("\"kind\":\"GAS_FIXED_FEE\"");
        Matcher fee = Pattern.compile("\"kind\":\"GAS_FIXED_FEE\"[^}]*\"amount\":([\\d.]+)").matcher(bill);
        assertThat(fee.find()).as(bill).isTrue();
        assertThat(new BigDecimal(fee.group(1))).isEqualByComparingTo("0.20");
        Matcher energy = Pattern.compile("\"kind\":\"GAS_ENERGY\"[^}]*\"amount\":([\\d.]+)").matcher(bill);
        assertThat(energy.find()).as(bill).isTrue();
        assertThat(new BigDecimal(energy.group(1))).isPositive();

        // the dashboard's cost of yesterday is that bill, gas included
        open("#dashboard");
        await().until(b -> EURO.matcher(text("#yesterday [data-field=cost]")).find());
        Matcher total = Pattern.compile("\"totalInclVat\":([\\d.]+)").matcher(bill);
        assertThat(total.find()).isTrue();
        assertThat(euro(text("#yesterday [data-field=cost]"), "")).isEqualByComparingTo(total.group(1));
        screenshot(test, "-3-dashboard");

        // deleted again: the versions are as they were
        open("#settings");
        await().until(b -> versionCount() == before + 1);
        clickAt(validFrom, "tariff.delete");
        await().until(b -> versionCount() == before);
    }

    /** The page's fetch of an API path, as text. */
    private static String fetch(String path) {
        return (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.text()).then(done, e => done(String(e)))", path);
    }

    private static String fieldError(String name) {
        return (String) browser.executeScript("const box = document.querySelector(`#tariff-form [name='${arguments[0]}']`)"
                + ".closest('label').querySelector('.field-error'); return box && !box.hidden ? box.textContent : ''", name);
    }

    private static String versionText(String validFrom) {
        return (String) browser.executeScript("const row = document.querySelector("
                + "`#tariff-versions li[data-valid-from='${arguments[0]}']`); return row ? row.innerText : ''", validFrom);
    }

    /** Clicks the button of the version from a date. */
    private static void clickAt(String validFrom, String action) {
        browser.executeScript("document.querySelector(`#tariff-versions li[data-valid-from='${arguments[0]}']`)"
                + ".querySelector(`[data-action='${arguments[1]}']`).click()", validFrom, action);
    }

    private static BigDecimal euro(String text, String label) {
        int at = text.indexOf(label);
        assertThat(at).as(label + " in " + text).isNotNegative();
        Matcher m = EURO.matcher(text.substring(at));
        assertThat(m.find()).as(label + " with an amount in " + text).isTrue();
        String number = m.group(2) != null ? m.group(1) + m.group(2) : m.group(3);
        return new BigDecimal(number.replace(".", "").replace(",", "."));
    }

    /** Clicks a version's button, found and clicked in one go in the page. */
    private static void click(int version, String action) {
        browser.executeScript("document.querySelectorAll('#tariff-versions li[data-valid-from]')[arguments[0]]"
                + ".querySelector(`[data-action='${arguments[1]}']`).click()", version, action);
    }

    private long versionCount() {
        return (Long) browser.executeScript(
                "return document.querySelectorAll('#tariff-versions li[data-valid-from]').length");
    }

    private void open(String hash) {
        browser.get(url(hash));
    }

    private String url(String fragment) {
        return "http://localhost:" + port + "/" + fragment;
    }

    private static WebElement field(String name) {
        return browser.findElement(By.cssSelector("#tariff-form [name='" + name + "']"));
    }

    private static void type(String name, String text) {
        field(name).sendKeys(text);
    }

    private static void submit() {
        browser.findElement(By.cssSelector("#tariff-form [type=submit]")).click();
    }

    private static String text(String css) {
        // read in one go in the page: a list re-rendered meanwhile leaves no stale element behind
        return (String) browser.executeScript("return [...document.querySelectorAll(arguments[0])]"
                + ".filter(e => e.offsetParent !== null || e === document.body).map(e => e.innerText).join('')", css);
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private static void screenshot(TestInfo test, String suffix) throws IOException {
        HeadlessChromium.screenshot(browser, test, suffix);
    }
}
