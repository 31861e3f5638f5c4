package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.AccountService;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.meterkast.server.store.MeterRepository;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Accounts as a prober makes them: registered through the API, signed in by session, with a token when asked. */
final class Probe {
    static final String PASSWORD = "probe-password-7351";

    private Probe() {
    }

    /** A new account, signed in in a new browser. */
    static Browser registered(int port, String email) {
        return registered(port, email, PASSWORD);
    }

    /** A new account with this password, signed in in a new browser. */
    static Browser registered(int port, String email, String password) {
        return signedIn(port, "/api/account/register", email, password, 201);
    }

    /** An account that is there already, signed in in a new browser. */
    static Browser loggedIn(int port, String email, String password) {
        return signedIn(port, "/api/account/login", email, password, 200);
    }

    private static Browser signedIn(int port, String path, String email, String password, int status) {
        Browser browser = new Browser(port).open();
        Answer answer = browser.post(path, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(answer.status()).as("%s %s: %s", path, email, answer.response().body()).isEqualTo(status);
        return browser;
    }

    /** The demo account ({@code demo@meterkast.local}, {@code meterkast-demo}) as the simulated household makes it, once. */
    static void demoAccount(AccountService accounts, JdbcClient jdbc) {
        if (jdbc.sql("SELECT COUNT(*) FROM account WHERE email = 'demo@meterkast.local'").query(Long.class).single() == 0) {
            accounts.register("demo@meterkast.local", "meterkast-demo", "Demo", "nl");
        }
    }

    /** The {@code Authorization} header of a household holding the meter {@code home}, which is registered first. */
    static String homeOwner(ApplicationContext context) {
        context.getBean(MeterRepository.class).register("home", "test");
        return TestHousehold.bearer(context, "home");
    }

    /** An answer's body without what differs from one call to the next (its time stamp, the path asked). */
    static String comparable(Answer answer) {
        return answer.response().body().replaceAll("\"(timestamp|instance|path)\":\"[^\"]*\"", "");
    }

    /** The {@code Authorization} header of a new API token of the browser's account. */
    static String token(Browser browser) {
        Answer answer = browser.post("/api/account/tokens", "{\"name\":\"probe\"}");
        assertThat(answer.status()).as("%s", answer.response().body()).isIn(200, 201);
        return "Bearer " + answer.json().get("token").asString();
    }
}
