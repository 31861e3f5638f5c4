package org.meterkast.server.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An address's life after it was added: when its data last arrived, its live source changed or removed, the address
 * removed with its meter's data (never a configured meter's), and none of it for another account's address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AddressLifecycleApiTest {
    static final String ELECTRICITY = "541448820050357909";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("lifecycle.db"));
        registry.add("meterkast.meters.garage.type", () -> "none");
        registry.add("meterkast.accounts.administrators", () -> "admin@gent.be");
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
        registry.add("meterkast.added-sources.allowed-networks", () -> "127.0.0.0/8");
        registry.add("meterkast.added-sources.per-account", () -> "1");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Browser signedIn(String email) {
        Browser browser = new Browser(port).open();
        assertThat(browser.post("/api/account/register", "{\"email\":\"" + email + "\",\"password\":\"a-long-password\"}")
                .status()).isEqualTo(201);
        return browser;
    }

    private int rows(String table, String meter) {
        return jdbc.sql("SELECT count(*) FROM " + table + " t JOIN meter m ON m.id = t.meter_id WHERE m.name = ?")
                .param(meter).query(Integer.class).single();
    }

    @Test
    void aFluviusOnlyAddressSaysWhenItsDataLastArrivedAndGoesWithItsData() throws Exception {
        Browser an = signedIn("an@gent.be");
        Answer added = an.post("/api/locations",
                "{\"name\":\"Zomerhuis\",\"eanElectricity\":\"" + ELECTRICITY + "\",\"source\":\"import\"}");
        long id = added.json().get("id").asLong();
        String meter = added.json().get("meter").asString();
        Answer before = an.get("/api/locations");
        assertThat(before.json().get(0).get("live").isNull()).isTrue();
        assertThat(before.json().get(0).get("lastData").isNull()).isTrue();

        byte[] csv = getClass().getResourceAsStream(
                "/fluvius/Verbruikshistoriek_elektriciteit_541448820050357909_20250329_20250331_kwartiertotalen.csv")
                .readAllBytes();
        Answer upload = an.upload("/api/meters/" + meter + "/imports", csv);
        assertThat(upload.status()).isEqualTo(202);
        String importId = upload.json().get("id").asString();
        for (int i = 0; i < 200 && an.get("/api/meters/" + meter + "/imports/" + importId).json().get("state")
                .asString().equalsIgnoreCase("running"); i++) {
            Thread.sleep(50);
        }
        Answer after = an.get("/api/locations/" + id);
        assertThat(after.json().get("live").isNull()).isTrue();
        // the export holds 29 to 31 March 2025: its last quarter starts at 23:45 on the 31st, Brussels summer time
        assertThat(after.json().get("firstData").asString()).isEqualTo("2025-03-28T23:00:00Z");
        assertThat(after.json().get("lastData").asString()).isEqualTo("2025-03-31T21:45:00Z");
        assertThat(rows("quarter", meter)).isPositive();

        // another account neither sees nor removes it
        Browser other = signedIn("other@gent.be");
        assertThat(other.get("/api/locations/" + id).status()).isEqualTo(404);
        assertThat(other.delete("/api/locations/" + id).status()).isEqualTo(404);
        assertThat(other.put("/api/locations/" + id + "/source", "{\"source\":\"tcp\",\"address\":\"127.0.0.1:2000\"}")
                .status()).isEqualTo(404);
        assertThat(other.delete("/api/locations/" + id + "/source").status()).isEqualTo(404);
        // nor without the CSRF token
        assertThat(an.call("DELETE", "/api/locations/" + id, null, null, "application/json", false, null).status())
                .isEqualTo(403);

        assertThat(an.delete("/api/locations/" + id).status()).isEqualTo(204);
        assertThat(an.get("/api/locations").json()).isEmpty();
        assertThat(an.get("/api/meters").json()).isEmpty();
        assertThat(rows("quarter", meter)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM meter WHERE name = ?").param(meter).query(Integer.class).single())
                .isZero();
        assertThat(an.delete("/api/locations/" + id).status()).isEqualTo(404);
    }

    @Test
    void aLiveSourceIsGivenChangedAndRemovedWithTheChecksOfAdding() {
        Browser bert = signedIn("bert@gent.be").language("nl");
        long id = bert.post("/api/locations", "{\"name\":\"Thuis\",\"source\":\"import\"}").json().get("id").asLong();
        long second = bert.post("/api/locations", "{\"name\":\"Atelier\",\"source\":\"import\"}").json().get("id")
                .asLong();

        Answer outside = bert.put("/api/locations/" + id + "/source", "{\"source\":\"tcp\",\"address\":\"10.1.2.3:2000\"}");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().get("parameter").asString()).isEqualTo("address");
        assertThat(outside.json().get("error").asString()).startsWith("Meterkast mag geen verbinding maken met");
        Answer unknown = bert.put("/api/locations/" + id + "/source", "{\"source\":\"modem\",\"address\":\"x\"}");
        assertThat(unknown.json().get("parameter").asString()).isEqualTo("source");

        Answer given = bert.put("/api/locations/" + id + "/source", "{\"source\":\"tcp\",\"address\":\"127.0.0.1:2000\"}");
        assertThat(given.status()).as("%s", given.json()).isEqualTo(200);
        assertThat(given.json().get("live").asString()).isEqualTo("tcp");
        assertThat(bert.get("/api/locations/" + id).json().get("liveAddress").asString()).isEqualTo("127.0.0.1:2000");
        assertThat(bert.get("/api/locations/" + id + "/devices").json().toString()).contains("P1_READER");
        // one live source per account here: a second address may not have one too, but the first may change its own
        Answer overLimit = bert.put("/api/locations/" + second + "/source",
                "{\"source\":\"homewizard\",\"address\":\"127.0.0.2\"}");
        assertThat(overLimit.status()).isEqualTo(400);
        assertThat(overLimit.json().get("parameter").asString()).isEqualTo("source");
        Answer changed = bert.put("/api/locations/" + id + "/source",
                "{\"source\":\"homewizard\",\"address\":\"127.0.0.2\"}");
        assertThat(changed.status()).as("%s", changed.json()).isEqualTo(200);
        assertThat(bert.get("/api/locations/" + id).json().get("live").asString()).isEqualTo("homewizard");
        // a refused change keeps the source it had
        assertThat(bert.put("/api/locations/" + id + "/source", "{\"source\":\"tcp\",\"address\":\"10.1.2.3:2000\"}")
                .status()).isEqualTo(400);
        assertThat(bert.get("/api/locations/" + id).json().get("liveAddress").asString()).isEqualTo("127.0.0.2");

        Answer removed = bert.delete("/api/locations/" + id + "/source");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("live").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM meter_source").query(Integer.class).single()).isZero();
        assertThat(bert.delete("/api/locations/" + id + "/source").status()).isEqualTo(404);
        // and now the other address may have one
        assertThat(bert.put("/api/locations/" + second + "/source",
                "{\"source\":\"homewizard\",\"address\":\"127.0.0.2\"}").status()).isEqualTo(200);
    }

    @Test
    void aConfiguredMetersDataStaysWhenItsAddressIsRemoved() {
        Browser admin = signedIn("admin@gent.be");
        jdbc.sql("UPDATE account SET email_verified = ? WHERE email = 'admin@gent.be'").param(true).update();
        Answer added = admin.post("/api/locations", "{\"name\":\"Garage\",\"source\":\"configured\",\"meter\":\"garage\"}");
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
        long id = added.json().get("id").asLong();
        int meterId = jdbc.sql("SELECT id FROM meter WHERE name = 'garage'").query(Integer.class).single();
        jdbc.sql("INSERT INTO p1_quarter (meter_id, start_epoch, import_wh, export_wh, estimated) VALUES (?, ?, 120, 0, 0)")
                .params(meterId, 1_767_222_000L).update();
        // its source is the operator's
        assertThat(admin.put("/api/locations/" + id + "/source", "{\"source\":\"tcp\",\"address\":\"127.0.0.1:2000\"}")
                .status()).isEqualTo(403);
        assertThat(admin.get("/api/locations/" + id).json().get("configured").asBoolean()).isTrue();
        assertThat(admin.delete("/api/locations/" + id).status()).isEqualTo(204);
        assertThat(rows("p1_quarter", "garage")).isEqualTo(1);
        assertThat(admin.get("/api/locations/free-meters").json().toString()).contains("garage");
        assertThat(new String(admin.get("/api/locations").response().body().getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).isEqualTo("[]");
    }
}
