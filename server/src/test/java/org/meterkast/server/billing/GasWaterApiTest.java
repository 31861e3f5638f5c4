package org.meterkast.server.billing;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.meterkast.energy.fluvius.CalorificValue;
import org.meterkast.energy.fluvius.FluviusGasHour;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourlyVolume;
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
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Gas and water per chart bucket, summed exactly from the stored hours, and gas on the bill with its own tariff.
 *
 * <p>The household (December 2025, Brussels is UTC+1): on the 10th P1's gas meter counted 100 l every hour
 * (1,130 Wh at 11.3 kWh/m³) and the water meter 30 l at 07:00 and 120 l at 20:00; on the 11th Fluvius' export
 * gave 200 l and 2,250 Wh every hour; on the 12th P1 counted 7 l (79.1 → 79 Wh) at 00:00 and 15 l (169.5 → 170 Wh)
 * at 01:00. Electricity: 1 kWh on each of the three days.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GasWaterApiTest {
    private static final Instant DEC_10 = Instant.parse("2025-12-09T23:00:00Z");
    private static final Instant DEC_11 = Instant.parse("2025-12-10T23:00:00Z");
    private static final Instant DEC_12 = Instant.parse("2025-12-11T23:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path folder = java.nio.file.Files.createTempDirectory("gas-water");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("gas.db"));
        registry.add("meterkast.meters.house.type", () -> "none");
        registry.add("meterkast.meters.flat.type", () -> "none");
    }

    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, "house", "flat");
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;

    @BeforeAll
    void fill() {
        int house = meters.register("house", "none").id();
        int flat = meters.register("flat", "none").id();
        quarters.save(house, List.of(electricity(DEC_10), electricity(DEC_11), electricity(DEC_12)));
        quarters.save(flat, List.of(electricity(DEC_10)));
        var p1Gas = new ArrayList<HourlyVolume>();
        for (int h = 0; h < 24; h++) {
            p1Gas.add(new HourlyVolume(DEC_10.plus(HOUR.multipliedBy(h)), 0, 100, false));
        }
        p1Gas.add(new HourlyVolume(DEC_12, 0, 7, false));
        p1Gas.add(new HourlyVolume(DEC_12.plus(HOUR), 0, 15, false));
        quarters.saveVolumes(house, Medium.GAS, p1Gas);
        var fluvius = new ArrayList<FluviusGasHour>();
        for (int h = 0; h < 24; h++) {
            fluvius.add(new FluviusGasHour(DEC_11.plus(HOUR.multipliedBy(h)), 200, 2_250, false,
                    CalorificValue.FINAL));
        }
        quarters.saveFluviusGas(house, fluvius);
        quarters.saveVolumes(house, Medium.WATER, List.of(
                new HourlyVolume(DEC_10.plus(HOUR.multipliedBy(7)), 0, 30, false),
                new HourlyVolume(DEC_10.plus(HOUR.multipliedBy(20)), 0, 120, false)));
    }

    /** 1 kWh at noon Brussels of the day starting at {@code midnight}. */
    private static ClosedQuarter electricity(Instant midnight) {
        return new ClosedQuarter(Quarter.containing(midnight.plus(HOUR.multipliedBy(12))), 0,
                new QuarterEnergy(1_000, 0, 0, 0), false);
    }

    @Test
    void eachHourOfADayHasItsGasAndWater() throws Exception {
        mvc.perform(get("/api/meters/house/buckets").param("size", "hour").param("from", DEC_10.toString())
                        .param("to", DEC_11.toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(24))
                .andExpect(jsonPath("$[0].gasLitres").value(100))
                .andExpect(jsonPath("$[0].gasWh").value(1_130))
                .andExpect(jsonPath("$[23].gasWh").value(1_130))
                .andExpect(jsonPath("$[0].waterLitres").value(0))
                .andExpect(jsonPath("$[7].waterLitres").value(30))
                .andExpect(jsonPath("$[20].waterLitres").value(120))
                .andExpect(jsonPath("$[12].quarters").value(1))
                .andExpect(jsonPath("$[13].quarters").value(0));
    }

    @Test
    void daysAndTheMonthSumTheHoursExactly() throws Exception {
        mvc.perform(get("/api/meters/house/buckets").param("size", "day").param("from", "2025-11-30T23:00:00Z")
                        .param("to", "2025-12-31T23:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(31))
                .andExpect(jsonPath("$[0].gasLitres").value(0))
                .andExpect(jsonPath("$[0].quarters").value(0))
                .andExpect(jsonPath("$[9].start").value(DEC_10.toString()))
                .andExpect(jsonPath("$[9].gasLitres").value(2_400))          // 24 × 100 l
                .andExpect(jsonPath("$[9].gasWh").value(27_120))             // 24 × 1,130 Wh
                .andExpect(jsonPath("$[9].waterLitres").value(150))
                .andExpect(jsonPath("$[10].gasLitres").value(4_800))         // Fluvius: 24 × 200 l
                .andExpect(jsonPath("$[10].gasWh").value(54_000))            // its own 24 × 2,250 Wh
                .andExpect(jsonPath("$[10].waterLitres").value(0))
                .andExpect(jsonPath("$[11].gasLitres").value(22))
                .andExpect(jsonPath("$[11].gasWh").value(249));              // 79 + 170, rounded per hour
        mvc.perform(get("/api/meters/house/buckets").param("size", "month").param("from", "2025-11-30T23:00:00Z")
                        .param("to", "2025-12-31T23:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].gasLitres").value(7_222))
                .andExpect(jsonPath("$[0].gasWh").value(81_369))
                .andExpect(jsonPath("$[0].waterLitres").value(150));
        // the months of a year
        mvc.perform(get("/api/meters/house/buckets").param("size", "month").param("from", "2024-12-31T23:00:00Z")
                        .param("to", "2025-12-31T23:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(12))
                .andExpect(jsonPath("$[11].gasWh").value(81_369))
                .andExpect(jsonPath("$[10].gasWh").value(0));
    }

    @Test
    void aMeterWithoutGasOrWaterSaysSo() throws Exception {
        mvc.perform(get("/api/meters/flat/buckets").param("size", "day").param("from", DEC_10.toString())
                        .param("to", DEC_11.toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].quarters").value(1))
                .andExpect(jsonPath("$[0].gasLitres").value(Matchers.nullValue()))
                .andExpect(jsonPath("$[0].gasWh").value(Matchers.nullValue()))
                .andExpect(jsonPath("$[0].waterLitres").value(Matchers.nullValue()));
    }

    @Test
    void theBillHasGasLinesAtTheGasTariff() throws Exception {
        mvc.perform(post("/api/meters/house/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"validFrom":"2025-01-01","tariff":{"form":"simple","purchase":0.30,
                         "gas":{"perKwh":-0.1}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("tariff.gas.perKwh"));
        mvc.perform(post("/api/meters/house/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"validFrom":"2025-01-01","tariff":{"form":"simple","purchase":0.30,
                         "gas":{"perKwh":0.10,"fixedPerYear":73}}}"""))
                .andExpect(status().isCreated());
        mvc.perform(get("/api/meters/house/tariffs"))
                .andExpect(jsonPath("$.versions[0].tariff.gas.perKwh").value(0.10))
                .andExpect(jsonPath("$.versions[0].tariff.gas.fixedPerYear").value(73));

        mvc.perform(get("/api/meters/house/bill").param("from", "2025-12-01").param("to", "2026-01-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.coverage.measuredDays").value(3))
                // 3 kWh × 0.30 all-in
                .andExpect(jsonPath("$.lines[?(@.kind=='OFFTAKE_ALL_IN')].amount").value(0.9))
                // 81.369 kWh × 0.10 = 8.1369
                .andExpect(jsonPath("$.lines[?(@.kind=='GAS_ENERGY')].quantity").value(81.369))
                .andExpect(jsonPath("$.lines[?(@.kind=='GAS_ENERGY')].amount").value(8.14))
                .andExpect(jsonPath("$.lines[?(@.kind=='GAS_ENERGY')].vatApplies").value(true))
                // 73 € a year is 0.20 € a day, over the 3 days with gas
                .andExpect(jsonPath("$.lines[?(@.kind=='GAS_FIXED_FEE')].quantity").value(3))
                .andExpect(jsonPath("$.lines[?(@.kind=='GAS_FIXED_FEE')].amount").value(0.6))
                // 6 % of 8.14 + 0.60 = 0.5244
                .andExpect(jsonPath("$.lines[?(@.kind=='VAT')].amount").value(0.52))
                // 0.90 + 8.74 + 0.52
                .andExpect(jsonPath("$.totalInclVat").value(10.16));
        mvc.perform(get("/api/meters/house/costs/months").param("from", "2025-12").param("to", "2025-12"))
                .andExpect(jsonPath("$[0].costInclVat").value(10.16));
    }
}
