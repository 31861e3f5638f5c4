package org.meterkast.server.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The smart-charging discount from sessions a charger really ran over OCPP: Sofie's address has a day/night contract,
 * her wallbox is an {@code ocpp16} device added in the app, she is enrolled with her Kia (id tag 04A2B3C4) from 5
 * January 2026, and her charger is in mode plan (normal charging to 30 %, target 80 %). The charger sends its January
 * sessions over a real WebSocket; each quarter is stored with the mode it was charged in, and the month's report,
 * read over HTTP, counts the quarters of her car charged in mode plan, to the cent.
 *
 * <p>Her tariff excl. VAT: day 0.1350, night 0.1050 €/kWh; with 6 % VAT, less 0.085 €/kWh, the discount is
 * 0.1350 × 1.06 − 0.085 = 0.0581 €/kWh by day and 0.1050 × 1.06 − 0.085 = 0.0263 €/kWh by night. January (CET, UTC+1):
 * <ul>
 *   <li>Tue 13th 01:00–05:00 (night), plan, her car, 40 kWh: 40 × 0.0263 = 1.052 → 1.05</li>
 *   <li>Tue 20th 09:00–13:00 (day: weekday 07:00–22:00), plan, her car, 40 kWh: 40 × 0.0581 = 2.324 → 2.32</li>
 *   <li>Wed 21st 09:00–10:00, plan, another car (FFEE0011), 10 kWh: listed, excluded as another vehicle's</li>
 *   <li>Thu 22nd 09:00–10:00, mode now, her car, 10 kWh: not a smart session at all</li>
 * </ul>
 * Discount 1.05 + 2.32 = 3.37; the fee 2.50 is less, so it is taken whole; the month nets 0.87.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OcppSmartChargingDiscountTest {
    private static final String PASSWORD = "sofie-wallbox-password";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("smart-ocpp.db"));
        registry.add("meterkast.meters.sofie.type", () -> "none");
        registry.add("meterkast.control.interval", () -> "200ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    /** A session as the charger sends it: start, a meter value each hour, stop; 10 kW throughout. */
    private static int session(RawChargePoint cp, String idTag, String startUtc, int hours, long meterStartWh) {
        java.time.Instant start = java.time.Instant.parse(startUtc);
        int tx = cp.call("StartTransaction", "{\"connectorId\":1,\"idTag\":\"" + idTag + "\",\"meterStart\":"
                + meterStartWh + ",\"timestamp\":\"" + start + "\"}").get(2).get("transactionId").intValue();
        cp.call("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Charging\"}");
        for (int h = 1; h < hours; h++) {
            cp.call("MeterValues", "{\"connectorId\":1,\"transactionId\":" + tx + ",\"meterValue\":[{\"timestamp\":\""
                    + start.plusSeconds(3600L * h) + "\",\"sampledValue\":[{\"value\":\"" + (meterStartWh + 10_000L * h)
                    + "\"},{\"value\":\"10000\",\"measurand\":\"Power.Active.Import\",\"unit\":\"W\"}]}]}");
        }
        cp.call("StopTransaction", "{\"transactionId\":" + tx + ",\"meterStop\":" + (meterStartWh + 10_000L * hours)
                + ",\"timestamp\":\"" + start.plusSeconds(3600L * hours) + "\",\"reason\":\"EVDisconnected\"}");
        cp.call("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}");
        return tx;
    }

    @Test
    void sessionsInModePlanEarnTheMonthsDiscountToTheCent() throws Exception {
        Browser sofie = new Browser(port).open();
        assertThat(sofie.post("/api/account/register", "{\"email\":\"sofie@mechelen.be\",\"password\":\"a-long-password\"}")
                .status()).isEqualTo(201);
        String location = sofie.post("/api/locations", "{\"name\":\"Thuis\",\"source\":\"configured\",\"meter\":\"sofie\"}")
                .json().get("id").asString();
        assertThat(sofie.post("/api/meters/sofie/tariffs", """
                {"validFrom":"2025-01-01","tariff":{"form":"flemish","area":"IMEWO",
                 "offtake":{"type":"dayNight","day":0.1350,"night":0.1050}}}""").status()).isEqualTo(201);
        String device = sofie.post("/api/locations/" + location + "/devices",
                "{\"kind\":\"EV_CHARGER\",\"label\":\"Wallbox\"}").json().get("id").asString();
        Answer adapter = sofie.put("/api/locations/" + location + "/devices/" + device + "/adapter",
                "{\"type\":\"ocpp16\",\"values\":{\"charge-point-id\":\"CP-SOFIE\",\"password\":\"" + PASSWORD + "\"}}");
        assertThat(adapter.status()).as("%s", adapter.json()).isEqualTo(200);
        String smart = "/api/locations/" + location + "/smart-charging";
        assertThat(sofie.put(smart + "/enrolment", """
                {"since":"2026-01-05","vehicle":"Kia EV6","vehicleIdTag":"04A2B3C4","supplyContract":true,
                 "quarterHourMetering":true,"onlyThisApp":true,"normalChargingPercent":30,"targetPercent":80}""")
                .status()).isEqualTo(200);
        String preferences = "/api/locations/" + location + "/chargers/" + device + "/preferences";
        assertThat(sofie.put(preferences, "{\"mode\":\"plan\",\"targetSoc\":80,\"departure\":\"07:00\","
                + "\"normalUpTo\":30}").status()).isEqualTo(200);

        List<Integer> plan = new ArrayList<>();
        int now;
        try (RawChargePoint cp = RawChargePoint.connect(port, "CP-SOFIE", PASSWORD)) {
            cp.call("BootNotification", RawChargePoint.boot());
            cp.call("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}");
            plan.add(session(cp, "04A2B3C4", "2026-01-13T00:00:00Z", 4, 0));
            plan.add(session(cp, "04A2B3C4", "2026-01-20T08:00:00Z", 4, 40_000));
            plan.add(session(cp, "FFEE0011", "2026-01-21T08:00:00Z", 1, 80_000));
            assertThat(sofie.put(preferences, "{\"mode\":\"now\"}").status()).isEqualTo(200);
            now = session(cp, "04A2B3C4", "2026-01-22T08:00:00Z", 1, 90_000);
        }
        // every quarter is stored (the last ones by a writer of their own), each with the mode it was charged in
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT COUNT(*) FROM charge_quarter")
                .query(Long.class).single() == 40);
        assertThat(jdbc.sql("SELECT DISTINCT mode FROM charge_quarter WHERE transaction_id = ?").param(now)
                .query(String.class).list()).containsExactly("now");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM charge_quarter WHERE mode = 'plan' AND normal_up_to = 30 "
                + "AND target_soc = 80").query(Long.class).single()).isEqualTo(36);

        JsonNode report = sofie.get(smart + "/2026-01").json();
        List<String> ids = new ArrayList<>();
        report.get("sessions").forEach(s -> ids.add(s.get("id").asString()));
        assertThat(ids).containsExactlyElementsOf(plan.stream().map(String::valueOf).toList());
        assertThat(report.get("chargedWh").asLong()).isEqualTo(90_000);
        assertThat(report.get("countedWh").asLong()).isEqualTo(80_000);
        JsonNode day = report.get("lines").get(0);
        assertThat(day.get("period").asString()).isEqualTo("DAY");
        assertThat(day.get("wattHours").asLong()).isEqualTo(40_000);
        assertThat(day.get("discountPerKwh").decimalValue()).isEqualByComparingTo("0.0581");
        assertThat(day.get("amount").decimalValue()).isEqualByComparingTo("2.32");
        JsonNode night = report.get("lines").get(1);
        assertThat(night.get("period").asString()).isEqualTo("NIGHT");
        assertThat(night.get("wattHours").asLong()).isEqualTo(40_000);
        assertThat(night.get("discountPerKwh").decimalValue()).isEqualByComparingTo("0.0263");
        assertThat(night.get("amount").decimalValue()).isEqualByComparingTo("1.05");
        assertThat(report.get("excluded").get(0).get("reason").get("key").asString())
                .isEqualTo("smartCharging.excluded.otherVehicle");
        assertThat(report.get("excluded").get(0).get("wattHours").asLong()).isEqualTo(10_000);
        assertThat(report.get("discount").decimalValue()).isEqualByComparingTo(new BigDecimal("3.37"));
        assertThat(report.get("fee").decimalValue()).isEqualByComparingTo(new BigDecimal("2.50"));
        assertThat(report.get("net").decimalValue()).isEqualByComparingTo(new BigDecimal("0.87"));
    }
}
