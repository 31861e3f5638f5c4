package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Prepaid page on a phone (390 × 844, in Dutch) as a Prepaid household sees it: four days of 0.2 kWh a quarter
 * at € 0.30/kWh (€ 5.76 a day) after a top-up that leaves exactly € 41.07. The history fits the screen with its
 * column heads, each day's line carries that day's date, and every amount is written as the rest of the page writes
 * it ("€ 41,07", "2.300 W"). A household without Prepaid sees no Prepaid in the menu and sets it up from its
 * settings. Screenshots go to target/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrepaidScreensBrowserTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final BigDecimal PER_QUARTER = new BigDecimal("0.06");

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;
    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
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

    /**
     * Nothing refused by the Content-Security-Policy, and no Prepaid call failed: a household without terms is asked
     * whether it has any, not answered 400.
     */
    @AfterEach
    void nothingRefusedNorFailed() {
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
        assertThat(console).filteredOn(m -> m.contains("Content Security Policy") || m.contains("/prepaid"))
                .isEmpty();
    }

    @Test
    void onAPhoneTheHistoryFitsWithItsHeadsAndEveryAmountIsWrittenInDutch(TestInfo test) throws IOException {
        LocalDate today = LocalDate.now(BRUSSELS);
        LocalDate since = today.minusDays(4);
        int karim = meters.register("karim", "none").id();
        // 0.2 kWh at night rate every quarter of the four days before today, none today
        List<ClosedQuarter> used = new ArrayList<>();
        Instant end = today.atStartOfDay(BRUSSELS).toInstant();
        for (Quarter q = new Quarter(since.atStartOfDay(BRUSSELS).toInstant()); q.start().isBefore(end); q = q.plus(1)) {
            used.add(new ClosedQuarter(q, 0, new QuarterEnergy(0, 200, 0, 0), false));
        }
        quarters.save(karim, used);
        BigDecimal spent = PER_QUARTER.multiply(BigDecimal.valueOf(used.size()));
        Browser api = signIn("karim");
        assertThat(api.put("/api/meters/karim/prepaid/terms", """
                {"since":"%s","dayPerKwh":0.40,"nightPerKwh":0.30}""".formatted(since)).status()).isEqualTo(200);
        // a top-up that leaves € 41.07 after the four days
        assertThat(api.post("/api/meters/karim/prepaid/top-ups", """
                {"at":"%s","amount":%s,"channel":"shop"}""".formatted(since, spent.add(new BigDecimal("41.07"))))
                .status()).isEqualTo(201);

        browser.manage().window().setSize(new Dimension(390, 844));
        open("#prepaid");
        WebElement balance = browser.findElement(By.cssSelector("#prepaid-summary [data-field=balance]"));
        await().until(b -> balance.getText().equals("€ 41,07"));
        // a Prepaid household has Prepaid in its menu
        assertThat(browser.findElement(By.id("nav-prepaid")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector("#prepaid-summary [data-field=dailySpend]")).getText())
                .matches("€ \\d+,\\d\\d");
        assertThat(browser.findElement(By.cssSelector("#prepaid-summary [data-field=daysLeft]")).getText())
                .matches("ongeveer \\d+ dagen");
        String advice = browser.findElement(By.id("prepaid-advice")).getText();
        assertThat(advice).startsWith("Uw tegoed is € 41,07: bij uw recente verbruik genoeg voor ongeveer ")
                .doesNotContain("41.07").doesNotContain(",0 dagen");

        // the history fits the phone's screen: the page never scrolls sideways, the heads are in view
        WebElement history = browser.findElement(By.id("prepaid-history-card"));
        browser.executeScript("arguments[0].scrollIntoView()", history);
        long pageWidth = (Long) browser.executeScript("return document.documentElement.clientWidth");
        long pageScroll = (Long) browser.executeScript("return document.documentElement.scrollWidth");
        assertThat(pageScroll).isLessThanOrEqualTo(pageWidth);
        long cardRight = (Long) browser.executeScript(
                "return Math.ceil(document.getElementById('prepaid-history-card').getBoundingClientRect().right)");
        assertThat(cardRight).isLessThanOrEqualTo(pageWidth);
        // the five columns fit the card itself: nothing to scroll sideways there either
        long tableWidth = (Long) browser.executeScript(
                "return document.getElementById('prepaid-history-scroll').scrollWidth");
        long boxWidth = (Long) browser.executeScript(
                "return document.getElementById('prepaid-history-scroll').clientWidth");
        assertThat(tableWidth).isLessThanOrEqualTo(boxWidth);
        List<WebElement> heads = browser.findElements(By.cssSelector("#prepaid-history-card thead th"));
        assertThat(heads).extracting(WebElement::getText)
                .containsExactly("Wanneer", "Wat", "Bedrag", "Tegoed erna", "Schuld erna");
        for (WebElement head : heads) {
            assertThat(head.isDisplayed()).isTrue();
            long right = (Long) browser.executeScript(
                    "return Math.floor(arguments[0].getBoundingClientRect().left)", head);
            assertThat(right).as("head %s starts on screen", head.getText()).isBetween(0L, pageWidth);
        }

        // each day's line carries that day's date, without the next day's 00:00
        List<WebElement> days = browser.findElements(By.cssSelector("#prepaid-history tr[data-kind=ENERGY]"));
        assertThat(days).hasSize(4);
        DateTimeFormatter dutch = DateTimeFormatter.ofPattern("d MMM", new Locale("nl", "BE"));
        for (int i = 0; i < 4; i++) {
            LocalDate day = today.minusDays(1 + i);
            String when = days.get(i).findElement(By.cssSelector("td.month")).getText();
            assertThat(when).as("the line of %s", day).doesNotContain(":")
                    .startsWith(day.getDayOfMonth() + " ")
                    .startsWith(dutch.format(day).substring(0, dutch.format(day).length() - 1));
            assertThat(days.get(i).findElement(By.cssSelector("td.number")).getText()).isEqualTo("−€ 5,76");
        }
        WebElement topUp = browser.findElement(By.cssSelector("#prepaid-history tr[data-kind=TOP_UP]"));
        assertThat(topUp.findElements(By.cssSelector("td.number")).get(0).getText())
                .isEqualTo("+€ " + spent.add(new BigDecimal("41.07")).toPlainString().replace('.', ','));
        // the planner's ranges are written as the rest: "2.600" W
        await().until(b -> !b.findElements(By.cssSelector("#planner-rows tr")).isEmpty());
        assertThat(browser.findElement(By.id("planner-rows")).getText()).contains("meestal 2.600–4.000 W");
        screenshot(test, "");
        browser.executeScript("document.getElementById('prepaid-history-scroll').scrollTop = 200");
        screenshot(test, "-scrolled");
    }

    @Test
    void aHouseholdWithoutPrepaidHasNoPrepaidMenuAndSetsItUpFromItsSettings(TestInfo test) throws IOException {
        meters.register("noor", "none");
        Browser api = signIn("noor");
        browser.manage().window().setSize(new Dimension(390, 844));
        open("#dashboard");
        await().until(b -> !b.findElement(By.id("nav-dashboard")).getText().isEmpty());
        // the menu is settled once the address is known
        await().until(b -> b.findElement(By.id("place")).getDomProperty("value") != null
                && !b.findElement(By.id("place")).getDomProperty("value").isEmpty());
        sleep(500);
        assertThat(browser.findElement(By.id("nav-prepaid")).isDisplayed()).isFalse();

        String location = api.get("/api/meters").json().get(0).get("location").asText();
        open("#settings/" + location);
        WebElement link = browser.findElement(By.id("settings-prepaid-link"));
        await().until(b -> link.isDisplayed() && link.getText().equals("Prepaid instellen"));
        link.click();
        await().until(b -> b.findElement(By.id("prepaid-no-terms")).isDisplayed());
        assertThat(browser.findElement(By.id("prepaid-terms-card")).getDomAttribute("open")).isNotNull();

        // once the terms are saved, a little credit: Prepaid is in the menu, and the credit lasts less than a day
        LocalDate today = LocalDate.now(BRUSSELS);
        api.put("/api/meters/noor/prepaid/terms", """
                {"since":"%s","dayPerKwh":0.40,"nightPerKwh":0.30}""".formatted(today.minusDays(2)));
        int noor = meters.register("noor", "none").id();
        List<ClosedQuarter> used = new ArrayList<>();
        Instant end = today.atStartOfDay(BRUSSELS).toInstant();
        for (Quarter q = new Quarter(today.minusDays(2).atStartOfDay(BRUSSELS).toInstant()); q.start().isBefore(end);
                q = q.plus(1)) {
            used.add(new ClosedQuarter(q, 0, new QuarterEnergy(0, 200, 0, 0), false));
        }
        quarters.save(noor, used);
        BigDecimal spent = PER_QUARTER.multiply(BigDecimal.valueOf(used.size()));
        api.post("/api/meters/noor/prepaid/top-ups", """
                {"at":"%s","amount":%s,"channel":"online"}""".formatted(today.minusDays(2), spent.add(
                new BigDecimal("1.50"))));
        open("#prepaid");
        WebElement balance = browser.findElement(By.cssSelector("#prepaid-summary [data-field=balance]"));
        await().until(b -> balance.getText().equals("€ 1,50"));
        assertThat(browser.findElement(By.id("nav-prepaid")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector("#prepaid-summary [data-field=daysLeft]")).getText())
                .isEqualTo("minder dan een dag");
        // the low-credit advice, in euro as the page writes them
        assertThat(browser.findElement(By.id("prepaid-advice")).getText())
                .isEqualTo("Uw tegoed is laag: € 1,50. Laad binnenkort op. Bij € 0 start het noodkrediet van € 50,00; "
                        + "het is niet gratis en wordt afgelost met uw volgende opladingen.");
        screenshot(test, "");
    }

    /** Signs the browser in as the household holding the meter; the API client is signed in as it too. */
    private Browser signIn(String meter) {
        TestHousehold.Login login = TestHousehold.login(context, meter);
        BrowserSession.signIn(browser, port, login);
        BrowserSession.speakDutch(context);
        Browser api = new Browser(port).language("nl").open();
        assertThat(api.post("/api/account/login", "{\"email\":\"" + login.email() + "\",\"password\":\""
                + login.password() + "\"}").status()).isEqualTo(200);
        open("");
        browser.executeScript("localStorage.clear()");
        browser.get("about:blank");
        return api;
    }

    private void open(String hash) {
        String url = "http://localhost:" + port + "/" + hash;
        if (url.equals(browser.getCurrentUrl())) {
            browser.navigate().refresh();
        } else {
            browser.get(url);
        }
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
        HeadlessChromium.screenshot(browser, test, suffix);
    }
}
