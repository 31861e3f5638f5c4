package org.meterkast.server.web;

import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;

/**
 * Signs a test's browser in without going through the login page each time: logs in through the API as the page
 * does, and gives the browser the session cookie. The login page itself is tested by AccountBrowserTest.
 */
public final class BrowserSession {
    private BrowserSession() {
    }

    public static void signIn(WebDriver browser, int port, TestHousehold.Login login) {
        Browser api = new Browser(port).open();
        Browser.Answer answer = api.post("/api/account/login",
                "{\"email\":\"" + login.email() + "\",\"password\":\"" + login.password() + "\"}");
        if (answer.status() != 200) {
            throw new IllegalStateException("login as " + login.email() + ": " + answer.json());
        }
        browser.get("http://localhost:" + port + "/manifest.webmanifest");
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(new Cookie("SESSION", api.cookie("SESSION"), "/"));
    }

    /**
     * Every account back to Dutch, the browser tests' language: the app remembers a language chosen in one test on
     * the account, so the next test would start in it.
     */
    public static void speakDutch(org.springframework.context.ApplicationContext context) {
        context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("UPDATE account SET language = 'nl'").update();
    }
}
