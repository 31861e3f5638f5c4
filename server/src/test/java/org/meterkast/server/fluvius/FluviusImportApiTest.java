package org.meterkast.server.fluvius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.p1.Medium;
import org.meterkast.server.SignedInMockMvc;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The real Mijn Fluvius exports through the API into SQLite, each test on a meter of its own. */
@SpringBootTest
@AutoConfigureMockMvc
class FluviusImportApiTest {
    static final String ELECTRICITY_2021 =
            "Verbruikshistoriek_elektriciteit_123456789123456789_20211012_20240929_kwartiertotalen.csv";
    static final String GAS_2023_ENGLISH =
            "Consumption_history_gas_541448860018322037_20231022_20250426_hourly totals.csv";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("import.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
        registry.add("meterkast.meters.home.ean", () -> "123456879123456789");
        registry.add("meterkast.meters.again.type", () -> "none");
        registry.add("meterkast.meters.spare.type", () -> "none");
        registry.add("meterkast.meters.gas.type", () -> "none");
        registry.add("meterkast.meters.other.type", () -> "none");
        registry.add("meterkast.meters.other.ean", () -> "541448820050357909");
    }

    /** Every request is signed in as an account holding home, again, spare, gas and other. */
    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, "home", "again", "spare", "gas", "other");
        }
    }

    private final MockMvc mvc;
    private final MeterRepository meters;
    private final QuarterRepository quarters;
    private final JdbcTemplate jdbc;

    FluviusImportApiTest(@Autowired MockMvc mvc, @Autowired MeterRepository meters,
                         @Autowired QuarterRepository quarters, @Autowired JdbcTemplate jdbc) {
        this.mvc = mvc;
        this.meters = meters;
        this.quarters = quarters;
        this.jdbc = jdbc;
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = FluviusImportApiTest.class.getResourceAsStream("/fluvius/" + name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        }
    }

    private String send(String meter, byte[] csv) throws Exception {
        MvcResult result = mvc.perform(post("/api/meters/" + meter + "/imports").contentType("text/csv").content(csv))
                .andExpect(status().isAccepted())
                .andExpect(header().exists("Location"))
                .andReturn();
        return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
    }

    /** The import's state once it is no longer running, as JSON. */
    private String await(String meter, String id, String language) throws Exception {
        for (int i = 0; i < 600; i++) {
            String body = mvc.perform(get("/api/meters/" + meter + "/imports/" + id)
                            .header("Accept-Language", language))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            if (!"running".equals(JsonPath.read(body, "$.state"))) {
                return body;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("import " + id + " still running");
    }

    private static ClosedQuarter p1(String start, long importDay, boolean estimated) {
        return new ClosedQuarter(Quarter.parse(start), 0, new QuarterEnergy(importDay, 0, 0, 0), estimated);
    }

    private long count(String table, int meterId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE meter_id = ?", Long.class, meterId);
    }

    @Test
    void theRealElectricityExportReplacesP1QuartersAndShowsTheDifference() throws Exception {
        int home = meters.register("home", "none").id();
        // P1 quarters of 13-10-2021 07:00 to 08:15 in Brussels, the first of them estimated
        quarters.save(home, List.of(p1("2021-10-13T05:00:00Z", 40, true), p1("2021-10-13T05:15:00Z", 100, false),
                p1("2021-10-13T05:30:00Z", 120, false), p1("2021-10-13T05:45:00Z", 70, false),
                p1("2021-10-13T06:00:00Z", 50, false)));

        String state = await("home", send("home", fixture(ELECTRICITY_2021)), "en");

        assertThat((String) JsonPath.read(state, "$.state")).isEqualTo("done");
        assertThat((Integer) JsonPath.read(state, "$.rowsRead")).isEqualTo(3848);
        assertThat((Integer) JsonPath.read(state, "$.quarters")).isEqualTo(1924);
        assertThat((Integer) JsonPath.read(state, "$.changed")).isEqualTo(1924);
        assertThat((Integer) JsonPath.read(state, "$.estimates")).isEqualTo(354);
        assertThat((Integer) JsonPath.read(state, "$.missing")).isZero();
        assertThat((String) JsonPath.read(state, "$.ean")).isEqualTo("123456879123456789");
        assertThat((String) JsonPath.read(state, "$.first")).isEqualTo("2021-10-11T22:00:00Z");
        assertThat((String) JsonPath.read(state, "$.last")).isEqualTo("2021-10-31T23:00:00Z");

        // Fluvius' values, from the file: 0,005 (Geschat), 0,098, 0,121, 0,072, 0,133 kWh
        assertThat(quarters.quarters(home, Instant.parse("2021-10-13T05:00:00Z"), Instant.parse("2021-10-13T06:15:00Z")))
                .extracting(q -> q.energy().importDay(), ClosedQuarter::estimated)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, true),
                        org.assertj.core.groups.Tuple.tuple(98L, false), org.assertj.core.groups.Tuple.tuple(121L, false),
                        org.assertj.core.groups.Tuple.tuple(72L, false), org.assertj.core.groups.Tuple.tuple(133L, false));
        assertThat(count("quarter", home)).isEqualTo(1924);
        // the daily sums follow: 13-10-2021 imported 3,072 Wh (awk on the file); 31-10-2021 has 100 quarters
        assertThat(jdbc.queryForObject("SELECT import_day_wh + import_night_wh FROM day_total WHERE meter_id = ? "
                + "AND start_epoch = ?", Long.class, home, Instant.parse("2021-10-12T22:00:00Z").getEpochSecond()))
                .isEqualTo(3072);
        assertThat(jdbc.queryForObject("SELECT quarters FROM day_total WHERE meter_id = ? AND start_epoch = ?",
                Integer.class, home, Instant.parse("2021-10-30T22:00:00Z").getEpochSecond())).isEqualTo(100);

        // P1 40 + 100 + 120 + 70 + 50 = 380 Wh against Fluvius' 429 Wh: 0.049 kWh, 11.42 % less
        mvc.perform(get("/api/meters/home/reconciliation").param("from", "2021-10-12").param("to", "2021-11-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].day").value("2021-10-13"))
                .andExpect(jsonPath("$[0].quarters").value(5))
                .andExpect(jsonPath("$[0].p1ImportKwh").value(0.38))
                .andExpect(jsonPath("$[0].fluviusImportKwh").value(0.429))
                .andExpect(jsonPath("$[0].importDifferenceKwh").value(-0.049))
                .andExpect(jsonPath("$[0].importDifferencePercent").value(-11.42));

        // a P1 write afterwards does not touch Fluvius' quarter
        quarters.save(home, List.of(p1("2021-10-13T05:15:00Z", 999, false)));
        assertThat(quarters.quarters(home, Instant.parse("2021-10-13T05:15:00Z"), Instant.parse("2021-10-13T05:30:00Z"))
                .get(0).energy().importDay()).isEqualTo(98);

        mvc.perform(get("/api/meters/home/imports"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.done").value(1))
                .andExpect(jsonPath("$.failed").value(0))
                .andExpect(jsonPath("$.recent[0].state").value("done"));
    }

    @Test
    void importingTheSameFileAgainChangesNothing() throws Exception {
        int again = meters.register("again", "none").id();
        byte[] file = fixture(ELECTRICITY_2021);
        await("again", send("again", file), "en");
        List<Map<String, Object>> days = jdbc.queryForList("SELECT * FROM day_total WHERE meter_id = ? ORDER BY start_epoch", again);
        List<ClosedQuarter> stored = quarters.quarters(again, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"));

        // the second time as a multipart upload
        MvcResult result = mvc.perform(multipart("/api/meters/again/imports")
                        .file(new MockMultipartFile("file", ELECTRICITY_2021, "text/csv", file)))
                .andExpect(status().isAccepted()).andReturn();
        String state = await("again", JsonPath.read(result.getResponse().getContentAsString(), "$.id"), "en");

        assertThat((String) JsonPath.read(state, "$.state")).isEqualTo("done");
        assertThat((Integer) JsonPath.read(state, "$.changed")).isZero();
        assertThat(quarters.quarters(again, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(stored);
        assertThat(jdbc.queryForList("SELECT * FROM day_total WHERE meter_id = ? ORDER BY start_epoch", again))
                .isEqualTo(days);
        assertThat(count("quarter", again)).isEqualTo(1924);
    }

    @Test
    void aFileWithABadLineLateInItImportsNothing() throws Exception {
        int spare = meters.register("spare", "none").id();
        quarters.save(spare, List.of(p1("2021-10-13T05:00:00Z", 40, false)));
        String text = new String(fixture(ELECTRICITY_2021), StandardCharsets.UTF_8);
        // line 3,800 of 3,849: a date that does not exist
        String[] lines = text.split("\n", -1);
        lines[3799] = lines[3799].replace("31-10-2021", "31-11-2021");
        byte[] bad = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);

        String state = await("spare", send("spare", bad), "nl");

        assertThat((String) JsonPath.read(state, "$.state")).isEqualTo("failed");
        assertThat((Integer) JsonPath.read(state, "$.errorLine")).isEqualTo(3800);
        assertThat((String) JsonPath.read(state, "$.error")).startsWith("regel 3800 van het bestand: ")
                .contains("31-11-2021");
        assertThat(quarters.quarters(spare, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z")))
                .containsExactly(p1("2021-10-13T05:00:00Z", 40, false));
        assertThat(count("p1_quarter", spare)).isZero();
        mvc.perform(get("/api/meters/spare/imports")).andExpect(jsonPath("$.failed").value(1));
    }

    @Test
    void anExportOfAnotherEanIsRefused() throws Exception {
        meters.register("other", "none");

        String state = await("other", send("other", fixture(ELECTRICITY_2021)), "fr");

        assertThat((String) JsonPath.read(state, "$.state")).isEqualTo("failed");
        assertThat((String) JsonPath.read(state, "$.error")).isEqualTo("le fichier est un export de l'EAN "
                + "123456879123456789, mais le compteur 'other' est configuré avec l'EAN 541448820050357909 : "
                + "rien n'a été importé");
        assertThat(count("quarter", meters.require("other").id())).isZero();
    }

    @Test
    void theEnglishGasExportGoesIntoTheHourlyVolumes() throws Exception {
        int gas = meters.register("gas", "none").id();

        String state = await("gas", send("gas", fixture(GAS_2023_ENGLISH)), "en");

        assertThat((String) JsonPath.read(state, "$.kind")).isEqualTo("gas");
        assertThat((Integer) JsonPath.read(state, "$.quarters")).isEqualTo(1699);
        assertThat(quarters.volumes(gas, Medium.GAS, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z")))
                .hasSize(1699);
        // 22/10/2023 08:00: 0,364 m³ and 4,125 kWh
        assertThat(jdbc.queryForMap("SELECT litres, energy_wh FROM hourly_volume WHERE meter_id = ? AND start_epoch = ?",
                gas, Instant.parse("2023-10-22T06:00:00Z").getEpochSecond()))
                .isEqualTo(Map.of("litres", 364, "energy_wh", 4125));
    }

    @Test
    void unknownMetersAndImportsAndEmptyBodiesAreAnswered() throws Exception {
        meters.register("home", "none");
        mvc.perform(post("/api/meters/garage/imports").contentType("text/csv").content("x"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/meters/home/imports/nope").header("Accept-Language", "nl"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("meter 'home' heeft geen import 'nope'"));
        mvc.perform(post("/api/meters/home/imports").contentType("text/csv").content(new byte[0]))
                .andExpect(status().isBadRequest());
    }
}
