package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Devices of an address from the properties and from the app, over HTTP: the adapter types and their settings,
 * a charger of the properties run by the loop, adapters set from the app checked by their type (errors under the
 * field in the user's language, hosts the server may not reach refused, a secret kept as a hash and never
 * returned), the chargers' preferences, and none of it reachable from another account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceLayerApiTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("devices.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
        registry.add("meterkast.meters.home.devices.carport.kind", () -> "charger");
        registry.add("meterkast.meters.home.devices.carport.type", () -> "sim");
        registry.add("meterkast.meters.home.devices.carport.soc", () -> "50");
        registry.add("meterkast.control.interval", () -> "200ms");
        registry.add("meterkast.accounts.registrations-per-address", () -> "100");
    }

    /** A charger type with a secret, as a charge point's password is: what its factory receives is kept. */
    @TestConfiguration
    static class KeyedChargers {
        static final List<DeviceSettings> MADE = new CopyOnWriteArrayList<>();

        @Bean
        DeviceFactory<ChargerPort> keyedChargerFactory() {
            return new DeviceFactory<>() {
                @Override
                public DeviceKind kind() {
                    return DeviceKind.CHARGER;
                }

                @Override
                public String type() {
                    return "keyed";
                }

                @Override
                public List<DeviceSetting> settings() {
                    return List.of(DeviceSetting.required("charge-point-id", DeviceSetting.Kind.TEXT),
                            DeviceSetting.secret("password"));
                }

                @Override
                public ChargerPort create(DeviceSettings settings) {
                    MADE.add(settings);
                    return new ChargerPort() {
                        @Override
                        public String describe() {
                            return "keyed " + settings.values().get("charge-point-id");
                        }

                        @Override
                        public ChargerReading read() {
                            return new ChargerReading(java.time.Instant.now(), ChargerStatus.STANDBY, Power.ZERO, 3,
                                    0, 0);
                        }

                        @Override
                        public void offerCurrent(double amps) {
                        }

                        @Override
                        public void stopSession() {
                        }

                        @Override
                        public CurrentRange currentRange() {
                            return new CurrentRange(6, 16);
                        }
                    };
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    private Browser signedIn(String email) {
        Browser browser = new Browser(port).open();
        assertThat(browser.post("/api/account/register", "{\"email\":\"" + email + "\",\"password\":\"a-long-password\"}")
                .status()).isEqualTo(201);
        return browser;
    }

    private Browser homeOwner() {
        TestHousehold.Login login = TestHousehold.login(context, "home");
        Browser browser = new Browser(port).open();
        assertThat(browser.post("/api/account/login", "{\"email\":\"" + login.email() + "\",\"password\":\""
                + login.password() + "\"}").status()).isEqualTo(200);
        return browser;
    }

    private static JsonNode one(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.get(field).asString())) {
                return node;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    @Test
    void theAdapterTypesComeWithTheSettingsEachReads() {
        JsonNode types = signedIn("types@gent.be").get("/api/device-types").json();
        JsonNode sunspec = one(types, "type", "sunspec");
        assertThat(sunspec.get("kind").asString()).isEqualTo("inverter");
        JsonNode address = sunspec.get("settings").get(0);
        assertThat(address.get("name").asString()).isEqualTo("address");
        assertThat(address.get("kind").asString()).isEqualTo("ADDRESS");
        assertThat(address.get("required").asBoolean()).isTrue();
        JsonNode keyed = one(types, "type", "keyed");
        assertThat(keyed.get("settings").get(1).get("secret").asBoolean()).isTrue();
        assertThat(types.toString()).contains("\"kind\":\"charger\",\"type\":\"sim\"");
    }

    @Test
    void aChargerOfThePropertiesRunsInTheLoopWithItsPreferences() throws Exception {
        Browser owner = homeOwner();
        String id = owner.get("/api/locations").json().get(0).get("id").asString();

        JsonNode adapters = owner.get("/api/locations/" + id + "/adapters").json();
        JsonNode carport = one(adapters, "device", "carport");
        assertThat(carport.get("configured").asBoolean()).isTrue();
        assertThat(carport.get("type").asString()).isEqualTo("sim");
        assertThat(carport.get("values").get("soc").asString()).isEqualTo("50");
        assertThat(carport.get("describe").asString()).startsWith("simulated charger carport");

        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode control = owner.get("/api/locations/" + id + "/control").json();
        while (control.get("cycles").asLong() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            control = owner.get("/api/locations/" + id + "/control").json();
        }
        assertThat(control.get("running").asBoolean()).isTrue();
        assertThat(control.get("cycles").asLong()).isPositive();
        JsonNode device = one(control.get("devices"), "name", "carport");
        assertThat(device.get("state").asString()).isEqualTo("ok");
        assertThat(device.get("configured").asBoolean()).isTrue();

        String preferences = "/api/locations/" + id + "/chargers/carport/preferences";
        JsonNode defaults = owner.get(preferences).json();
        assertThat(defaults.get("mode").asString()).isEqualTo("NOW");
        assertThat(defaults.get("consumptionKwh100Km").decimalValue()).isEqualByComparingTo("25");

        Answer saved = owner.put(preferences, """
                {"mode":"plan","targetSoc":80,"departure":"07:30","normalUpTo":30,"batteryKwh":60.5,"soc":40,
                 "consumptionKwh100Km":18.5}""");
        assertThat(saved.status()).as("%s", saved.json()).isEqualTo(200);
        JsonNode read = owner.get(preferences).json();
        assertThat(read.get("mode").asString()).isEqualTo("PLAN");
        assertThat(read.get("departure").asString()).isEqualTo("07:30:00");
        assertThat(read.get("batteryKwh").decimalValue()).isEqualByComparingTo("60.5");
        assertThat(read.get("consumptionKwh100Km").decimalValue()).isEqualByComparingTo("18.5");
        assertThat(jdbc.sql("SELECT battery_wh FROM charger_preference WHERE device = 'carport'")
                .query(Long.class).single()).isEqualTo(60_500L);

        // the manual's "250 kWh/100 km" is refused, under its field, in the user's language
        Answer tooMuch = owner.language("nl").put(preferences, "{\"mode\":\"now\",\"consumptionKwh100Km\":250}");
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.json().get("errors").get(0).get("field").asString()).isEqualTo("consumptionKwh100Km");
        assertThat(tooMuch.json().get("detail").asString())
                .isEqualTo("Het verbruik ligt tussen 5 en 60 kWh per 100 km.");
        Answer above = owner.language("en").put(preferences, "{\"mode\":\"plan\",\"targetSoc\":80,\"normalUpTo\":90}");
        assertThat(above.json().get("errors").get(0).get("field").asString()).isEqualTo("normalUpTo");
        Answer late = owner.put(preferences, "{\"mode\":\"plan\",\"departure\":\"25:00\"}");
        assertThat(late.json().get("errors").get(0).get("field").asString()).isEqualTo("departure");
        Answer fast = owner.put(preferences, "{\"mode\":\"fast\"}");
        assertThat(fast.json().get("detail").asString()).isEqualTo("Choose a mode: off, now, min_solar, solar or plan.");
        assertThat(owner.get(preferences).json().get("mode").asString()).as("unchanged").isEqualTo("PLAN");

        assertThat(owner.get("/api/locations/" + id + "/chargers/garage/preferences").status()).isEqualTo(404);
    }

    /**
     * The loop's view carries each charger's last reading, which is all the charger page has of a charger that is
     * not an OCPP charge point: the simulated car (11 kW, 3 phases, plugged in) charges at its own 11,000 W when told
     * to charge now at the charger's 16 A (16 A × 230 V × 3 = 11,040 W is more than the car takes).
     */
    @Test
    void theLoopsViewShowsEachChargersLastReading() throws Exception {
        Browser owner = homeOwner();
        String id = owner.get("/api/locations").json().get(0).get("id").asString();
        // "now" is also what a charger without preferences does: the other tests' defaults stay as they were
        assertThat(owner.put("/api/locations/" + id + "/chargers/carport/preferences", "{\"mode\":\"now\"}").status())
                .isEqualTo(200);

        JsonNode charging = readingOnceItIs(owner, id, "CHARGING");
        assertThat(charging.get("powerWatts").asLong()).isEqualTo(11_000);
        assertThat(charging.get("phases").asInt()).isEqualTo(3);
        assertThat(charging.get("offeredAmps").asDouble()).isEqualTo(16.0);
        assertThat(charging.get("sessionWh").asLong()).isNotNegative();
        assertThat(charging.get("at").asString()).isNotBlank();
    }

    /** The carport's reading in the loop's view, once its status is the one named (at most 20 s). */
    private static JsonNode readingOnceItIs(Browser owner, String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode reading = null;
        while (System.nanoTime() < deadline) {
            reading = one(owner.get("/api/locations/" + id + "/control").json().get("devices"), "name", "carport")
                    .get("charger");
            if (reading != null && !reading.isNull() && status.equals(reading.get("status").asString())) {
                return reading;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the carport's reading is not " + status + " after 20 s: " + reading);
    }

    @Test
    void anAdapterSetInTheAppIsCheckedByItsTypeAndItsSecretKeptAsAHash() {
        Browser lies = signedIn("lies@brugge.be").language("fr");
        String id = lies.post("/api/locations", "{\"name\":\"Thuis\",\"source\":\"import\"}").json().get("id").asString();
        String charger = lies.post("/api/locations/" + id + "/devices", "{\"kind\":\"EV_CHARGER\",\"label\":\"Carport\"}")
                .json().get("id").asString();
        String adapter = "/api/locations/" + id + "/devices/" + charger + "/adapter";

        Answer outOfRange = lies.put(adapter, "{\"type\":\"sim\",\"values\":{\"soc\":\"150\"}}");
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.json().get("errors").get(0).get("field").asString()).isEqualTo("values.soc");
        assertThat(outOfRange.json().get("detail").asString())
                .isEqualTo("« soc » doit être compris entre 0 et 100, pas 150.");
        Answer unknown = lies.language("en").put(adapter, "{\"type\":\"ocpp15\"}");
        assertThat(unknown.json().get("detail").asString())
                .isEqualTo("There is no charger adapter of type 'ocpp15'; the known types: keyed, ocpp16, sim.");

        Answer started = lies.put(adapter, "{\"type\":\"sim\",\"values\":{\"soc\":\"20\",\"car-kw\":\"7.4\"}}");
        assertThat(started.status()).as("%s", started.json()).isEqualTo(200);
        assertThat(started.json().get("describe").asString()).startsWith("simulated charger " + charger);
        JsonNode control = lies.get("/api/locations/" + id + "/control").json();
        assertThat(one(control.get("devices"), "name", charger).get("configured").asBoolean()).isFalse();
        assertThat(lies.put("/api/locations/" + id + "/chargers/" + charger + "/preferences", "{\"mode\":\"solar\"}")
                .status()).isEqualTo(200);

        // a secret: its length checked, kept only as a hash, never returned, kept when left empty
        Answer shortSecret = lies.put(adapter, "{\"type\":\"keyed\",\"values\":{\"charge-point-id\":\"CP-1\","
                + "\"password\":\"short\"}}");
        assertThat(shortSecret.json().get("errors").get(0).get("field").asString()).isEqualTo("values.password");
        assertThat(shortSecret.json().get("detail").asString()).isEqualTo("'password' must be 16 to 40 characters long.");
        String password = "a-charge-point-secret";
        assertThat(lies.put(adapter, "{\"type\":\"keyed\",\"values\":{\"charge-point-id\":\"CP-1\",\"password\":\""
                + password + "\"}}").status()).isEqualTo(200);
        String stored = jdbc.sql("SELECT adapter_settings FROM device WHERE id = ?").param(Long.parseLong(charger))
                .query(String.class).single();
        assertThat(stored).doesNotContain(password);
        DeviceSettings made = KeyedChargers.MADE.get(KeyedChargers.MADE.size() - 1);
        assertThat(passwords.matches(password, made.values().get("password"))).isTrue();
        JsonNode shown = one(lies.get("/api/locations/" + id + "/adapters").json(), "device", charger);
        assertThat(shown.get("values").properties()).extracting(Map.Entry::getKey).containsExactly("charge-point-id");
        assertThat(shown.get("secrets").get(0).asString()).isEqualTo("password");
        assertThat(shown.toString()).doesNotContain(made.values().get("password"));
        assertThat(lies.put(adapter, "{\"type\":\"keyed\",\"values\":{\"charge-point-id\":\"CP-2\"}}").status())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT adapter_settings FROM device WHERE id = ?").param(Long.parseLong(charger))
                .query(String.class).single()).contains(made.values().get("password")).contains("CP-2");

        // an inverter's address: required, and only a host of the household's own network
        String inverter = lies.post("/api/locations/" + id + "/devices", "{\"kind\":\"INVERTER\"}").json().get("id")
                .asString();
        String inverterAdapter = "/api/locations/" + id + "/devices/" + inverter + "/adapter";
        Answer noAddress = lies.put(inverterAdapter, "{\"type\":\"sunspec\",\"values\":{}}");
        assertThat(noAddress.json().get("errors").get(0).get("field").asString()).isEqualTo("values.address");
        assertThat(noAddress.json().get("detail").asString()).isEqualTo("'address' is required.");
        Answer loopback = lies.put(inverterAdapter, "{\"type\":\"sunspec\",\"values\":{\"address\":\"127.0.0.1:502\"}}");
        assertThat(loopback.status()).isEqualTo(400);
        assertThat(loopback.json().get("detail").asString()).isEqualTo("'address': the server does not connect to "
                + "127.0.0.1:502, only to devices in the household's own network.");
        String battery = lies.post("/api/locations/" + id + "/devices", "{\"kind\":\"BATTERY\"}").json().get("id")
                .asString();
        // a home battery has its simulated adapter, and runs in the address's loop as a battery
        Answer simulated = lies.put("/api/locations/" + id + "/devices/" + battery + "/adapter", "{\"type\":\"sim\"}");
        assertThat(simulated.status()).as("%s", simulated.json()).isEqualTo(200);
        assertThat(simulated.json().get("kind").asString()).isEqualTo("battery");
        assertThat(simulated.json().get("describe").asString()).isEqualTo("simulated battery " + battery
                + " (10.0 kWh, 5000 W)");

        // another account reaches none of it: the same 404 as an address that does not exist
        Browser stranger = signedIn("stranger-devices@brugge.be");
        for (String path : new String[] {adapter, "/api/locations/" + id + "/adapters",
                "/api/locations/" + id + "/control", "/api/locations/" + id + "/chargers/" + charger + "/preferences"}) {
            Answer theirs = path.endsWith("/adapter") ? stranger.put(path, "{\"type\":\"sim\"}") : stranger.get(path);
            assertThat(theirs.status()).as(path).isEqualTo(404);
            assertThat(theirs.json().get("detail").asString()).isEqualTo("You have no address " + id + ".");
        }

        // removed, the adapter no longer runs; removing the device takes its preferences along
        assertThat(lies.delete(adapter).status()).isEqualTo(204);
        assertThat(lies.get("/api/locations/" + id + "/adapters").json().toString()).doesNotContain("\"" + charger + "\"");
        assertThat(lies.delete("/api/locations/" + id + "/devices/" + charger).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT count(*) FROM charger_preference WHERE device = ?").param(charger)
                .query(Integer.class).single()).isZero();
        // and the address goes with everything kept for it
        assertThat(lies.delete("/api/locations/" + id).status()).isEqualTo(204);
    }
}
