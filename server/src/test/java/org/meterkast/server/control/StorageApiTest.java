package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.account.Browser.Answer;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.live.LiveState;
import org.meterkast.server.live.LiveSummary;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo household's home battery and boiler in its address's loop, steered by a small policy of the test's: the
 * meter's telegrams carry exactly the battery's power, {@code /control} shows both with their readings, the
 * household's surplus order and boiler preferences reach the snapshot (owner only, bad values refused in the user's
 * language), and the last legionella cycle survives a restart. A battery the loop told a power is released before
 * its device closes; the battery list never reads a battery (a SunSpec one that does not answer shows no capacity);
 * a store that cannot be read leaves the loop on the defaults rather than stopping it.
 */
// the test's policy alone steers the battery and the boiler: the server's own policies are replaced by name below
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.allow-bean-definition-overriding=true")
class StorageApiTest {
    /** The simulated household's seed: the meter's default. */
    private static final long SEED = 2026;

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("storage.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> "1");
        // without its carport the household's own power at each second is known: its seed's, car-less
        registry.add("meterkast.meters.home.simulated-charger", () -> "false");
        registry.add("meterkast.control.interval", () -> "1s");
        // beside the demo's own, a battery whose adapter never answers a read
        registry.add("meterkast.meters.home.devices.garage.kind", () -> "battery");
        registry.add("meterkast.meters.home.devices.garage.type", () -> "stuck");
        // and a SunSpec battery at a port where nothing listens: it has never answered
        registry.add("meterkast.meters.home.devices.attic.kind", () -> "battery");
        registry.add("meterkast.meters.home.devices.attic.type", () -> "sunspec");
        registry.add("meterkast.meters.home.devices.attic.address", () -> "127.0.0.1:" + NOTHING_LISTENS);
    }

    /** A port of this machine that was free a moment ago, so nothing answers there. */
    static final int NOTHING_LISTENS;

    static {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            NOTHING_LISTENS = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the {@code recording} batteries were told, in order ("power 1200", "release", "close"). */
    static final List<String> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether the household's preferences cannot be read (the database is down). */
    static volatile boolean storeDown;

    /** The battery and boiler readings the loop published, as a listener of the history receives them. */
    static final List<Object> published = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What the test's policy decides, and the last snapshot it saw. */
    static volatile Function<SiteSnapshot, List<Command>> decide = s -> List.of();
    static volatile SiteSnapshot last;

    @TestConfiguration
    static class StoragePolicyFactory {
        /** Type {@code stuck}: a battery whose reads hang until the server stops. */
        @Bean
        DeviceFactory<BatteryPort> stuckBattery() {
            return new DeviceFactory<>() {
                @Override
                public DeviceKind kind() {
                    return DeviceKind.BATTERY;
                }

                @Override
                public String type() {
                    return "stuck";
                }

                @Override
                public BatteryPort create(DeviceSettings settings) {
                    return new BatteryPort() {
                        @Override
                        public String describe() {
                            return "stuck battery " + settings.name();
                        }

                        @Override
                        public BatteryReading read() throws DeviceException {
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            throw new DeviceException("stopped");
                        }

                        @Override
                        public void setPower(Power power) {
                        }

                        @Override
                        public void release() {
                        }

                        @Override
                        public BatteryLimits limits() {
                            return new BatteryLimits(5000, Power.ofWatts(2500), Power.ofWatts(2500), 5, 100);
                        }
                    };
                }
            };
        }

        /** Type {@code recording}: a battery that answers at once and records what it is told. */
        @Bean
        DeviceFactory<BatteryPort> recordingBattery() {
            return new DeviceFactory<>() {
                @Override
                public DeviceKind kind() {
                    return DeviceKind.BATTERY;
                }

                @Override
                public String type() {
                    return "recording";
                }

                @Override
                public BatteryPort create(DeviceSettings settings) {
                    return new BatteryPort() {
                        @Override
                        public String describe() {
                            return "recording battery " + settings.name();
                        }

                        @Override
                        public BatteryReading read() {
                            return new BatteryReading(Instant.now(), org.meterkast.energy.device.BatteryStatus.STANDBY,
                                    50, Power.ZERO);
                        }

                        @Override
                        public void setPower(Power power) {
                            recorded.add("power " + power.watts());
                        }

                        @Override
                        public void release() {
                            recorded.add("release");
                        }

                        @Override
                        public BatteryLimits limits() {
                            return new BatteryLimits(4000, Power.ofWatts(2000), Power.ofWatts(2000), 10, 100);
                        }

                        @Override
                        public void close() {
                            recorded.add("close");
                        }
                    };
                }
            };
        }

        /** The household's preferences, which fail as a locked database does while {@link #storeDown}. */
        @Bean
        StoragePreferences storagePreferences(StoragePreferenceRepository repository, Clock clock) {
            return new StoragePreferences(repository, clock) {
                @Override
                public List<SurplusUse> surplusOrder(long locationId) {
                    down();
                    return super.surplusOrder(locationId);
                }

                @Override
                public BoilerPreferences boiler(long locationId, String device) {
                    down();
                    return super.boiler(locationId, device);
                }

                @Override
                public Optional<Instant> lastLegionella(long locationId, String device) {
                    down();
                    return super.lastLegionella(locationId, device);
                }

                private static void down() {
                    if (storeDown) {
                        throw new org.springframework.dao.CannotAcquireLockException("[SQLITE_BUSY] database is locked");
                    }
                }
            };
        }

        @org.springframework.context.event.EventListener
        void on(BatteryRead read) {
            published.add(read);
        }

        @org.springframework.context.event.EventListener
        void on(BoilerRead read) {
            published.add(read);
        }

        /** The server's policies, by their bean names, made to run nothing at this address. */
        @Bean
        PolicyFactory peakGuard() {
            return meter -> Optional.empty();
        }

        @Bean
        PolicyFactory chargingModes() {
            return meter -> Optional.empty();
        }

        @Bean
        PolicyFactory batterySelfConsumption() {
            return meter -> Optional.empty();
        }

        @Bean
        PolicyFactory boilerOnSurplus() {
            return meter -> Optional.empty();
        }

        @Bean
        PolicyFactory storagePolicy() {
            return meter -> Optional.of(new Policy() {
                @Override
                public String name() {
                    return "storage-test";
                }

                @Override
                public List<Command> decide(SiteSnapshot snapshot) {
                    last = snapshot;
                    return decide.apply(snapshot);
                }
            });
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    LiveState live;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StoragePreferenceRepository repository;
    @Autowired
    StoragePreferences preferences;
    @Autowired
    Devices devices;

    private Browser demo() {
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
        throw new AssertionError("no " + field + " " + value + " in " + array);
    }

    /** The last telegram's grid power less what the household alone drew at its second, W; null before one. */
    private Long beyondTheHousehold(Household household) {
        return live.latest("home").map(s -> s.netW() - household.powerAt(s.time()).netWatts()).orElse(null);
    }

    @Test
    void theDemosMeterCarriesTheBatterysPowerAsTheLoopSteersIt() {
        Household household = new Household(HouseholdSettings.defaults(SEED));
        Browser browser = demo();
        String location = browser.get("/api/locations").json().get(0).get("id").asString();

        // the battery and the boiler are devices of the server's at the demo's address
        JsonNode adapters = browser.get("/api/locations/" + location + "/adapters").json();
        assertThat(one(adapters, "device", "battery").get("kind").asString()).isEqualTo("battery");
        assertThat(one(adapters, "device", "battery").get("configured").asBoolean()).isTrue();
        assertThat(one(adapters, "device", "boiler").get("kind").asString()).isEqualTo("boiler");
        assertThat(adapters.toString()).doesNotContain("carport");

        // the test's policy is the address's only one
        JsonNode policies = browser.get("/api/locations/" + location + "/control").json().get("policies");
        assertThat(policies).hasSize(1);
        assertThat(policies.get(0).get("name").asString()).isEqualTo("storage-test");

        decide = s -> List.of(
                new Command.BatteryPower("garage", Power.ofWatts(1000), Reason.of("storage.test.charge")),
                new Command.BatteryPower("battery", Power.ofWatts(3000), Reason.of("storage.test.charge")),
                new Command.HeatBoiler("boiler", Power.ZERO, Reason.of("storage.test.off")));
        // the boiler off and the battery charging 3 kW: the meter sees the household plus exactly 3,000 W
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Long.valueOf(3000).equals(beyondTheHousehold(household)));
        // the garage's battery is in error (the loop waits 2 s for a device), the demo's steered all the same
        await().atMost(Duration.ofSeconds(10)).until(() -> "error".equals(one(browser.get("/api/locations/"
                + location + "/control").json().get("devices"), "name", "garage").get("state").asString()));
        JsonNode control = browser.get("/api/locations/" + location + "/control").json();
        JsonNode garage = one(control.get("devices"), "name", "garage");
        assertThat(garage.get("state").asString()).isEqualTo("error");
        assertThat(garage.get("error").asString()).startsWith("stuck battery garage");
        assertThat(garage.get("battery").isNull()).isTrue();
        assertThat(control.get("decisions").toString()).contains("\"device\":\"garage\",\"action\":\"device-failed\"")
                .doesNotContain("\"device\":\"garage\",\"action\":\"charge\"");
        JsonNode battery = one(control.get("devices"), "name", "battery").get("battery");
        assertThat(battery.get("status").asString()).isEqualTo("CHARGING");
        assertThat(battery.get("powerWatts").asLong()).isEqualTo(3000);
        // it started at 50 %, and ran its own control for the seconds before the test's commands
        assertThat(battery.get("socPercent").asDouble()).isBetween(45.0, 55.0);
        JsonNode boiler = one(control.get("devices"), "name", "boiler").get("boiler");
        assertThat(boiler.get("switchedOn").asBoolean()).isFalse();
        assertThat(boiler.get("powerWatts").asLong()).isZero();
        // it started at 50 °C, heating until the test's first command switched it off
        assertThat(boiler.get("temperatureC").asDouble()).isBetween(49.0, 51.0);
        assertThat(control.get("decisions").toString()).contains("\"action\":\"charge\"").contains("\"watts\":3000")
                .contains("storage.test.charge").contains("\"action\":\"off\"");
        // every reading is published for the history, with the demo's address
        long demo = Long.parseLong(location);
        assertThat(published).filteredOn(e -> e instanceof BatteryRead r && r.device().equals("battery")
                && r.locationId() == demo && r.reading().power().equals(Power.ofWatts(3000))).isNotEmpty();
        assertThat(published).filteredOn(e -> e instanceof BoilerRead r && r.device().equals("boiler")
                && r.locationId() == demo && !r.reading().switchedOn()).isNotEmpty();

        // discharging 2 kW: the household takes 2,000 W less from the grid; heating adds the element's 2,400 W
        decide = s -> List.of(
                new Command.BatteryPower("battery", Power.ofWatts(-2000), Reason.of("storage.test.discharge")),
                new Command.HeatBoiler("boiler", Power.ofWatts(2400), Reason.of("storage.test.heat")));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Long.valueOf(-2000 + 2400).equals(beyondTheHousehold(household)));
        assertThat(one(browser.get("/api/locations/" + location + "/control").json().get("devices"), "name",
                "boiler").get("boiler").get("status").asString()).isEqualTo("HEATING");

        // released, the battery runs its own self-consumption: it takes or covers all the household does, within
        // its 5 kW, so the grid sees the household's net less itself
        decide = s -> List.of(new Command.ReleaseBattery("battery", Reason.of("storage.test.release")),
                new Command.HeatBoiler("boiler", Power.ZERO, Reason.of("storage.test.off")));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            LiveSummary s = live.latest("home").orElseThrow();
            long own = household.powerAt(s.time()).netWatts();
            return Math.abs(own) <= 5000 ? Math.abs(s.netW()) <= 50 : Math.abs(s.netW()) == Math.abs(own) - 5000;
        });
    }

    @Test
    void theHouseholdsSurplusOrderAndBoilerPreferencesReachTheLoopForTheOwnerOnly() {
        Browser owner = demo();
        String location = owner.get("/api/locations").json().get(0).get("id").asString();
        String order = "/api/locations/" + location + "/surplus-order";
        String boiler = "/api/locations/" + location + "/boilers/boiler/preferences";

        assertThat(owner.get(order).json().toString()).isEqualTo("{\"order\":[\"EV\",\"BATTERY\",\"BOILER\"]}");
        Answer saved = owner.put(order, "{\"order\":[\"BOILER\",\"EV\",\"BATTERY\"]}");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(owner.get(order).json().toString()).isEqualTo("{\"order\":[\"BOILER\",\"EV\",\"BATTERY\"]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> last != null
                && last.surplusOrder().equals(List.of(SurplusUse.BOILER, SurplusUse.EV, SurplusUse.BATTERY)));

        Answer twice = owner.language("fr").put(order, "{\"order\":[\"EV\",\"EV\",\"BOILER\"]}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("errors").get(0).get("field").asString()).isEqualTo("order");
        assertThat(twice.json().get("detail").asString())
                .isEqualTo("Placez chacun de EV, BATTERY, BOILER une seule fois dans l'ordre.");
        Answer unknown = owner.language("nl").put(order, "{\"order\":[\"EV\",\"HEAT_PUMP\",\"BOILER\"]}");
        assertThat(unknown.json().get("detail").asString())
                .isEqualTo("HEAT_PUMP is geen verbruiker waar zonne-overschot naartoe kan; kies uit EV, BATTERY, BOILER.");
        assertThat(owner.get(order).json().get("order").get(0).asString()).as("unchanged").isEqualTo("BOILER");

        assertThat(owner.get(boiler).json().toString())
                .isEqualTo("{\"floorC\":45.0,\"maxC\":60.0,\"legionella\":true}");
        assertThat(owner.put(boiler, "{\"floorC\":50,\"maxC\":58.5,\"legionella\":false}").status()).isEqualTo(200);
        assertThat(owner.get(boiler).json().toString())
                .isEqualTo("{\"floorC\":50.0,\"maxC\":58.5,\"legionella\":false}");
        await().atMost(Duration.ofSeconds(10)).until(() -> last != null && !last.boilers().isEmpty()
                && last.boilers().get(0).floorC() == 50 && last.boilers().get(0).maxC() == 58.5);
        // the simulated boiler's thermostat is at 65 °C: 70 is refused, under its field, in the user's language
        Answer tooHot = owner.language("nl").put(boiler, "{\"floorC\":45,\"maxC\":70,\"legionella\":true}");
        assertThat(tooHot.status()).isEqualTo(400);
        assertThat(tooHot.json().get("errors").get(0).get("field").asString()).isEqualTo("maxC");
        assertThat(tooHot.json().get("detail").asString())
                .isEqualTo("De hoogste temperatuur is een aantal graden tot 65 °C, de thermostaat van de boiler.");
        Answer upsideDown = owner.language("en").put(boiler, "{\"floorC\":55,\"maxC\":50}");
        assertThat(upsideDown.json().get("detail").asString())
                .isEqualTo("The highest temperature must be above the lowest, 55 °C.");
        Answer cold = owner.language("en").put(boiler, "{\"floorC\":5,\"maxC\":50}");
        assertThat(cold.json().get("errors").get(0).get("field").asString()).isEqualTo("floorC");
        assertThat(owner.put(boiler, "{\"floorC\":\"warm\",\"maxC\":50}").status()).isEqualTo(400);
        assertThat(owner.get(boiler).json().get("floorC").asDouble()).as("unchanged").isEqualTo(50.0);
        Answer none = owner.language("en").get("/api/locations/" + location + "/boilers/battery/preferences");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("detail").asString()).isEqualTo("This address has no boiler battery.");

        // another account reaches none of it: the same 404 as an address that does not exist
        Browser stranger = new Browser(port).open();
        assertThat(stranger.post("/api/account/register",
                "{\"email\":\"stranger-storage@gent.be\",\"password\":\"a-long-password\"}").status()).isEqualTo(201);
        for (String path : List.of(order, boiler)) {
            assertThat(stranger.get(path).status()).as(path).isEqualTo(404);
            Answer put = stranger.put(path, path.equals(order) ? "{\"order\":[\"EV\",\"BATTERY\",\"BOILER\"]}"
                    : "{\"floorC\":45,\"maxC\":60,\"legionella\":true}");
            assertThat(put.status()).as(path).isEqualTo(404);
        }
        assertThat(owner.get(order).json().get("order").get(0).asString()).isEqualTo("BOILER");
        owner.put(order, "{\"order\":[\"EV\",\"BATTERY\",\"BOILER\"]}");
        owner.put(boiler, "{\"floorC\":45,\"maxC\":60,\"legionella\":true}");
    }

    @Test
    void theLastLegionellaCycleIsWrittenDownAtMostEveryQuarterHourAndReadBack() {
        long location = jdbc.sql("SELECT l.id FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = 'home'")
                .query(Long.class).single();
        Instant hot = Instant.parse("2026-06-20T13:42:10Z");
        preferences.water(location, "boiler", hot.minusSeconds(600), 58.9);     // not yet 60 °C
        preferences.water(location, "boiler", hot, 60.4);
        preferences.water(location, "boiler", hot.plusSeconds(60), 61.0);       // written again only after 15 min
        assertThat(jdbc.sql("SELECT last_legionella_epoch FROM boiler_preference WHERE location_id = ? AND device = ?")
                .params(location, "boiler").query(Long.class).single()).isEqualTo(hot.getEpochSecond());
        assertThat(preferences.lastLegionella(location, "boiler")).contains(hot.plusSeconds(60));
        // the loop's snapshot carries it (the weekly cycle is on by default)
        await().atMost(Duration.ofSeconds(10)).until(() -> last != null && !last.boilers().isEmpty()
                && last.boilers().get(0).lastLegionella().equals(Optional.of(hot.plusSeconds(60))));

        // read back from the store, as a server started again does (LegionellaRestartTest starts one)
        StoragePreferences restarted = new StoragePreferences(repository, Clock.systemUTC());
        assertThat(restarted.lastLegionella(location, "boiler")).contains(hot);
        assertThat(restarted.boiler(location, "boiler")).isEqualTo(BoilerPreferences.DEFAULTS);
        restarted.water(location, "boiler", hot.plus(Duration.ofDays(7)), 60.0);
        assertThat(new StoragePreferences(repository, Clock.systemUTC()).lastLegionella(location, "boiler"))
                .contains(hot.plus(Duration.ofDays(7)));
    }

    @Test
    void theBatteryListAnswersAtOnceWithoutCapacityForABatteryThatHasNotAnswered() {
        Browser owner = demo();
        String location = owner.get("/api/locations").json().get(0).get("id").asString();
        // the loop has read the demo's battery: its capacity is the one it declared then (10 kWh)
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Answer list = owner.get("/api/locations/" + location + "/batteries");
            return list.status() == 200 && one(list.json(), "device", "battery").get("capacityWh").asLong() == 10_000;
        });
        long started = System.nanoTime();
        Answer list = owner.get("/api/locations/" + location + "/batteries");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(list.status()).isEqualTo(200);
        // the SunSpec battery nothing answers for and the one whose reads hang run, but declared nothing yet
        JsonNode attic = one(list.json(), "device", "attic");
        assertThat(attic.get("running").asBoolean()).isTrue();
        assertThat(attic.get("capacityWh").isNull()).isTrue();
        assertThat(one(list.json(), "device", "garage").get("capacityWh").isNull()).isTrue();
    }

    @Test
    void aBatteryToldAPowerIsReleasedBeforeItsDeviceIsRemoved() throws Exception {
        long location = jdbc.sql("SELECT l.id FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = 'home'")
                .query(Long.class).single();
        recorded.clear();
        devices.restart(new DeviceSettings(location, "shed", DeviceKind.BATTERY, "recording", java.util.Map.of(),
                "device shed ", "home"));
        decide = s -> List.of(new Command.BatteryPower("shed", Power.ofWatts(1200), Reason.of("storage.test.charge")));
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded.contains("power 1200"));

        devices.remove("home", "shed", true);
        decide = s -> List.of();
        // released before it closed, and told nothing after
        assertThat(recorded).endsWith("release", "close");
        assertThat(recorded.subList(recorded.indexOf("release"), recorded.size())).containsExactly("release", "close");
    }

    @Test
    void aStoreThatCannotBeReadLeavesTheLoopOnTheDefaults() {
        Browser owner = demo();
        String location = owner.get("/api/locations").json().get(0).get("id").asString();
        String order = "/api/locations/" + location + "/surplus-order";
        String boiler = "/api/locations/" + location + "/boilers/boiler/preferences";
        assertThat(owner.put(order, "{\"order\":[\"BOILER\",\"BATTERY\",\"EV\"]}").status()).isEqualTo(200);
        assertThat(owner.put(boiler, "{\"floorC\":50,\"maxC\":58,\"legionella\":true}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> last != null && !last.boilers().isEmpty()
                && last.surplusOrder().get(0) == SurplusUse.BOILER && last.boilers().get(0).floorC() == 50);
        decide = s -> List.of(new Command.BatteryPower("battery", Power.ofWatts(1500), Reason.of("storage.test.charge")));
        try {
            storeDown = true;
            last = null;
            // the cycle goes on: the default order, the boiler's default preferences, no legionella cycle known
            // (a cycle that read the store just before it went down may still show what was saved)
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                SiteSnapshot seen = last;
                return seen != null && seen.surplusOrder().equals(SiteSnapshot.DEFAULT_SURPLUS_ORDER)
                        && !seen.boilers().isEmpty() && seen.boilers().get(0).floorC() == 45
                        && seen.boilers().get(0).maxC() == 60 && seen.boilers().get(0).lastLegionella().isEmpty();
            });
            // and what the policy decides is applied
            await().atMost(Duration.ofSeconds(10)).until(() -> one(owner.get("/api/locations/" + location
                    + "/control").json().get("devices"), "name", "battery").get("battery").get("powerWatts")
                    .asLong() == 1500);
        } finally {
            storeDown = false;
            decide = s -> List.of();
            owner.put(order, "{\"order\":[\"EV\",\"BATTERY\",\"BOILER\"]}");
            owner.put(boiler, "{\"floorC\":45,\"maxC\":60,\"legionella\":true}");
        }
    }
}
