package org.meterkast.server.web;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.meterkast.server.TestHousehold;
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
        String base = "http://localhost:" + port;
        try {
            CookieManager cookies = new CookieManager();
            HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/account/login"))
                    .header("Content-Type", "application/json").header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + login.email() + "\",\"password\":\""
                            + login.password() + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("login as " + login.email() + ": " + answer.body());
            }
            browser.get(base + "/manifest.webmanifest");
            browser.manage().deleteAllCookies();
            browser.manage().addCookie(new Cookie("SESSION", cookie(cookies, "SESSION"), "/"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every account back to Dutch, the browser tests' language: the app remembers a language chosen in one test on
     * the account, so the next test would start in it.
     */
    public static void speakDutch(org.springframework.context.ApplicationContext context) {
        context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("UPDATE account SET language = 'nl'").update();
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new IllegalStateException("no " + name));
    }
}
