package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.meterkast.server.security.Endpoints.Endpoint;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * No account reaches another household's meter or address on any endpoint the application maps, by session or by
 * API token, for reading or for changing: each answer is exactly the one for a meter or address that does not
 * exist. The endpoints are read from Spring's own mapping, so one added later is covered without editing this test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MeterIsolationSecurityTest {
    private static final String BOUNDARY = "----meterkast-isolation";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("isolation.db"));
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void noAccountReachesAnotherHouseholdsMeterOnAnyEndpoint() {
        String owner = TestHousehold.bearer(context, "home");
        Browser stranger = Probe.registered(port, "stranger-meter@leuven.be");
        String strangerToken = Probe.token(stranger);

        List<Endpoint> endpoints = Endpoints.of(context).under("/api/meters/{}/").stream()
                .filter(e -> !e.pattern().endsWith("/telegrams")) // a push meter's own token guards it
                .toList();
        assertThat(endpoints).as("the meter endpoints found").hasSizeGreaterThanOrEqualTo(20);

        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : endpoints) {
            for (String authorization : new String[] {null, strangerToken}) {
                Answer theirs = call(stranger, endpoint, "home", authorization);
                Answer nobodys = call(stranger, endpoint, "no-such-meter", authorization);
                String how = endpoint + (authorization == null ? " by session" : " by token");
                softly.assertThat(theirs.status()).as(how).isEqualTo(nobodys.status());
                softly.assertThat(Probe.comparable(theirs).replace("home", "no-such-meter")).as(how)
                        .isEqualTo(Probe.comparable(nobodys));
                if (!endpoint.contentType().startsWith("multipart")) {
                    softly.assertThat(theirs.status()).as(how).isEqualTo(404);
                }
            }
            // and the owner does reach it: the test would see a broken check, not only a missing meter
            if (!endpoint.changes() && !endpoint.pattern().endsWith("/live")) {
                Answer own = call(stranger, endpoint, "home", owner);
                softly.assertThat(own.response().body()).as("%s for its owner", endpoint)
                        .doesNotContain("unknown meter");
            }
        }
        softly.assertAll();
    }

    @Test
    void noAccountReachesAnotherAccountsAddressOnAnyEndpoint() {
        Browser owner = Probe.registered(port, "owner-address@leuven.be");
        Answer added = owner.post("/api/locations", "{\"name\":\"Thuis\",\"source\":\"import\"}");
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
        String id = added.json().get("id").asString();
        Browser stranger = Probe.registered(port, "stranger-address@leuven.be");
        String strangerToken = Probe.token(stranger);

        List<Endpoint> endpoints = Endpoints.of(context).under("/api/locations/{}").stream()
                .filter(e -> !e.pattern().equals("/api/locations/free-meters"))
                .toList();
        assertThat(endpoints).as("the address endpoints found").hasSizeGreaterThanOrEqualTo(5);
        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : endpoints) {
            for (String authorization : new String[] {null, strangerToken}) {
                Answer theirs = call(stranger, endpoint, id, authorization);
                Answer nobodys = call(stranger, endpoint, "987654321", authorization);
                String how = endpoint + (authorization == null ? " by session" : " by token");
                softly.assertThat(theirs.status()).as(how).isEqualTo(404);
                softly.assertThat(Probe.comparable(theirs).replaceAll("(?<!\\d)" + id + "(?!\\d)", "987654321")).as(how)
                        .isEqualTo(Probe.comparable(nobodys));
            }
        }
        softly.assertAll();
        // nothing of the owner's changed
        Answer still = owner.get("/api/locations/" + id);
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.json().get("name").asString()).isEqualTo("Thuis");
        assertThat(owner.get("/api/locations/" + id + "/devices").json()).isEmpty();
    }

    private static Answer call(Browser browser, Endpoint endpoint, String id, String authorization) {
        String type = endpoint.contentType();
        String body = null;
        if (endpoint.changes()) {
            if (type.startsWith("multipart")) {
                type = "multipart/form-data; boundary=" + BOUNDARY;
                body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n";
            } else {
                body = type.contains("json") ? "{}" : "x";
            }
        }
        return browser.call(endpoint.method().name(), endpoint.path(id), endpoint.changes() ? type : null, body,
                endpoint.accept(), true, authorization);
    }
}
