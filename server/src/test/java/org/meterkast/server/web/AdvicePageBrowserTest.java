package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.ProductionQuarter;
import org.meterkast.server.store.ProductionRepository;
import org.meterkast.server.store.QuarterRepository;
import org.openqa.selenium.By;
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
import tools.jackson.databind.JsonNode;

/**
 * The advice page of the simulated household, in Chromium, in Dutch: last month chosen (its quarters no longer
 * change while the simulator runs), each piece of advice a card; the self-consumption card shows the API's ratio as
 * Intl formats it, and the API's ratio is the one worked out here from the stored quarters and production; the
 * capacity card shows the API's highest quarter. No console error, and no serious axe-core violation on a phone, on
 * a laptop and in dark mode.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdvicePageBrowserTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @TempDir
    static Path folder;

    static ChromeDriver browser;
    static Axe axe;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        // enough history that last month has days measured, whatever day of the month the test runs
        registry.add("meterkast.meters.home.history-days", () -> 40);
        registry.add("server.shutdown", () -> "immediate");
    }

    @BeforeAll
    static void start() throws IOException {
        browser = HeadlessChromium.start(folder.resolve("profile"));
        axe = Axe.load();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void phone() {
        BrowserSession.speakDutch(context);
        HeadlessChromium.emulateColorScheme(browser, false);
        HeadlessChromium.emulatePhone(browser, 390, 844);
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
    void lastMonthsAdviceShowsTheFiguresOfTheQuarters(TestInfo test) throws IOException {
        Browser api = owner();
        String location = api.get("/api/meters").json().get(0).get("location").asString();
        BrowserSession.signIn(browser, port, TestHousehold.login(context, "home"));
        browser.executeScript("localStorage.clear()");

        open("#advice");
        assertThat(browser.findElement(By.id("nav-advice")).getAttribute("href")).endsWith("#advice");
        YearMonth month = YearMonth.now(BRUSSELS).minusMonths(1);
        new Select(browser.findElement(By.id("advice-month"))).selectByValue(month.toString());
        await().until(b -> month.toString().equals(b.findElement(By.id("advice-cards")).getAttribute("data-month")));

        JsonNode answer = api.get("/api/locations/" + location + "/advice?month=" + month).json();
        Map<String, JsonNode> pieces = new HashMap<>();
        answer.get("advice").forEach(p -> pieces.put(p.get("kind").asString(), p));
        assertThat(browser.findElements(By.cssSelector("#advice-cards article.advice"))).hasSize(pieces.size());

        // the API's self-consumption by hand: (production − injection) ÷ production over last month's quarters
        // whose production is stored
        JsonNode self = pieces.get("selfConsumption");
        BigDecimal expected = selfConsumption(month);
        assertThat(self.get("key").asString()).isIn("advice.selfConsumption.good", "advice.selfConsumption.low");
        assertThat(self.get("figures").get("ratio").decimalValue()).isEqualByComparingTo(expected);
        // and the card shows that figure as the app formats it in Dutch
        String shown = card("selfConsumption").findElement(By.cssSelector(".advice-figure")).getText();
        assertThat(shown).isEqualTo(browser.executeScript("return new Intl.NumberFormat('nl-BE', "
                + "{ style: 'percent', maximumFractionDigits: 1 }).format(arguments[0])", expected.doubleValue()));
        assertThat(card("selfConsumption").getText()).contains("Eigen verbruik", shown);

        // the capacity card's figure is the month's highest quarter, in kW with two decimals
        long peakW = pieces.get("capacityPeaks").get("figures").get("top").get(0).get("watts").asLong();
        assertThat(card("capacityPeaks").findElement(By.cssSelector(".advice-figure")).getText())
                .isEqualTo(browser.executeScript("return new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 2,"
                        + " maximumFractionDigits: 2 }).format(arguments[0]) + ' kW'", peakW / 1000.0));
        assertThat(card("baseLoad").findElement(By.cssSelector(".advice-figure")).getText())
                .endsWith(" W");

        List<String> found = new ArrayList<>(axe.violations(browser, "advice at 390 px", logged));
        HeadlessChromium.screenshot(browser, test, "-phone");
        HeadlessChromium.emulateDesktop(browser, 1366, 900);
        open("#advice");
        found.addAll(axe.violations(browser, "advice at 1366 px", logged));
        HeadlessChromium.screenshot(browser, test, "-desktop");
        HeadlessChromium.emulateColorScheme(browser, true);
        open("#advice");
        found.addAll(axe.violations(browser, "advice in dark mode", logged));
        HeadlessChromium.screenshot(browser, test, "-dark");
        assertThat(found).isEmpty();
    }

    private BigDecimal selfConsumption(YearMonth month) {
        int meter = context.getBean(MeterRepository.class).require("home").id();
        Instant from = month.atDay(1).atStartOfDay(BRUSSELS).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(BRUSSELS).toInstant();
        Map<Instant, Long> produced = new HashMap<>();
        for (ProductionQuarter p : context.getBean(ProductionRepository.class).quarters(meter, from, to)) {
            produced.put(p.start(), p.wh());
        }
        long production = 0;
        long injection = 0;
        for (ClosedQuarter q : context.getBean(QuarterRepository.class).quarters(meter, from, to)) {
            Long wh = produced.get(q.quarter().start());
            if (wh != null) {
                production += wh;
                injection += q.energy().exported();
            }
        }
        assertThat(production).as("last month's production").isPositive();
        return BigDecimal.valueOf(Math.max(0, production - injection))
                .divide(BigDecimal.valueOf(production), 4, RoundingMode.HALF_UP);
    }

    private Browser owner() {
        TestHousehold.Login login = TestHousehold.login(context, "home");
        Browser api = new Browser(port).open();
        assertThat(api.post("/api/account/login", "{\"email\":\"" + login.email() + "\",\"password\":\""
                + login.password() + "\"}").status()).isEqualTo(200);
        return api;
    }

    private static WebElement card(String kind) {
        return browser.findElement(By.cssSelector("#advice-cards article[data-kind='" + kind + "']"));
    }

    /** Opens the page at #fragment and waits until the view shows in Dutch with its cards. */
    private void open(String fragment) {
        browser.get("http://localhost:" + port + "/" + fragment);
        await().until(b -> b.findElement(By.id("advice")).isDisplayed());
        await().until(b -> Boolean.TRUE.equals(browser.executeScript(
                "return document.readyState === 'complete' && document.documentElement.lang === 'nl'"
                        + " && !document.querySelector('[data-i18n]:empty:not([hidden])')"
                        + " && document.querySelectorAll('#advice-cards article').length > 0")));
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }
}
