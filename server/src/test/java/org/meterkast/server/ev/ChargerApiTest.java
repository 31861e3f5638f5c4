package org.meterkast.server.ev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.TestServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The charger page's API over HTTP with a charger connected over a real WebSocket: the list with the live state,
 * the sessions, the energy charged per week, month and year in Brussels time, "Stop charging" refused when there
 * is nothing to stop, and nothing of it for another account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChargerApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("charger-api.db"));
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, String authorization) throws Exception {
        HttpResponse<String> response = call("GET", path, authorization);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void theChargerPageSeesItsChargersSessionsAndEnergy() throws Exception {
        OcppHousehold household = OcppHousehold.of(context, "home");
        household.charger("carport", "CP-API", "phases", "1");
        String base = "/api/locations/" + household.locationId + "/chargers";
        try (RawChargePoint cp = RawChargePoint.connect(port, "CP-API", OcppHousehold.PASSWORD)) {
            cp.call("BootNotification", RawChargePoint.boot());
            cp.call("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}");
            assertThat(call("POST", base + "/carport/stop", household.bearer).statusCode())
                    .as("nothing to stop").isEqualTo(409);
            // a session across the night of the 30th to the 31st of March 2025 (DST starts on the 30th at 02:00)
            int tx = cp.call("StartTransaction", "{\"connectorId\":1,\"idTag\":\"T1\",\"meterStart\":0,"
                    + "\"timestamp\":\"2025-03-30T21:50:00Z\"}").get(2).get("transactionId").intValue();
            cp.call("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Charging\"}");
            cp.call("MeterValues", "{\"connectorId\":1,\"transactionId\":" + tx + ",\"meterValue\":[{\"timestamp\":"
                    + "\"2025-03-30T22:00:00Z\",\"sampledValue\":[{\"value\":\"600\"},{\"value\":\"3600\","
                    + "\"measurand\":\"Power.Active.Import\",\"unit\":\"W\"}]}]}");
            JsonNode list = get(base, household.bearer);
            assertThat(list).hasSize(1);
            JsonNode charger = list.get(0);
            assertThat(charger.get("device").stringValue()).isEqualTo("carport");
            assertThat(charger.get("status").stringValue()).isEqualTo("CHARGING");
            assertThat(charger.get("online").booleanValue()).isTrue();
            assertThat(charger.get("powerWatts").longValue()).isEqualTo(3600);
            assertThat(charger.get("sessionWh").longValue()).isEqualTo(600);
            assertThat(charger.get("phases").intValue()).isEqualTo(1);
            assertThat(charger.get("vendor").stringValue()).isEqualTo("Raw");
            // stops at 22:20 UTC, 00:20 on the 31st in Brussels: 22:00–22:15 gets 900, 22:15–22:20 300 Wh
            cp.call("StopTransaction", "{\"transactionId\":" + tx + ",\"meterStop\":1800,"
                    + "\"timestamp\":\"2025-03-30T22:20:00Z\",\"reason\":\"EVDisconnected\"}");
        }
        JsonNode sessions = get(base + "/carport/sessions?page=0&size=10", household.bearer);
        assertThat(sessions.get("total").longValue()).isEqualTo(1);
        JsonNode session = sessions.get("sessions").get(0);
        assertThat(session.get("chargedWh").longValue()).isEqualTo(1800);
        assertThat(session.get("stopReason").stringValue()).isEqualTo("EVDisconnected");
        assertThat(session.get("idTag").stringValue()).isEqualTo("T1");

        // Brussels weeks: the session's 600 Wh before midnight fall in the week of Monday the 24th, the 1,200 after
        // it in the week of Monday the 31st
        JsonNode weeks = get(base + "/carport/energy?size=week&from=2025-03-24&to=2025-04-07", household.bearer);
        assertThat(weeks).hasSize(2);
        assertThat(weeks.get(0).get("start").stringValue()).isEqualTo("2025-03-23T23:00:00Z");
        assertThat(weeks.get(0).get("wh").longValue()).isEqualTo(600);
        assertThat(weeks.get(1).get("start").stringValue()).isEqualTo("2025-03-30T22:00:00Z");
        assertThat(weeks.get(1).get("wh").longValue()).isEqualTo(1200);
        JsonNode months = get(base + "/carport/energy?size=month&from=2025-03-01&to=2025-05-01", household.bearer);
        // the 31st is still March: all of it; April none
        assertThat(months.get(0).get("wh").longValue()).isEqualTo(1800);
        assertThat(months.get(1).get("start").stringValue()).isEqualTo("2025-03-31T22:00:00Z");
        assertThat(months.get(1).get("wh").longValue()).isZero();
        JsonNode years = get(base + "/carport/energy?size=year&from=2025-01-01&to=2026-01-01", household.bearer);
        assertThat(years.get(0).get("wh").longValue()).isEqualTo(1800);
        assertThat(call("GET", base + "/carport/energy?size=fortnight&from=2025-01-01&to=2026-01-01",
                household.bearer).statusCode()).isEqualTo(400);
        assertThat(call("GET", base + "/carport/sessions?size=1000", household.bearer).statusCode()).isEqualTo(400);
        assertThat(call("GET", base + "/garage/sessions", household.bearer).statusCode()).isEqualTo(404);

        // offline once the charger has gone; stopping it is refused with a reason
        assertThat(get(base, household.bearer).get(0).get("error").stringValue()).isEqualTo("offline");
        assertThat(call("POST", base + "/carport/stop", household.bearer).statusCode()).isEqualTo(409);

        // another account sees none of it
        String stranger = TestHousehold.bearer(context, "elsewhere");
        for (String path : new String[] {base, base + "/carport/sessions",
                base + "/carport/energy?size=week&from=2025-03-24&to=2025-04-07"}) {
            assertThat(call("GET", path, stranger).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(call("POST", base + "/carport/stop", stranger).statusCode()).isEqualTo(404);
    }
}
