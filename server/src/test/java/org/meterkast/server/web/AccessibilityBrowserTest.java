package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
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
 * What a household expects of any app beyond the manual, walked in Chromium at a phone's size (390 × 844) and a
 * laptop's (1366 × 900): every page passes axe-core's rules with no serious or critical violation, dark mode follows
 * the system, the phone has a tab bar at the bottom, whatever a thumb presses is at least 44 px, the help answers
 * the usual questions in each language, and the console stays clean (no 401, 400 or 404 in normal use).
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessibilityBrowserTest {
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;
    private static final int DESKTOP_WIDTH = 1366;
    private static final int DESKTOP_HEIGHT = 900;
    /** What a thumb needs, less half a pixel for the browser's rounding of rem. */
    private static final double TOUCH = 43.5;

    @TempDir
    static Path folder;

    static ChromeDriver browser;

    /** axe.min.js from the axe-core webjar, a test dependency: the app never serves it. */
    static Axe axe;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("server.shutdown", () -> "immediate");
        registry.add("meterkast.meters.home.history-days", () -> 40);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = HeadlessChromium.start(folder.resolve("profile"));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        axe = Axe.load();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void freshPage() {
        BrowserSession.speakDutch(context);
        HeadlessChromium.emulateColorScheme(browser, false);
        HeadlessChromium.emulatePhone(browser, PHONE_WIDTH, PHONE_HEIGHT);
    }

    /** Console lines read while axe ran, but logged by the page before it: checked with the rest after the test. */
    static final List<String> logged = new ArrayList<>();

    /** No error and no warning in the console: no refused request, no failed call, no library's complaint. */
    @AfterEach
    void consoleStaysClean() {
        logged.addAll(HeadlessChromium.consoleErrors(browser));
        List<String> found = List.copyOf(logged);
        logged.clear();
        assertThat(found).isEmpty();
    }

    @Test
    void theSignInPagesHaveNoSeriousAccessibilityViolation(TestInfo test) throws IOException {
        signOut();
        List<String> found = new ArrayList<>();
        for (int[] size : new int[][] {{PHONE_WIDTH, PHONE_HEIGHT}, {DESKTOP_WIDTH, DESKTOP_HEIGHT}}) {
            if (size[0] == PHONE_WIDTH) {
                HeadlessChromium.emulatePhone(browser, size[0], size[1]);
            } else {
                HeadlessChromium.emulateDesktop(browser, size[0], size[1]);
            }
            for (String view : List.of("login", "register")) {
                open("#" + view, view);
                found.addAll(axe.violations(browser, view + " at " + size[0] + " px", logged));
            }
        }
        HeadlessChromium.screenshot(browser, test, "");
        assertThat(found).isEmpty();
    }

    @Test
    void everyPageOfTheAppHasNoSeriousAccessibilityViolationAtPhoneAndDesktopSize(TestInfo test) throws IOException {
        signIn();
        String location = firstLocation();
        List<String> found = new ArrayList<>();
        for (int[] size : new int[][] {{PHONE_WIDTH, PHONE_HEIGHT}, {DESKTOP_WIDTH, DESKTOP_HEIGHT}}) {
            if (size[0] == PHONE_WIDTH) {
                HeadlessChromium.emulatePhone(browser, size[0], size[1]);
            } else {
                HeadlessChromium.emulateDesktop(browser, size[0], size[1]);
            }
            for (String[] page : new String[][] {{"#dashboard", "dashboard"}, {"#overview", "overview"},
                    {"#meter", "meter"}, {"#capacity", "capacity"}, {"#settings/" + location, "settings"},
                    {"#add-address", "add-address"}, {"#prepaid", "prepaid"}, {"#help", "help"}}) {
                open(page[0], page[1]);
                found.addAll(axe.violations(browser, page[1] + " at " + size[0] + " px", logged));
            }
            HeadlessChromium.screenshot(browser, test, "-" + size[0]);
        }
        assertThat(found).isEmpty();
    }

    @Test
    void darkModeFollowsTheSystemAndStaysReadable(TestInfo test) throws IOException {
        signIn();
        open("#dashboard", "dashboard");
        assertThat(luminance(style("html", "background-color"))).as("a light page").isGreaterThan(0.8);
        assertThat(luminance(style("html", "color"))).isLessThan(0.1);

        HeadlessChromium.emulateColorScheme(browser, true);
        open("#dashboard", "dashboard");
        await().until(b -> luminance(style("html", "background-color")) < 0.05);
        // light text on dark cards, and the header and the tab bar darker still
        assertThat(luminance(style("html", "color"))).isGreaterThan(0.7);
        assertThat(luminance(style(".card", "background-color"))).isLessThan(0.05);
        assertThat(luminance(style(".bar", "background-color"))).isLessThan(0.02);
        assertThat(luminance(style(".tabbar", "background-color"))).isLessThan(0.02);
        assertThat(contrast(style(".card", "color"), style(".card", "background-color"))).isGreaterThan(7);
        HeadlessChromium.screenshot(browser, test, "-dashboard");

        // the charts keep a light panel, on which ECharts' own grey axes and labels are drawn
        open("#overview", "overview");
        await().until(b -> browser.findElement(By.cssSelector("#chart canvas")) != null);
        assertThat(luminance(style("#chart", "background-color"))).isGreaterThan(0.8);
        HeadlessChromium.screenshot(browser, test, "-overview");

        // and axe's contrast rules pass in the dark as well
        List<String> found = new ArrayList<>();
        for (String[] page : new String[][] {{"#dashboard", "dashboard"}, {"#overview", "overview"},
                {"#settings/" + firstLocation(), "settings"}, {"#help", "help"}}) {
            open(page[0], page[1]);
            found.addAll(axe.violations(browser, page[1] + " in dark mode", logged));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aPhoneHasATabBarAtTheBottomAndALaptopDoesNot(TestInfo test) throws IOException {
        signIn();
        open("#dashboard", "dashboard");
        WebElement bar = browser.findElement(By.id("tabbar"));
        assertThat(bar.isDisplayed()).isTrue();
        assertThat(bar.getAccessibleName()).isEqualTo("Hoofdschermen");
        List<WebElement> tabs = bar.findElements(By.tagName("a"));
        assertThat(bar.findElements(By.cssSelector("a > span:last-child"))).extracting(WebElement::getText)
                .containsExactly("Dashboard", "Overzicht", "Meter", "Capaciteit", "Instellingen");
        // fixed along the bottom edge of a touch screen, each tab big enough for a thumb
        Map<?, ?> rect = (Map<?, ?>) browser.executeScript("""
                const r = document.getElementById('tabbar').getBoundingClientRect();
                return { bottom: r.bottom, width: r.width, screen: innerHeight, page: document.documentElement.clientWidth };""");
        assertThat(((Number) rect.get("bottom")).doubleValue()).isEqualTo(((Number) rect.get("screen")).doubleValue());
        // the whole width of the page (the screen less a scroll bar)
        assertThat(((Number) rect.get("width")).doubleValue()).isEqualTo(((Number) rect.get("page")).doubleValue())
                .isGreaterThan(PHONE_WIDTH - 20);
        for (WebElement tab : tabs) {
            assertThat(tab.getRect().getHeight()).as(tab.getText()).isGreaterThanOrEqualTo(44);
            assertThat(tab.getRect().getWidth()).as(tab.getText()).isGreaterThanOrEqualTo(44);
        }
        assertThat(browser.findElement(By.id("tab-dashboard")).getDomAttribute("aria-current")).isEqualTo("page");
        HeadlessChromium.screenshot(browser, test, "-phone");

        browser.findElement(By.id("tab-capacity")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#capacity"));
        await().until(b -> b.findElement(By.id("capacity")).isDisplayed());
        assertThat(browser.findElement(By.id("tab-capacity")).getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.findElement(By.id("tab-dashboard")).getDomAttribute("aria-current")).isNull();
        // the settings tab opens the settings of the address shown
        browser.findElement(By.id("tab-settings")).click();
        await().until(b -> b.getCurrentUrl().endsWith("#settings/" + firstLocation()));
        await().until(b -> b.findElement(By.id("settings")).isDisplayed());
        assertThat(browser.findElement(By.id("tab-settings")).getDomAttribute("aria-current")).isEqualTo("page");

        HeadlessChromium.emulateDesktop(browser, DESKTOP_WIDTH, DESKTOP_HEIGHT);
        open("#dashboard", "dashboard");
        assertThat(browser.findElement(By.id("tabbar")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("nav-overview")).isDisplayed()).isTrue();
        HeadlessChromium.screenshot(browser, test, "-desktop");
        // a narrow window worked with a mouse keeps the header's links alone
        HeadlessChromium.emulateDesktop(browser, PHONE_WIDTH, PHONE_HEIGHT);
        open("#dashboard", "dashboard");
        assertThat(browser.findElement(By.id("tabbar")).isDisplayed()).isFalse();

        // signed out, there is nothing to switch between
        signOut();
        HeadlessChromium.emulatePhone(browser, PHONE_WIDTH, PHONE_HEIGHT);
        open("#login", "login");
        assertThat(browser.findElement(By.id("tabbar")).isDisplayed()).isFalse();
    }

    @Test
    void everyButtonAndListLinkIsAtLeast44PixelsOnAPhone(TestInfo test) throws IOException {
        signOut();
        List<String> small = new ArrayList<>(tooSmall("login"));
        signIn();
        for (String[] page : new String[][] {{"#dashboard", "dashboard"}, {"#overview", "overview"},
                {"#capacity", "capacity"}, {"#settings/" + firstLocation(), "settings"}, {"#prepaid", "prepaid"},
                {"#help", "help"}}) {
            open(page[0], page[1]);
            small.addAll(tooSmall(page[1]));
        }
        HeadlessChromium.screenshot(browser, test, "");
        assertThat(small).isEmpty();
    }

    @Test
    void helpAnswersTheHouseholdsQuestionsInEachLanguage(TestInfo test) throws IOException {
        signIn();
        HeadlessChromium.emulateDesktop(browser, DESKTOP_WIDTH, DESKTOP_HEIGHT);
        open("#dashboard", "dashboard");
        // reached from the menu
        browser.findElement(By.id("nav-help")).click();
        await().until(b -> b.findElement(By.id("help")).isDisplayed());
        assertThat(browser.getCurrentUrl()).endsWith("#help");
        assertThat(browser.findElement(By.cssSelector("#help .page-title")).getText()).isEqualTo("Hulp");
        List<WebElement> questions = browser.findElements(By.cssSelector("#help-questions summary"));
        assertThat(questions).hasSize(9);
        assertThat(questions.get(0).getText()).isEqualTo("Wat is de P1-poort, en hoe leest Meterkast ze uit?");
        WebElement capacity = browser.findElement(By.id("help-capacity"));
        WebElement answer = capacity.findElement(By.tagName("p"));
        assertThat(answer.isDisplayed()).isFalse();
        capacity.findElement(By.tagName("summary")).click();
        await().until(b -> answer.isDisplayed());
        assertThat(answer.getText()).contains("kwartier", "2,5 kW", "12 maanden");
        // honest about what it steers, and what not yet
        assertThat(browser.findElement(By.cssSelector("#help-steer p")).getAttribute("textContent"))
                .startsWith("De laadpaal wel:").endsWith("Een thuisbatterij en de boiler volgen later.");
        assertThat(browser.findElement(By.cssSelector("#help")).getText()).contains("issuetracker", "README");
        HeadlessChromium.screenshot(browser, test, "-nl");

        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        await().until(b -> "Aide".equals(b.findElement(By.cssSelector("#help .page-title")).getText()));
        // the questions are written anew in the language chosen
        await().until(b -> "Qu'est-ce que le tarif capacitaire ?".equals(
                b.findElement(By.cssSelector("#help-capacity summary")).getText()));
        assertThat(browser.findElement(By.id("nav-help")).getText()).isEqualTo("Aide");
        HeadlessChromium.screenshot(browser, test, "-fr");

        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        await().until(b -> "Help".equals(b.findElement(By.cssSelector("#help .page-title")).getText()));
        await().until(b -> "I have a budget meter (Prepaid). What does Meterkast show?".equals(
                b.findElement(By.cssSelector("#help-prepaid summary")).getText()));
        assertThat(browser.findElement(By.cssSelector("#help")).getText()).contains("issue tracker");
        new Select(browser.findElement(By.id("language"))).selectByValue("nl");
        await().until(b -> "Hulp".equals(b.findElement(By.cssSelector("#help .page-title")).getText()));
    }

    /**
     * The pages that logged errors before: the login page (a 401 for the notifications of nobody), Prepaid without
     * terms (a 400), an address without a live source (a 404 for its latest telegram). The console is checked after
     * the test; the API says "nothing yet" with 204.
     */
    @Test
    void pagesWithNothingToShowYetLogNoError(TestInfo test) throws IOException, InterruptedException {
        signOut();
        open("#login", "login");
        Thread.sleep(1000);
        assertThat(HeadlessChromium.consoleErrors(browser)).as("the login page").isEmpty();
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();

        Browser api = new Browser(port).open();
        TestHousehold.Login login = TestHousehold.login(context, "home");
        assertThat(api.post("/api/account/login",
                "{\"email\":\"" + login.email() + "\",\"password\":\"" + login.password() + "\"}").status())
                .isEqualTo(200);
        assertThat(api.get("/api/meters/home/prepaid/terms").status()).isEqualTo(204);
        Browser.Answer added = api.post("/api/locations",
                "{\"name\":\"Alleen Fluvius\",\"eanElectricity\":\"541448820052377134\",\"source\":\"import\"}");
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
        String fluviusOnly = added.json().get("meter").asString();
        // its prices, as the household enters them (an address without any is another matter)
        assertThat(api.post("/api/meters/" + fluviusOnly + "/tariffs",
                "{\"tariff\":{\"form\":\"simple\",\"purchase\":0.30,\"injection\":0.05}}").status())
                .isBetween(200, 201);
        assertThat(api.get("/api/meters/" + fluviusOnly + "/latest").status()).isEqualTo(204);

        signIn();
        open("#prepaid", "prepaid");
        await().until(b -> b.findElement(By.id("prepaid-no-terms")).isDisplayed());
        Thread.sleep(500);
        assertThat(HeadlessChromium.consoleErrors(browser)).as("Prepaid without terms").isEmpty();

        open("#dashboard", "dashboard");
        new Select(browser.findElement(By.id("place"))).selectByVisibleText("Alleen Fluvius");
        await().until(b -> fluviusOnly.equals(browser.executeScript("return document.getElementById('place').value")));
        Thread.sleep(1500);
        HeadlessChromium.screenshot(browser, test, "-fluvius-only");
        assertThat(HeadlessChromium.consoleErrors(browser)).as("an address without a live source").isEmpty();
    }

    /** The visible buttons, list links, menu and tab links, and selects of the page lower or narrower than 44 px. */
    @SuppressWarnings("unchecked")
    private static List<String> tooSmall(String where) {
        List<String> found = (List<String>) browser.executeScript("""
                const small = [];
                const wanted = 'button, .button, .icon-button, .bar nav a, .tabbar a, .list a, .list button, select, '
                  + 'main a.quiet, main .aside a, summary';
                for (const el of document.querySelectorAll(wanted)) {
                  const r = el.getBoundingClientRect();
                  if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
                  if (r.height < arguments[0] || r.width < arguments[0]) {
                    small.push(`${el.id || el.className || el.tagName} "${el.textContent.trim().slice(0, 30)}"`
                      + ` ${Math.round(r.width)}×${Math.round(r.height)}`);
                  }
                }
                return small;""", TOUCH);
        return found.stream().map(line -> where + ": " + line).toList();
    }

    private static String style(String selector, String property) {
        return (String) browser.executeScript(
                "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1])",
                selector, property);
    }

    /** The relative luminance of an rgb() or rgba() colour (WCAG), from 0 (black) to 1 (white). */
    static double luminance(String colour) {
        String[] parts = colour.replaceAll("[^0-9.,]", "").split(",");
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Double.parseDouble(parts[i]) / 255;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** Opens the page at #fragment and waits until its view shows and what it loads has arrived. */
    private void open(String fragment, String view) {
        browser.get("http://localhost:" + port + "/" + fragment);
        await().until(b -> b.findElement(By.id(view)).isDisplayed());
        await().until(b -> Boolean.TRUE.equals(browser.executeScript(
                "return document.readyState === 'complete' && document.documentElement.lang !== ''"
                        + " && !document.querySelector('[data-i18n]:empty:not([hidden])')")));
        try {
            // the view's own calls (charts, bills, the live value) settle
            Thread.sleep(1200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Signed in as the household, on its first address (the simulated meter), whatever was chosen before. */
    private void signIn() {
        BrowserSession.signIn(browser, port, TestHousehold.login(context, "home"));
        browser.executeScript("localStorage.clear()");
    }

    private void signOut() {
        browser.get("http://localhost:" + port + "/manifest.webmanifest");
        browser.manage().deleteAllCookies();
        browser.executeScript("localStorage.clear()");
    }

    private String firstLocation() {
        Browser api = new Browser(port).open();
        TestHousehold.Login login = TestHousehold.login(context, "home");
        api.post("/api/account/login",
                "{\"email\":\"" + login.email() + "\",\"password\":\"" + login.password() + "\"}");
        return api.get("/api/meters").json().get(0).get("location").asString();
    }

    private static WebDriverWait await() {
        // a view written anew (the help's questions in another language) replaces what a poll may have found
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(15))
                .ignoring(StaleElementReferenceException.class);
    }
}
