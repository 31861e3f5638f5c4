package org.meterkast.server.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.p1.DemandPeak;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.TestServer;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.meterkast.sim.ev.Car;
import org.meterkast.sim.ev.ChargePointFleet;
import org.meterkast.sim.ev.ChargePointSettings;
import org.meterkast.sim.ev.ConnectorStatus;
import org.meterkast.sim.ev.OcppChargePoint;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The product end to end, through the real protocol: a household signs up and adds its address for the meter "home"
 * (a data logger pushes its telegrams), whose charger "carport" is an {@code ocpp16} device of the server's
 * properties; a second charger is added in the app and given its {@code ocpp16} adapter over the API. The simulated
 * OCPP 1.6J charge point connects to {@code ws://127.0.0.1:<port>/ocpp/<id>} with its password, a car is plugged in,
 * and the control loop steers it through the adapter as the household switches modes: now (the charge point is
 * offered its 16 A and charges at the car's 11 kW, as its meter values show in the API), off (paused), solar with no
 * surplus (held at the minimum for the disable delay of 2 s, then paused), then "Stop charging" ends the session,
 * stored with its energy per quarter hour. The charger added in the app is listed and steered under its device id,
 * and once its adapter is removed it is let go and refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OcppChargingEndToEndTest {
    private static final String TOKEN = "home-logger-0123456789";
    private static final String CARPORT_PASSWORD = "carport-password-2026";
    private static final String GARAGE_PASSWORD = "garage-password-2026!";
    private static final ChargePointFleet FLEET = new ChargePointFleet(new ChargePointFleet.Timing(
            Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(1)));

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("ocpp-e2e.db"));
        TestServer.pushMeter(registry, "home", TOKEN);
        String carport = "meterkast.meters.home.devices.carport.";
        registry.add(carport + "kind", () -> "charger");
        registry.add(carport + "type", () -> "ocpp16");
        registry.add(carport + "charge-point-id", () -> "CP-CARPORT");
        registry.add(carport + "password", () -> CARPORT_PASSWORD);
        registry.add("meterkast.control.interval", () -> "200ms");
        registry.add("meterkast.control.solar.disable-delay", () -> "2s");
        registry.add("meterkast.ocpp.meter-value-interval", () -> "1s");
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void closeFleet() {
        FLEET.close();
    }

    private OcppChargePoint connect(String id, String password, int phases) {
        return FLEET.connect(ChargePointSettings.of(URI.create("ws://127.0.0.1:" + port + "/ocpp"), id, password)
                .withPhases(phases, false).withMeterValueInterval(Duration.ofSeconds(1)), java.time.Clock.systemUTC(),
                line -> { });
    }

    private static JsonNode one(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.get(field).asString())) {
                return node;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    /** The charger of the address's list, read until it fits (10 s at most). */
    private JsonNode chargerUntil(Browser owner, String chargers, String device, Predicate<JsonNode> fits) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                last[0] = one(owner.get(chargers).json(), "device", device);
                return fits.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(device + " never fit; last seen " + last[0], e);
        }
        return last[0];
    }

    /** A telegram of now: the household takes {@code watts} from the grid; this month's peak so far is 20 kW. */
    private void pushTelegram(long watts) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Telegram telegram = Telegram.builder(Dialect.BELGIAN).header("FLU5\\253769484_A").version("50217")
                .equipmentId("1SAG1105000000").timestamp(now)
                .energyImported(Tariff.DAY, 1_234_567).energyImported(Tariff.NIGHT, 2_000_000)
                .energyExported(Tariff.DAY, 456_789).energyExported(Tariff.NIGHT, 3_000).tariff(Tariff.DAY)
                .set(Measurement.POWER_IMPORTED, watts).set(Measurement.POWER_EXPORTED, 0)
                .set(Measurement.CURRENT_AVERAGE_DEMAND, 0).monthPeak(new DemandPeak(now, 20_000)).build();
        HttpResponse<String> pushed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/meters/home/telegrams"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TelegramWriter.toBytes(telegram))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
    }

    /** The decisions about a device, oldest first. */
    private static List<JsonNode> decisions(Browser owner, String location, String device) {
        List<JsonNode> about = new ArrayList<>();
        for (JsonNode d : owner.get("/api/locations/" + location + "/control").json().get("decisions")) {
            if (device.equals(d.get("device").asString())) {
                about.add(0, d);
            }
        }
        return about;
    }

    @Test
    void aChargerOfThePropertiesIsSteeredThroughOcppFromNowToOffToSolarAndStopped() throws Exception {
        Browser owner = new Browser(port).open();
        assertThat(owner.post("/api/account/register", "{\"email\":\"an@leuven.be\",\"password\":\"a-long-password\"}")
                .status()).isEqualTo(201);
        Answer added = owner.post("/api/locations", "{\"name\":\"Thuis\",\"source\":\"configured\",\"meter\":\"home\"}");
        assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
        String location = added.json().get("id").asString();
        String chargers = "/api/locations/" + location + "/chargers";

        // the address shows the meter: its charger of the properties is registered there, and let in
        OcppChargePoint carport = connect("CP-CARPORT", CARPORT_PASSWORD, 3);
        carport.plugIn(Car.typical(20));

        // no preferences yet: now, at full power. The charge point is offered its 16 A (11,040 W on three phases)
        // and charges at what the car takes, 11 kW, as its meter values tell the API
        JsonNode charging = chargerUntil(owner, chargers, "carport", c -> "CHARGING".equals(c.get("status").asString())
                && c.get("powerWatts").asLong() == 11_000 && c.get("limitAmps").asDouble() == 16);
        assertThat(charging.get("chargePointId").asString()).isEqualTo("CP-CARPORT");
        assertThat(charging.get("online").asBoolean()).isTrue();
        assertThat(charging.get("offeredAmps").asDouble()).isEqualTo(16);
        assertThat(charging.get("vendor").asString()).isEqualTo(ChargePointSettings.VENDOR);
        assertThat(carport.offeredWatts()).isEqualTo(11_040);
        assertThat(carport.status()).isEqualTo(ConnectorStatus.Charging);
        // (before the address showed the meter, the loop found the charger unregistered: a device-failed decision)
        JsonNode now = decisions(owner, location, "carport").stream()
                .filter(d -> d.get("action").asString().equals("offer")).findFirst().orElseThrow();
        assertThat(now.get("amps").asDouble()).isEqualTo(16);
        assertThat(now.get("reason").get("key").asString()).isEqualTo("ev.now");
        assertThat(now.get("outcome").asString()).isEqualTo("applied");
        String preferences = chargers + "/carport/preferences";
        assertThat(owner.get(preferences).json().get("mode").asString()).isEqualTo("NOW");

        // the house with the car takes 11.5 kW from the grid
        pushTelegram(11_500);

        // off: paused, its session still open
        assertThat(owner.put(preferences, "{\"mode\":\"off\"}").status()).isEqualTo(200);
        JsonNode off = chargerUntil(owner, chargers, "carport", c -> "PAUSED".equals(c.get("status").asString())
                && c.get("powerWatts").asLong() == 0);
        assertThat(off.get("limitAmps").asDouble()).isZero();
        assertThat(off.get("connectorStatus").asString()).isEqualTo("SuspendedEVSE");
        assertThat(off.get("transactionId").isNull()).isFalse();
        assertThat(carport.offeredWatts()).isZero();

        // now again, then solar: no surplus at all (the grid gives the car what it takes), so the charger holds its
        // minimum, 6 A, while the disable delay runs, and is paused once 2 s have passed
        assertThat(owner.put(preferences, "{\"mode\":\"now\"}").status()).isEqualTo(200);
        chargerUntil(owner, chargers, "carport", c -> c.get("powerWatts").asLong() == 11_000);
        assertThat(owner.put(preferences, "{\"mode\":\"solar\"}").status()).isEqualTo(200);
        chargerUntil(owner, chargers, "carport", c -> "PAUSED".equals(c.get("status").asString())
                && c.get("limitAmps").asDouble() == 0);
        List<JsonNode> solar = decisions(owner, location, "carport");
        JsonNode holding = solar.stream().filter(d -> d.get("reason").get("key").asString()
                .equals("ev.solar.holdingMinimum")).findFirst().orElseThrow(() -> new AssertionError(solar.toString()));
        assertThat(holding.get("amps").asDouble()).isEqualTo(6);
        assertThat(holding.get("reason").get("values").get("delaySeconds").asLong()).isEqualTo(2);
        JsonNode paused = solar.get(solar.size() - 1);
        assertThat(paused.get("action").asString()).isEqualTo("pause");
        assertThat(paused.get("reason").get("key").asString()).isEqualTo("ev.paused.surplusBelowMinimum");
        assertThat(Duration.between(Instant.parse(holding.get("at").asString()),
                Instant.parse(paused.get("at").asString()))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(carport.offeredWatts()).isZero();

        // "Stop charging": the session ends (RemoteStopTransaction) and is stored with its energy per quarter hour
        int transaction = carport.transactionId().orElseThrow();
        assertThat(owner.post(chargers + "/carport/stop", "").status()).isEqualTo(204);
        chargerUntil(owner, chargers, "carport", c -> "EV_CONNECTED".equals(c.get("status").asString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT stop_epoch FROM charge_session "
                + "WHERE transaction_id = ?").param(transaction).query(Long.class).optional().isPresent());
        long meterStop = carport.registerWh();
        assertThat(meterStop).as("it charged").isPositive();
        JsonNode session = owner.get(chargers + "/carport/sessions").json().get("sessions").get(0);
        assertThat(session.get("transactionId").asInt()).isEqualTo(transaction);
        assertThat(session.get("stopReason").asString()).isEqualTo("Remote");
        assertThat(session.get("meterStopWh").asLong()).isEqualTo(meterStop);
        assertThat(session.get("chargedWh").asLong()).isEqualTo(meterStop);
        // its quarters add up to its energy exactly, and so do the days of the energy charged
        assertThat(jdbc.sql("SELECT SUM(wh) FROM charge_quarter WHERE transaction_id = ?").param(transaction)
                .query(Long.class).single()).isEqualTo(meterStop);
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Brussels")).toString();
        String tomorrow = java.time.LocalDate.parse(today).plusDays(1).toString();
        JsonNode days = owner.get(chargers + "/carport/energy?size=day&from=" + today + "&to=" + tomorrow).json();
        assertThat(days.get(0).get("wh").asLong()).isEqualTo(meterStop);
        JsonNode stop = decisions(owner, location, "carport").stream()
                .filter(d -> d.get("action").asString().equals("stop")).findFirst().orElseThrow();
        assertThat(stop.get("reason").get("key").asString()).isEqualTo("ev.stop.household");
        assertThat(stop.get("outcome").asString()).isEqualTo("applied");
        assertThat(owner.post(chargers + "/carport/stop", "").status()).as("nothing left to stop").isEqualTo(409);
        carport.close();
    }

    @Test
    void aChargerAddedInTheAppIsRegisteredSteeredUnderItsIdAndLetGoWhenItsAdapterIsRemoved() throws Exception {
        Browser owner = new Browser(port).open();
        assertThat(owner.post("/api/account/register", "{\"email\":\"jan@gent.be\",\"password\":\"a-long-password\"}")
                .status()).isEqualTo(201);
        String location = owner.post("/api/locations", "{\"name\":\"Garage\",\"source\":\"import\"}").json().get("id")
                .asString();
        String device = owner.post("/api/locations/" + location + "/devices",
                "{\"kind\":\"EV_CHARGER\",\"label\":\"Garage\"}").json().get("id").asString();
        String adapter = "/api/locations/" + location + "/devices/" + device + "/adapter";
        assertThat(RawChargePoint.handshakeStatus(port, "CP-GARAGE", GARAGE_PASSWORD)).as("not yet registered")
                .isEqualTo(404);
        Answer set = owner.put(adapter, "{\"type\":\"ocpp16\",\"values\":{\"charge-point-id\":\"CP-GARAGE\","
                + "\"password\":\"" + GARAGE_PASSWORD + "\",\"max-amps\":\"10\",\"phases\":\"1\"}}");
        assertThat(set.status()).as("%s", set.json()).isEqualTo(200);
        assertThat(set.json().get("describe").asString()).isEqualTo("OCPP CP-GARAGE");
        assertThat(set.json().get("secrets").get(0).asString()).isEqualTo("password");
        assertThat(set.toString()).doesNotContain(GARAGE_PASSWORD);
        assertThat(RawChargePoint.handshakeStatus(port, "CP-GARAGE", "not-the-password-at-all"))
                .as("a wrong password").isEqualTo(401);

        OcppChargePoint garage = connect("CP-GARAGE", GARAGE_PASSWORD, 1);
        garage.plugIn(Car.typical(50));
        String chargers = "/api/locations/" + location + "/chargers";
        // the charger page's device and the preferences' charger are the same id: the device's
        JsonNode charging = chargerUntil(owner, chargers, device, c -> "CHARGING".equals(c.get("status").asString())
                && c.get("powerWatts").asLong() == 2_300 && c.get("limitAmps").asDouble() == 10);
        assertThat(charging.get("phases").asInt()).isEqualTo(1);
        assertThat(garage.offeredWatts()).as("10 A on one phase").isEqualTo(2_300);
        assertThat(owner.get(chargers + "/" + device + "/preferences").json().get("mode").asString()).isEqualTo("NOW");
        assertThat(owner.put(chargers + "/" + device + "/preferences", "{\"mode\":\"off\"}").status()).isEqualTo(200);
        chargerUntil(owner, chargers, device, c -> "PAUSED".equals(c.get("status").asString()));
        int transaction = garage.transactionId().orElseThrow();

        // the adapter removed: the charger is no longer listed, its connection is closed and it is refused; its
        // session is kept
        assertThat(owner.delete(adapter).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> !garage.isBooted());
        assertThat(owner.get(chargers).json().toString()).doesNotContain("CP-GARAGE");
        assertThat(RawChargePoint.handshakeStatus(port, "CP-GARAGE", GARAGE_PASSWORD)).isEqualTo(404);
        assertThat(owner.get(chargers + "/" + device + "/sessions").json().get("sessions").get(0)
                .get("transactionId").asInt()).isEqualTo(transaction);

        // given its adapter again, the same charger is let in again with its sessions
        assertThat(owner.put(adapter, "{\"type\":\"ocpp16\",\"values\":{\"charge-point-id\":\"CP-GARAGE\","
                + "\"password\":\"" + GARAGE_PASSWORD + "\",\"max-amps\":\"10\",\"phases\":\"1\"}}").status())
                .isEqualTo(200);
        chargerUntil(owner, chargers, device, c -> c.get("online").asBoolean());
        assertThat(owner.get(chargers + "/" + device + "/sessions").json().get("total").asLong()).isEqualTo(1);

        // the device removed: its registration goes with its sessions
        garage.close();
        assertThat(owner.delete("/api/locations/" + location + "/devices/" + device).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM charge_point WHERE charge_point_id = 'CP-GARAGE'")
                .query(Long.class).single()).isZero();
        assertThat(RawChargePoint.handshakeStatus(port, "CP-GARAGE", GARAGE_PASSWORD)).isEqualTo(404);
    }
}
