package org.meterkast.server.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Assigning dongles to accounts from a CSV file: addresses made as adding one in the app makes them, the same file
 * twice changes nothing, a file with any bad line stores nothing and says what is wrong line by line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FleetAssignmentsApiTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("fleet-assignments.db"));
        registry.add("meterkast.accounts.administrators", () -> "ops@provider.be");
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
        registry.add("meterkast.locations.per-account", () -> "3");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Browser operator;

    private Browser registered(String email, String language) {
        Browser browser = new Browser(port).open();
        String body = "{\"email\":\"" + email + "\",\"password\":\"a-long-password\",\"language\":\"" + language + "\"}";
        Answer answer = browser.post("/api/account/register", body);
        if (answer.status() != 201) {
            assertThat(browser.post("/api/account/login", body).status()).isEqualTo(200);
        }
        return browser;
    }

    @BeforeEach
    void accounts() {
        operator = registered("ops@provider.be", "en");
        jdbc.sql("UPDATE account SET email_verified = ? WHERE email = 'ops@provider.be'").param(true).update();
    }

    private Answer upload(Browser browser, String csv) {
        return browser.upload("/api/fleet/assignments", csv.getBytes(StandardCharsets.UTF_8));
    }

    private int addresses(String meter) {
        return jdbc.sql("SELECT COUNT(*) FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = ?")
                .param(meter).query(Integer.class).single();
    }

    private static List<String> errors(JsonNode problem) {
        List<String> errors = new ArrayList<>();
        problem.get("errors").forEach(e -> errors.add(e.get("line").asInt() + " "
                + (e.has("column") ? e.get("column").asString() : "-") + ": " + e.get("message").asString()));
        return errors;
    }

    @Test
    void aFileMakesAddressesAndTheSameFileAgainChangesNothing() {
        Browser sofie = registered("sofie@gent.be", "nl");
        registered("jean@namur.be", "fr");
        // a dongle the nodes heard before anyone assigned it: its meter row does not exist yet
        FleetRows.heard(jdbc, "dongle-77", "n1", System.currentTimeMillis() - 60_000, System.currentTimeMillis(), 60,
                0, null, null);
        String csv = """
                meter_id,ean,email
                dongle-77,%s,Sofie@Gent.be
                dongle-78,%s,jean@namur.be
                """.formatted(FleetRows.ean(77), FleetRows.ean(78));
        Answer first = upload(operator, csv);
        assertThat(first.status()).as("%s", first.json()).isEqualTo(200);
        assertThat(first.json().get("created").asInt()).isEqualTo(2);
        assertThat(first.json().get("alreadyThere").asInt()).isZero();
        assertThat(first.json().get("changed").asBoolean()).isTrue();
        assertThat(first.json().get("lines").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(first.json().get("lines").get(0).get("email").asString()).isEqualTo("sofie@gent.be");
        assertThat(first.json().get("lines").get(0).get("result").asString()).isEqualTo("created");

        // the household sees its address, named in its language, with the EAN and the digital meter
        JsonNode places = sofie.get("/api/locations").json();
        assertThat(places).hasSize(1);
        assertThat(places.get(0).get("meter").asString()).isEqualTo("dongle-77");
        assertThat(places.get(0).get("name").asString()).isEqualTo("Thuis");
        assertThat(places.get(0).get("eanElectricity").asString()).isEqualTo(FleetRows.ean(77));
        JsonNode devices = sofie.get("/api/locations/" + places.get(0).get("id").asLong() + "/devices").json();
        assertThat(devices.toString()).contains("DIGITAL_METER", FleetRows.ean(77), "P1_READER");
        assertThat(jdbc.sql("SELECT source FROM meter WHERE name = 'dongle-78'").query(String.class).single())
                .isEqualTo("fleet");
        // the operator's list knows the dongle now
        JsonNode listed = operator.get("/api/fleet/meters?q=dongle-77").json().get("items").get(0);
        assertThat(listed.get("known").asBoolean()).isTrue();
        assertThat(listed.get("email").asString()).isEqualTo("sofie@gent.be");

        Answer again = upload(operator, csv);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("created").asInt()).isZero();
        assertThat(again.json().get("alreadyThere").asInt()).isEqualTo(2);
        assertThat(again.json().get("changed").asBoolean()).isFalse();
        assertThat(again.json().get("lines").get(1).get("result").asString()).isEqualTo("already-there");
        assertThat(addresses("dongle-77")).isEqualTo(1);
        assertThat(sofie.get("/api/locations").json()).hasSize(1);
    }

    @Test
    void excelsSemicolonsByteOrderMarkAndQuotes() {
        registered("lieve@brugge.be", "nl");
        String csv = "\"EAN\";Email;meter_id\r\n\"5414 4882 0000 0001 \";lieve@brugge.be;dongle-s1\r\n\r\n"
                .replace("5414 4882 0000 0001 ", FleetRows.ean(101).replaceAll("(\\d{4})(?=\\d)", "$1 "));
        byte[] bytes = (new String(BOM, StandardCharsets.UTF_8) + csv).getBytes(StandardCharsets.UTF_8);
        assertThat(bytes[0]).isEqualTo(BOM[0]);
        Answer answer = operator.upload("/api/fleet/assignments", bytes);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        assertThat(answer.json().get("created").asInt()).isEqualTo(1);
        assertThat(answer.json().get("lines").get(0).get("ean").asString()).isEqualTo(FleetRows.ean(101));
        assertThat(addresses("dongle-s1")).isEqualTo(1);
    }

    @Test
    void aFormsFileToo() {
        registered("multi@part.be", "en");
        String boundary = "----meterkast" + System.nanoTime();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"dongles.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + "meter_id,ean,email\r\ndongle-mp,%s,multi@part.be\r\n".formatted(FleetRows.ean(201))
                + "--" + boundary + "--\r\n";
        Answer answer = operator.call("POST", "/api/fleet/assignments", "multipart/form-data; boundary=" + boundary,
                body, null, true, null);
        assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
        assertThat(answer.json().get("created").asInt()).isEqualTo(1);
        assertThat(addresses("dongle-mp")).isEqualTo(1);
    }

    @Test
    void anyBadLineStoresNothingAndEveryBadLineIsNamed() {
        registered("goed@gent.be", "nl");
        registered("other@gent.be", "nl");
        String taken = "taken-1";
        assertThat(upload(operator, "meter_id,ean,email\n%s,%s,other@gent.be\n".formatted(taken,
                FleetRows.ean(300))).status()).isEqualTo(200);
        String wrongCheckDigit = FleetRows.ean(302).substring(0, 17) + ((FleetRows.ean(302).charAt(17) - '0' + 1) % 10);
        String csv = """
                meter_id,ean,email
                good-1,%s,goed@gent.be
                bad-ean,%s,goed@gent.be
                no-account,%s,nobody@gent.be
                good-1,%s,goed@gent.be
                gas-1,541448860018322037,goed@gent.be
                %s,%s,goed@gent.be
                not/a/topic,%s,goed@gent.be
                only,two
                """.formatted(FleetRows.ean(301), wrongCheckDigit, FleetRows.ean(303), FleetRows.ean(304), taken,
                FleetRows.ean(305), FleetRows.ean(306));
        Answer refused = upload(operator, csv);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).isEqualTo("Lines with a problem: 7. Nothing was stored.");
        assertThat(errors(refused.json())).containsExactly(
                "3 ean: '" + wrongCheckDigit + "' is not a valid EAN: its last digit does not match the others (a typo?)",
                "4 email: No account has the e-mail address nobody@gent.be.",
                "5 meter_id: Meter good-1 is on line 2 already.",
                "6 ean: EAN 541448860018322037 is a gas connection, not electricity.",
                "7 meter_id: Meter taken-1 belongs to an address of another account.",
                "8 meter_id: 'not/a/topic' is not a meter id: 1 to 64 letters, digits, _ or -.",
                "9 -: The line has 2 fields separated by ','; it needs 3: meter_id, ean and email.");
        // the good line was not stored either
        assertThat(addresses("good-1")).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meter WHERE name = 'good-1'").query(Integer.class).single()).isZero();

        // in the operator's language
        Answer dutch = upload(operator.language("nl"), "meter_id,ean,email\nx-1,541448820052377135,goed@gent.be\n");
        assertThat(errors(dutch.json())).containsExactly(
                "2 ean: '541448820052377135' is geen geldige EAN-code: het laatste cijfer klopt niet met de andere "
                        + "(een tikfout?)");
        operator.language("en");
    }

    @Test
    void theHeaderTheLimitAndAnEanAtAnotherAddress() {
        registered("vol@gent.be", "nl");
        Answer header = upload(operator, "meter,ean,mail\na,b,c\n");
        assertThat(errors(header.json())).containsExactly(
                "1 -: The first line must name the columns meter_id, ean and email, separated by , or ;, not "
                        + "'meter,ean,mail'.");
        assertThat(upload(operator, "\n\n").json().get("error").asString()).isEqualTo("The file is empty.");

        // three addresses per account here: the fourth line is one too many, and nothing is stored
        StringBuilder four = new StringBuilder("meter_id,ean,email\n");
        for (int i = 1; i <= 4; i++) {
            four.append("vol-").append(i).append(',').append(FleetRows.ean(400 + i)).append(",vol@gent.be\n");
        }
        assertThat(errors(upload(operator, four.toString()).json()))
                .containsExactly("5 email: Account vol@gent.be would have more than 3 addresses.");
        assertThat(addresses("vol-1")).isZero();

        assertThat(upload(operator, "meter_id,ean,email\nvol-1,%s,vol@gent.be\n".formatted(FleetRows.ean(401)))
                .status()).isEqualTo(200);
        assertThat(errors(upload(operator, "meter_id,ean,email\nvol-2,%s,vol@gent.be\n".formatted(FleetRows.ean(401)))
                .json())).containsExactly("2 ean: EAN " + FleetRows.ean(401) + " is the address of meter vol-1 already.");
        assertThat(errors(upload(operator, "meter_id,ean,email\nvol-1,%s,vol@gent.be\n".formatted(FleetRows.ean(402)))
                .json())).containsExactly("2 ean: Meter vol-1 is at an address of this account already, with EAN "
                        + FleetRows.ean(401) + ".");
    }

    @Test
    void onlyForAdministrators() {
        Browser household = registered("huis@gent.be", "en");
        Answer refused = upload(household, "meter_id,ean,email\nh-1,%s,huis@gent.be\n".formatted(FleetRows.ean(500)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(addresses("h-1")).isZero();
        Answer anonymous = upload(new Browser(port).open(), "meter_id,ean,email\n");
        assertThat(anonymous.status()).isEqualTo(401);
    }
}
