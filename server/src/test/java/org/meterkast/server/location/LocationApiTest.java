package org.meterkast.server.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Addresses and devices per account, and proof that one account cannot reach another's by guessing ids. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LocationApiTest {
    /** Fluvius' EANs from real exports: electricity 54144882…, gas 54144886…. */
    static final String ELECTRICITY = "541448820052377134";
    static final String GAS = "541448860018322037";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("locations.db"));
        registry.add("meterkast.meters.garage.type", () -> "none");
        registry.add("meterkast.accounts.administrators", () -> "first@gent.be");
        // every test here registers from 127.0.0.1
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
        // the simulated dongle listens on this machine, which an added source may reach only when named
        registry.add("meterkast.added-sources.allowed-networks", () -> "127.0.0.0/8");
    }

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @org.springframework.beans.factory.annotation.Autowired
    org.meterkast.server.notify.MeterRecipients recipients;

    private Browser signedIn(String email) {
        Browser browser = new Browser(port).open();
        assertThat(browser.post("/api/account/register", "{\"email\":\"" + email + "\",\"password\":\"a-long-password\"}")
                .status()).isEqualTo(201);
        return browser;
    }

    @Test
    void anAddressWithItsEansAndDevices() {
        Browser sofie = signedIn("sofie@gent.be");
        Answer added = sofie.post("/api/locations", """
                {"name":"Thuis","street":"Veldstraat 1","postalCode":"9000","city":"Gent",
                 "eanElectricity":"5414 4882 0052 3771 34","eanGas":"%s","source":"import"}""".formatted(GAS));
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
        assertThat(added.json().get("eanElectricity").asString()).isEqualTo(ELECTRICITY);
        assertThat(added.json().get("city").asString()).isEqualTo("Gent");
        String meter = added.json().get("meter").asString();
        assertThat(meter).matches("m-[a-z2-9]{10}");
        long id = added.json().get("id").asLong();

        Answer devices = sofie.get("/api/locations/" + id + "/devices");
        assertThat(devices.json()).hasSize(1);
        assertThat(devices.json().get(0).get("kind").asString()).isEqualTo("DIGITAL_METER");
        assertThat(devices.json().get(0).get("ean").asString()).isEqualTo(ELECTRICITY);

        Answer inverter = sofie.post("/api/locations/" + id + "/devices",
                "{\"kind\":\"INVERTER\",\"label\":\"SMA Sunny Boy\",\"serial\":\"3012345678\",\"activeSince\":\"2024-05-02\"}");
        assertThat(inverter.status()).isEqualTo(201);
        assertThat(sofie.get("/api/locations/" + id + "/devices").json().get(1).get("activeSince").asString())
                .isEqualTo("2024-05-02");

        // its notifications are mailed to the account, in the account's language
        assertThat(recipients.of(meter)).containsExactly(new org.meterkast.server.notify.Recipient("sofie@gent.be",
                java.util.Locale.forLanguageTag("en")));
        assertThat(recipients.of("m-zzzzzzzzzz")).isEmpty();

        // the new address's meter is the account's: its API answers
        assertThat(sofie.get("/api/meters").json().get(0).get("id").asString()).isEqualTo(meter);
        assertThat(sofie.get("/api/meters/" + meter + "/quarters?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z").status()).isEqualTo(200);
    }

    @Test
    void aWrongEanIsCaughtWithAClearMessage() {
        Browser browser = signedIn("typo@gent.be").language("nl");
        Answer typo = browser.post("/api/locations",
                "{\"name\":\"Thuis\",\"eanElectricity\":\"541448820052377135\",\"source\":\"import\"}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("parameter").asString()).isEqualTo("eanElectricity");
        assertThat(typo.json().get("error").asString()).contains("het laatste cijfer klopt niet");
        Answer gasAsElectricity = browser.language("en").post("/api/locations",
                "{\"name\":\"Thuis\",\"eanElectricity\":\"" + GAS + "\",\"source\":\"import\"}");
        assertThat(gasAsElectricity.status()).isEqualTo(400);
        assertThat(gasAsElectricity.json().get("error").asString())
                .isEqualTo("EAN " + GAS + " is a gas connection, not electricity.");
        assertThat(browser.get("/api/locations").json()).isEmpty();
    }

    @Test
    void aMeterThisServerReadsCanBeChosenOnce() {
        Browser first = signedIn("first@gent.be");
        // a named administrator whose e-mail is proven (the verification link's work, here done directly)
        jdbc.sql("UPDATE account SET email_verified = ? WHERE email = 'first@gent.be'").param(true).update();
        assertThat(first.get("/api/locations/free-meters").json().toString()).contains("garage");
        Answer added = first.post("/api/locations", "{\"name\":\"Garage\",\"source\":\"configured\",\"meter\":\"garage\"}");
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
        assertThat(added.json().get("meter").asString()).isEqualTo("garage");
        Browser second = signedIn("second@gent.be");
        assertThat(second.get("/api/locations/free-meters").json().toString()).doesNotContain("garage");
        Answer taken = second.post("/api/locations", "{\"name\":\"Mine\",\"source\":\"configured\",\"meter\":\"garage\"}");
        assertThat(taken.status()).isEqualTo(403);
        assertThat(taken.json().get("parameter").asString()).isEqualTo("meter");
        // and taken it stays, for the administrator too
        Answer twice = first.post("/api/locations", "{\"name\":\"Again\",\"source\":\"configured\",\"meter\":\"garage\"}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("parameter").asString()).isEqualTo("meter");
    }

    @Test
    void noAccountReachesAnothersAddressDevicesTariffOrDataByGuessingIds() {
        Browser owner = signedIn("owner@leuven.be");
        Answer home = owner.post("/api/locations",
                "{\"name\":\"Home\",\"eanElectricity\":\"" + ELECTRICITY + "\",\"source\":\"import\"}");
        long location = home.json().get("id").asLong();
        String meter = home.json().get("meter").asString();
        long device = owner.get("/api/locations/" + location + "/devices").json().get(0).get("id").asLong();
        assertThat(owner.get("/api/meters/" + meter + "/tariffs").status()).isEqualTo(200);

        Browser stranger = signedIn("stranger@leuven.be");
        String token = stranger.post("/api/account/tokens", "{\"name\":\"script\"}").json().get("token").asString();
        assertThat(stranger.get("/api/meters").json()).isEmpty();
        assertThat(stranger.get("/api/locations").json()).isEmpty();
        for (String path : new String[] {"/api/locations/" + location, "/api/locations/" + location + "/devices"}) {
            Answer answer = stranger.get(path);
            assertThat(answer.status()).as("%s %s", path, answer.json()).isEqualTo(404);
        }
        for (String path : new String[] {"/latest", "/quarters?from=2026-01-01&to=2026-01-02", "/tariffs",
                "/bill?from=2026-01-01&to=2026-02-01", "/costs/months", "/capacity", "/prepaid", "/imports",
                "/reconciliation?from=2026-01-01&to=2026-02-01", "/buckets?size=day&from=2026-01-01&to=2026-01-02"}) {
            Answer answer = stranger.get("/api/meters/" + meter + path);
            assertThat(answer.status()).as("%s %s", path, answer.json()).isEqualTo(404);
            assertThat(answer.json().get("error").asString()).as(path).isEqualTo("unknown meter '" + meter + "'");
            assertThat(stranger.get("/api/meters/" + meter + path, "Bearer " + token).status()).as(path).isEqualTo(404);
        }
        // a meter that does not exist answers exactly the same, so a guess tells nothing
        assertThat(stranger.get("/api/meters/m-zzzzzzzzzz/latest").json().get("error").asString())
                .isEqualTo("unknown meter 'm-zzzzzzzzzz'");

        assertThat(stranger.put("/api/locations/" + location, "{\"name\":\"Taken\"}").status()).isEqualTo(404);
        assertThat(stranger.post("/api/locations/" + location + "/devices", "{\"kind\":\"BATTERY\"}").status())
                .isEqualTo(404);
        assertThat(stranger.delete("/api/locations/" + location + "/devices/" + device).status()).isEqualTo(404);
        assertThat(stranger.post("/api/meters/" + meter + "/tariffs", "{}").status()).isEqualTo(404);
        assertThat(stranger.post("/api/meters/" + meter + "/prepaid/top-ups", "{}").status()).isEqualTo(404);
        assertThat(stranger.put("/api/meters/" + meter + "/prepaid/terms", "{}").status()).isEqualTo(404);

        // the owner's address and device are as they were
        assertThat(owner.get("/api/locations/" + location).json().get("name").asString()).isEqualTo("Home");
        assertThat(owner.get("/api/locations/" + location + "/devices").json()).hasSize(1);
        assertThat(owner.get("/api/meters/" + meter + "/tariffs").json().get("versions")).isEmpty();
    }

    @Test
    void aFluviusExportOfAnotherEanThanTheAddressesIsRefusedAndAMatchingOneImported() throws Exception {
        Browser browser = signedIn("import@gent.be");
        String meter = browser.post("/api/locations",
                "{\"name\":\"Thuis\",\"eanElectricity\":\"" + ELECTRICITY + "\",\"source\":\"import\"}")
                .json().get("meter").asString();
        byte[] otherEan = getClass().getResourceAsStream(
                "/fluvius/Verbruikshistoriek_elektriciteit_541448820050357909_20250329_20250331_kwartiertotalen.csv")
                .readAllBytes();
        Answer refused = browser.upload("/api/meters/" + meter + "/imports", otherEan);
        String state = awaitImport(browser, meter, refused);
        assertThat(state).contains("541448820050357909").contains(ELECTRICITY).containsIgnoringCase("\"state\":\"failed\"");
        String matching = new String(otherEan, java.nio.charset.StandardCharsets.UTF_8)
                .replace("541448820050357909", ELECTRICITY);
        Answer accepted = browser.upload("/api/meters/" + meter + "/imports",
                matching.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(awaitImport(browser, meter, accepted)).containsIgnoringCase("\"state\":\"done\"");
    }

    private static String awaitImport(Browser browser, String meter, Answer started) throws InterruptedException {
        assertThat(started.status()).as("%s", started.json()).isEqualTo(202);
        String id = started.json().get("id").asString();
        for (int i = 0; i < 200; i++) {
            Answer state = browser.get("/api/meters/" + meter + "/imports/" + id);
            String text = state.json().toString();
            String ended = state.json().get("state").asString();
            if (!ended.equalsIgnoreCase("running")) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("import " + id + " did not end");
    }

    @Test
    void aDongleTypedInTheAppGivesLiveDataWithinSeconds() throws Exception {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        org.meterkast.sim.SimulatedMeter simulated = new org.meterkast.sim.SimulatedMeter(
                new org.meterkast.sim.Household(org.meterkast.sim.HouseholdSettings.defaults(7)), now);
        try (org.meterkast.sim.TelegramTcpServer dongle = org.meterkast.sim.TelegramTcpServer.start(
                new java.net.InetSocketAddress("127.0.0.1", 0), org.meterkast.sim.TelegramStream.paced(simulated,
                        org.meterkast.sim.SimulationClock.startingNow(java.time.Clock.systemUTC(), now, 1)))) {
            Browser sofie = signedIn("dongle@gent.be").language("nl");
            Answer typo = sofie.post("/api/locations",
                    "{\"name\":\"Thuis\",\"source\":\"tcp\",\"address\":\"192.168.1.50\"}");
            assertThat(typo.status()).isEqualTo(400);
            assertThat(typo.json().get("parameter").asString()).isEqualTo("address");
            assertThat(typo.json().get("error").asString()).startsWith("'192.168.1.50' is geen adres dat Meterkast kan");

            Answer added = sofie.post("/api/locations", "{\"name\":\"Thuis\",\"source\":\"tcp\",\"address\":\"127.0.0.1:"
                    + dongle.port() + "\"}");
            assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
            String meter = added.json().get("meter").asString();
            Answer latest = null;
            for (int i = 0; i < 100 && (latest == null || latest.status() != 200); i++) {
                Thread.sleep(100);
                latest = sofie.get("/api/meters/" + meter + "/latest");
            }
            assertThat(latest.status()).isEqualTo(200);
            // the simulated meter's own telegram, of a moment ago
            assertThat(latest.json().get("registers").has("importDay")).isTrue();
            assertThat(java.time.Duration.between(java.time.Instant.parse(latest.json().get("time").asString()),
                    java.time.Instant.now()).abs()).isLessThan(java.time.Duration.ofSeconds(10));
            assertThat(dongle.clientCount()).isEqualTo(1);
            long device = sofie.get("/api/locations/" + added.json().get("id").asLong() + "/devices").json()
                    .get(0).get("id").asLong();
            assertThat(sofie.get("/api/locations/" + added.json().get("id").asLong() + "/devices").json().get(0)
                    .get("kind").asString()).isEqualTo("P1_READER");
            assertThat(device).isPositive();
            // read again at the next start
            assertThat(jdbc.sql("SELECT s.address FROM meter_source s JOIN meter m ON m.id = s.meter_id WHERE m.name = ?")
                    .param(meter).query(String.class).single()).isEqualTo("127.0.0.1:" + dongle.port());
        }
    }

    @Test
    void anonymousCallsGetNothing() {
        Browser anonymous = new Browser(port).open();
        assertThat(anonymous.get("/api/locations").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/meters").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/meters/garage/latest").status()).isEqualTo(401);
        // the page itself and the EAN check are public
        assertThat(anonymous.get("/api/ean/" + GAS).status()).isEqualTo(200);
    }
}
