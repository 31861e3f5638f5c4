package org.meterkast.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
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
 * A bill or a month's cost covers the measured days only, and says which: a household metered from 29 December
 * 2025 pays 3 of December's 31 days of fixed fees and capacity, and November has no bill at all.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillCoverageApiTest {
    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path folder = java.nio.file.Files.createTempDirectory("bill-coverage");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("coverage.db"));
        registry.add("meterkast.meters.late.type", () -> "none");
    }

    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, "late");
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;

    /**
     * Metered from Monday 29 December 2025: a single quarter that day (12:00 Brussels, 1 kWh, a 4 kW peak), and the
     * 30th and 31st whole at 100 Wh a quarter (9.6 kWh a day).
     */
    @BeforeAll
    void fill() throws Exception {
        int late = meters.register("late", "none").id();
        var stored = new java.util.ArrayList<ClosedQuarter>();
        stored.add(new ClosedQuarter(Quarter.parse("2025-12-29T11:00:00Z"), 0, new QuarterEnergy(1_000, 0, 0, 0),
                false));
        for (Quarter q = Quarter.parse("2025-12-29T23:00:00Z"); q.start().isBefore(
                java.time.Instant.parse("2025-12-31T23:00:00Z")); q = q.plus(1)) {
            stored.add(new ClosedQuarter(q, 0, new QuarterEnergy(0, 100, 0, 0), false));
        }
        quarters.save(late, stored);
        mvc.perform(post("/api/meters/late/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"validFrom":"2025-01-01","tariff":{"form":"flemish","area":"IMEWO",
                         "offtake":{"type":"single","price":0.30},"fixedPerYear":365}}"""))
                .andExpect(status().isCreated());
    }

    @Test
    void aMonthWithThreeMeasuredDaysPaysThreeThirtyFirstsOfItsFixedAmounts() throws Exception {
        String json = mvc.perform(get("/api/meters/late/bill").param("from", "2025-12-01").param("to", "2026-01-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.noData").value(false))
                .andExpect(jsonPath("$.coverage.days").value(31))
                .andExpect(jsonPath("$.coverage.measuredDays").value(3))
                .andExpect(jsonPath("$.coverage.firstMeasured").value("2025-12-29"))
                .andExpect(jsonPath("$.coverage.lastMeasured").value("2025-12-31"))
                .andExpect(jsonPath("$.coverage.length()").value(4))
                .andExpect(jsonPath("$.offtakeWh").value(20_200))
                // 365 € a year is 1 € a day: 3 days, whatever December's length
                .andExpect(jsonPath("$.lines[?(@.kind=='SUPPLIER_FIXED_FEE')].quantity").value(3))
                .andExpect(jsonPath("$.lines[?(@.kind=='SUPPLIER_FIXED_FEE')].amount").value(3.0))
                // 20.2 kWh × 0.30
                .andExpect(jsonPath("$.lines[?(@.kind=='ENERGY')].amount").value(6.06))
                .andReturn().getResponse().getContentAsString();

        // capacity: the month's 4 kW × the yearly tariff ÷ 12, times 3 of 31 days
        BigDecimal kw = number(json, "$.lines[?(@.kind=='CAPACITY')].quantity");
        BigDecimal perKwYear = number(json, "$.lines[?(@.kind=='CAPACITY')].rate");
        assertThat(kw).isEqualByComparingTo("4");
        BigDecimal month = kw.multiply(perKwYear).divide(BigDecimal.valueOf(12), 20, RoundingMode.HALF_UP);
        assertThat(number(json, "$.lines[?(@.kind=='CAPACITY')].amount")).isEqualByComparingTo(
                month.multiply(BigDecimal.valueOf(3)).divide(BigDecimal.valueOf(31), 2, RoundingMode.HALF_UP));
        // data management: 3 days of the yearly fee
        BigDecimal dataPerYear = number(json, "$.lines[?(@.kind=='DATA_MANAGEMENT')].rate");
        assertThat(number(json, "$.lines[?(@.kind=='DATA_MANAGEMENT')].amount")).isEqualByComparingTo(
                dataPerYear.multiply(BigDecimal.valueOf(3)).divide(BigDecimal.valueOf(365), 2, RoundingMode.HALF_UP));

        // the whole year 2025 costs the same: nothing before the 29th
        String year = mvc.perform(get("/api/meters/late/bill").param("from", "2025-01-01").param("to", "2026-01-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.coverage.days").value(365))
                .andExpect(jsonPath("$.coverage.measuredDays").value(3))
                .andExpect(jsonPath("$.lines[?(@.kind=='SUPPLIER_FIXED_FEE')].amount").value(3.0))
                .andReturn().getResponse().getContentAsString();
        assertThat(number(year, "$.totalInclVat")).isEqualByComparingTo(number(json, "$.totalInclVat"));
    }

    @Test
    void aPeriodBeforeAnyDataHasNoBill() throws Exception {
        mvc.perform(get("/api/meters/late/bill").param("from", "2025-11-01").param("to", "2025-12-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.noData").value(true))
                .andExpect(jsonPath("$.coverage.days").value(30))
                .andExpect(jsonPath("$.coverage.measuredDays").value(0))
                .andExpect(jsonPath("$.coverage.firstMeasured").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.coverage.lastMeasured").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.lines").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.totalInclVat").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.offtakeWh").value(0));
        // 1 November 2025, the day the demo showed 0.00 kWh and € 0.59
        mvc.perform(get("/api/meters/late/bill").param("from", "2025-11-01").param("to", "2025-11-02"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.noData").value(true))
                .andExpect(jsonPath("$.coverage.days").value(1))
                .andExpect(jsonPath("$.totalInclVat").value(Matchers.nullValue()));
    }

    @Test
    void eachMonthsCostSaysWhatItCovers() throws Exception {
        String bill = mvc.perform(get("/api/meters/late/bill").param("from", "2025-12-01").param("to", "2026-01-01"))
                .andReturn().getResponse().getContentAsString();
        String months = mvc.perform(get("/api/meters/late/costs/months").param("from", "2025-11").param("to", "2026-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].month").value("2025-11"))
                .andExpect(jsonPath("$[0].noData").value(true))
                .andExpect(jsonPath("$[0].costInclVat").value(Matchers.nullValue()))
                .andExpect(jsonPath("$[0].coverage.days").value(30))
                .andExpect(jsonPath("$[0].coverage.measuredDays").value(0))
                .andExpect(jsonPath("$[1].noData").value(false))
                .andExpect(jsonPath("$[1].coverage.days").value(31))
                .andExpect(jsonPath("$[1].coverage.measuredDays").value(3))
                .andExpect(jsonPath("$[1].coverage.firstMeasured").value("2025-12-29"))
                .andExpect(jsonPath("$[1].netOfftakeWh").value(20_200))
                .andExpect(jsonPath("$[2].month").value("2026-01"))
                .andExpect(jsonPath("$[2].noData").value(true))
                .andExpect(jsonPath("$[2].costExclVat").value(Matchers.nullValue()))
                .andReturn().getResponse().getContentAsString();
        assertThat(number(months, "$[1].costInclVat")).isEqualByComparingTo(number(bill, "$.totalInclVat"));
    }

    private static BigDecimal number(String json, String path) {
        Object value = JsonPath.read(json, path);
        if (value instanceof List<?> list) {
            assertThat(list).hasSize(1);
            value = list.get(0);
        }
        return new BigDecimal(value.toString());
    }
}
