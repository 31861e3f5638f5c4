package org.meterkast.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.SignedInMockMvc;
import org.meterkast.server.store.MeterMonthPeak;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Tariffs with their history, bills, the what-if comparison, monthly costs and capacity, through the API. */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillApiTest {
    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        // not @TempDir: with one test instance per class Spring starts before JUnit fills it
        Path folder = java.nio.file.Files.createTempDirectory("bill-api");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("bill.db"));
        registry.add("meterkast.meters.manual.type", () -> "none");
        registry.add("meterkast.meters.gent.type", () -> "none");
        registry.add("meterkast.meters.crud.type", () -> "none");
        registry.add("meterkast.meters.bare.type", () -> "none");
        registry.add("meterkast.meters.month.type", () -> "none");
        registry.add("meterkast.meters.classic.type", () -> "none");
    }

    /** Every request is signed in as an account holding manual, gent, crud, bare, month and classic. */
    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, "manual", "gent", "crud", "bare", "month", "classic");
        }
    }

    @TestConfiguration
    static class Fixed {
        /** Saturday 14 March 2026, 13:00 in Brussels: a change saved now applies from the 15th. */
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-03-14T12:00:00Z"), ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;

    private static ClosedQuarter quarter(String start, long importDay, long importNight, long exportDay) {
        return new ClosedQuarter(Quarter.parse(start), 0, new QuarterEnergy(importDay, importNight, exportDay, 0),
                false);
    }

    @BeforeAll
    void fill() {
        meters.register("crud", "none");
        meters.register("bare", "none");
        int classic = meters.register("classic", "none").id();
        quarters.save(classic, List.of(quarter("2025-12-10T10:00:00Z", 500, 0, 0),
                quarter("2026-02-10T10:00:00Z", 500, 0, 0)));
        int month = meters.register("month", "none").id();
        var steady = new java.util.ArrayList<ClosedQuarter>();
        for (Quarter q = Quarter.parse("2026-02-14T12:00:00Z"); q.start().isBefore(Instant.parse("2026-03-14T12:00:00Z"));
             q = q.plus(1)) {
            steady.add(new ClosedQuarter(q, 0, new QuarterEnergy(100, 0, 0, 0), false));
        }
        quarters.save(month, steady);
        int manual = meters.register("manual", "none").id();
        quarters.save(manual, List.of(
                quarter("2020-12-05T12:00:00Z", 144_830, 0, 0),
                quarter("2021-01-10T11:00:00Z", 150_000, 0, 70_560),
                quarter("2021-01-20T20:00:00Z", 0, 50_000, 0)));
        int gent = meters.register("gent", "none").id();
        var gentQuarters = new java.util.ArrayList<ClosedQuarter>();
        gentQuarters.add(quarter("2026-01-20T17:00:00Z", 1_150, 0, 0));                 // 4.6 kW in January
        Quarter day = Quarter.parse("2026-02-10T08:00:00Z");
        Quarter export = Quarter.parse("2026-02-12T09:00:00Z");
        Quarter night = Quarter.parse("2026-02-14T00:00:00Z");
        for (int i = 0; i < 100; i++) {                                                  // 4 kW in February
            gentQuarters.add(new ClosedQuarter(day.plus(i), 0, new QuarterEnergy(1_000, 0, 0, 0), false));
        }
        for (int i = 0; i < 50; i++) {
            gentQuarters.add(new ClosedQuarter(export.plus(i), 0, new QuarterEnergy(0, 0, 1_000, 0), false));
        }
        for (int i = 0; i < 80; i++) {
            gentQuarters.add(new ClosedQuarter(night.plus(i), 0, new QuarterEnergy(0, 1_000, 0, 0), false));
        }
        gentQuarters.add(quarter("2026-02-17T10:00:00Z", 100, 0, 0));
        gentQuarters.add(quarter("2026-02-17T10:15:00Z", 200, 0, 0));
        quarters.save(gent, gentQuarters);
        meters.saveMonthPeaks(gent, List.of(new MeterMonthPeak(YearMonth.of(2026, 1), 4_583,
                Instant.parse("2026-01-20T17:15:00Z"))));
    }

    /** Two quarter-hour prices on 17 February 2026, uploaded as an Energy-Charts answer. */
    private void uploadPrices() throws Exception {
        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_JSON).content("""
                        {"unix_seconds":[1771322400,1771323300],"price":[73.24,-5.0],"unit":"EUR / MWh"}"""))
                .andExpect(status().isOk());
    }

    private void saveTariff(String meter, String body) throws Exception {
        mvc.perform(post("/api/meters/{id}/tariffs", meter).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
    }

    @Test
    void theManualsMonthlyNetOfftakeAndCost() throws Exception {
        saveTariff("manual", """
                {"validFrom":"2020-01-01","tariff":{"form":"simple","purchase":0.30,"injection":0.30}}""");

        mvc.perform(get("/api/meters/manual/costs/months").param("from", "2020-12").param("to", "2021-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].month").value("2020-12"))
                .andExpect(jsonPath("$[0].netOfftakeWh").value(144_830))
                .andExpect(jsonPath("$[0].costInclVat").value(43.45))
                .andExpect(jsonPath("$[0].energyCostInclVat").value(43.45))
                .andExpect(jsonPath("$[1].netOfftakeWh").value(129_440))
                .andExpect(jsonPath("$[1].costInclVat").value(38.83))
                .andExpect(jsonPath("$[1].energyCostInclVat").value(38.83));
        mvc.perform(get("/api/meters/manual/bill").param("from", "2021-01-01").param("to", "2021-02-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalInclVat").value(38.83))
                .andExpect(jsonPath("$.lines[0].kind").value("OFFTAKE_ALL_IN"))
                .andExpect(jsonPath("$.lines[0].quantity").value(200.0))
                .andExpect(jsonPath("$.lines[0].amount").value(60.0));
    }

    @Test
    void aFlemishBillItsWhatIfAndTheCapacityMonths() throws Exception {
        saveTariff("gent", """
                {"validFrom":"2025-01-01","tariff":{"form":"flemish","area":"IMEWO",
                 "offtake":{"type":"dayNight","day":0.30,"night":0.25},"injection":{"type":"single","price":0.03},
                 "fixedPerYear":60,"greenCertificates":0.011,"chp":0.00392}}""");

        // 100.3 kWh day (the 0.3 on the 17th), 80 kWh night; January's 4.6 kW and February's 4 kW peak average 4.3 kW
        mvc.perform(get("/api/meters/gent/bill").param("from", "2026-02-01").param("to", "2026-03-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.offtakeWh").value(180_300))
                .andExpect(jsonPath("$.lines[?(@.kind=='ENERGY_DAY')].amount").value(30.09))
                .andExpect(jsonPath("$.lines[?(@.kind=='CAPACITY')].quantity").value(4.3))
                // 4.3 × 54.2009816 / 12 = 19.42 for the month, × 5 of its 28 days measured (10, 11, 12, 14, 17)
                .andExpect(jsonPath("$.lines[?(@.kind=='CAPACITY')].amount").value(3.47))
                .andExpect(jsonPath("$.coverage.days").value(28))
                .andExpect(jsonPath("$.coverage.measuredDays").value(5))
                .andExpect(jsonPath("$.lines[?(@.kind=='INJECTION')].amount").value(-1.5));

        uploadPrices();
        mvc.perform(post("/api/meters/gent/bill/compare").contentType(MediaType.APPLICATION_JSON).content("""
                        {"from":"2026-02-17","to":"2026-02-18","alternatives":[
                          {"name":"ENGIE dynamic","tariff":{"form":"flemish","area":"IMEWO",
                           "offtake":{"type":"dynamic","index":"QUARTER_HOUR","factor":0.001039,"offset":0.008702}}},
                          {"name":"all-in","tariff":{"form":"simple","purchase":0.40}}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bills.length()").value(3))
                // a day of 0.3 kWh: the all-in price beats a day's share of capacity and data management
                .andExpect(jsonPath("$.cheapest").value("all-in"))
                .andExpect(jsonPath("$.bills[0].differenceInclVat").value(org.hamcrest.Matchers.lessThan(0.0)))
                // 0.1 kWh at 73.24 €/MWh and 0.2 kWh at −5 €/MWh: 0.00847984 + 0.0007014 = 0.01 €
                .andExpect(jsonPath("$.bills[?(@.name=='ENGIE dynamic')].bill.lines[?(@.kind=='ENERGY_DYNAMIC')].amount")
                        .value(0.01))
                .andExpect(jsonPath("$.bills[?(@.name=='all-in')].totalInclVat").value(0.12));

        mvc.perform(get("/api/meters/gent/capacity").param("to", "2026-02").param("months", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].month").value("2026-01"))
                .andExpect(jsonPath("$[0].peakW").value(4_600))
                .andExpect(jsonPath("$[0].meterPeakW").value(4_583))
                .andExpect(jsonPath("$[0].differenceW").value(17))
                .andExpect(jsonPath("$[0].averageKw").value(4.6))
                .andExpect(jsonPath("$[1].peakW").value(4_000))
                .andExpect(jsonPath("$[1].averageKw").value(4.3))
                .andExpect(jsonPath("$[1].monthlyExclVat").value(19.42))
                .andExpect(jsonPath("$[1].monthlyInclVat").value(20.59))
                // 4.3 kW at Imewo's 54.2009816 €/kW/year: 233.06 a year excl. VAT, 247.05 with 6 %
                .andExpect(jsonPath("$[1].yearlyExclVat").value(233.06))
                .andExpect(jsonPath("$[1].yearlyInclVat").value(247.05))
                .andExpect(jsonPath("$[1].monthsInAverage").value(2))
                .andExpect(jsonPath("$[1].rule").value("MEAN_OF_AVAILABLE"));
    }

    @Test
    void theMonthInProgressSoFarAndForeseenToItsEnd() throws Exception {
        saveTariff("month", """
                {"validFrom":"2026-01-01","tariff":{"form":"simple","purchase":0.30,"injection":0.05}}""");

        // so far: 1 March 00:00 to 14 March 13:00 in Brussels, 1,300 quarters of 0.1 kWh; the whole month has
        // 2,972 quarters (29 March lost an hour), the 1,672 to come foreseen at the same 0.1 kWh
        mvc.perform(get("/api/meters/month/bill/forecast"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.month").value("2026-03"))
                .andExpect(jsonPath("$.soFar.quarters").value(1_300))
                .andExpect(jsonPath("$.soFar.totalInclVat").value(39.00))
                .andExpect(jsonPath("$.foreseenQuarters").value(1_672))
                .andExpect(jsonPath("$.forecast.offtakeWh").value(297_200))
                .andExpect(jsonPath("$.forecast.estimatedQuarters").value(1_672))
                .andExpect(jsonPath("$.forecast.totalInclVat").value(89.16));
    }

    @Test
    void aChangeAppliesFromTomorrowAndTheHistoryIsKept() throws Exception {
        saveTariff("crud", """
                {"tariff":{"form":"simple","purchase":0.24,"injection":0.03}}""");
        saveTariff("crud", """
                {"validFrom":"2026-04-01","tariff":{"form":"simple","purchase":0.26,"injection":0.03}}""");
        mvc.perform(put("/api/meters/crud/tariffs/2026-04-01").contentType(MediaType.APPLICATION_JSON).content("""
                        {"form":"simple","purchase":0.27,"injection":0.02}"""))
                .andExpect(status().isOk());
        mvc.perform(delete("/api/meters/crud/tariffs/2026-03-15")).andExpect(status().isNoContent());

        mvc.perform(get("/api/meters/crud/tariffs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changesApplyFrom").value("2026-03-15"))
                .andExpect(jsonPath("$.versions.length()").value(1))
                .andExpect(jsonPath("$.versions[0].validFrom").value("2026-04-01"))
                .andExpect(jsonPath("$.versions[0].tariff.purchase").value(0.27))
                .andExpect(jsonPath("$.changes.length()").value(4))
                .andExpect(jsonPath("$.changes[0].action").value("deleted"))
                .andExpect(jsonPath("$.changes[0].validFrom").value("2026-03-15"))
                .andExpect(jsonPath("$.changes[1].tariff.purchase").value(0.27))
                .andExpect(jsonPath("$.changes[3].tariff.purchase").value(0.24));
    }

    @Test
    void badTariffsAndBillsAreRefusedNamingWhatIsWrong() throws Exception {
        mvc.perform(post("/api/meters/crud/tariffs").header("Accept-Language", "nl")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tariff\":{\"form\":\"simple\",\"purchase\":30}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("tariff.purchase"))
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("geen aannemelijke prijs")));
        mvc.perform(post("/api/meters/crud/tariffs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tariff\":{\"form\":\"flemish\",\"area\":\"GENT\",\"offtake\":{\"type\":\"single\",\"price\":0.3}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("body"));
        mvc.perform(post("/api/meters/crud/tariffs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tariff\":{\"form\":\"flemish\",\"offtake\":{\"type\":\"single\",\"price\":0.3}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("tariff.area"));
        mvc.perform(delete("/api/meters/crud/tariffs/2030-01-01")).andExpect(status().isBadRequest());
        // a classic meter in Imewo: its kWh network tariff is not in the data
        mvc.perform(post("/api/meters/crud/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"tariff":{"form":"flemish","area":"IMEWO","meter":"ANALOGUE",
                         "offtake":{"type":"single","price":0.3}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("tariff.meter"))
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("Fluvius Imewo from 2026-01-01")));
        // in Antwerpen it is there from 2026, not for 2025: a 2025 bill says so
        saveTariff("classic", """
                {"validFrom":"2026-01-01","tariff":{"form":"flemish","area":"ANTWERPEN","meter":"ANALOGUE",
                 "offtake":{"type":"single","price":0.3}}}""");
        mvc.perform(get("/api/meters/classic/bill").param("from", "2025-12-01").param("to", "2026-01-01"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("Fluvius Antwerpen from 2025-01-01")));
        mvc.perform(get("/api/meters/classic/bill").param("from", "2026-02-01").param("to", "2026-03-01"))
                .andExpect(status().isOk())
                // 2.5 kW × 49.4036563 / 12 = 10.29 a month; only the 10th of its 28 days was measured
                .andExpect(jsonPath("$.lines[?(@.kind=='CAPACITY_FIXED')].amount").value(0.37));
        mvc.perform(get("/api/meters/bare/bill").param("from", "2026-01-01").param("to", "2026-02-01")
                        .header("Accept-Language", "fr"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("pas encore de tarif")));
        mvc.perform(get("/api/meters/gent/bill").param("from", "2026-02-30").param("to", "2026-03-01"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("from"));
        assertThat(meters.find("nobody")).isEmpty();
        mvc.perform(get("/api/meters/nobody/bill").param("from", "2026-01-01").param("to", "2026-02-01"))
                .andExpect(status().isNotFound());
    }
}
