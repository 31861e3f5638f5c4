package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;

/** Accounts as a prober makes them: registered through the API, signed in by session, with a token when asked. */
final class Probe {
    static final String PASSWORD = "probe-password-7351";

    private Probe() {
    }

    /** A new account, signed in in a new browser. */
    static Browser registered(int port, String email) {
        Browser browser = new Browser(port).open();
        Answer answer = browser.post("/api/account/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(answer.status()).as("register %s: %s", email, answer.response().body()).isEqualTo(201);
        return browser;
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
