package org.meterkast.server.tariff;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What the tariff form sends: an all-in price with the address's network area keeps the area's capacity tariff on
 * the bill and the capacity page; a negative fixed injection price and a price that is no number are refused with
 * the field named and a message in the user's language.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TariffFormApiTest {
    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path folder = java.nio.file.Files.createTempDirectory("tariff-form-api");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("tariff.db"));
        registry.add("meterkast.meters.allin.type", () -> "none");
        registry.add("meterkast.meters.empty.type", () -> "none");
    }

    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, "allin", "empty");
        }
    }

    @TestConfiguration
    static class Fixed {
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

    @BeforeAll
    void fill() {
        meters.register("empty", "none");
        int allin = meters.register("allin", "none").id();
        var february = new ArrayList<ClosedQuarter>();
        Quarter day = Quarter.parse("2026-02-10T08:00:00Z");
        for (int i = 0; i < 100; i++) {                                   // 100 kWh, a 4 kW peak in February
            february.add(new ClosedQuarter(day.plus(i), 0, new QuarterEnergy(1_000, 0, 0, 0), false));
        }
        quarters.save(allin, february);
    }

    @Test
    void anAllInPriceKeepsTheAreasCapacityTariff() throws Exception {
        mvc.perform(post("/api/meters/allin/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"validFrom":"2026-01-01","tariff":{"form":"simple","purchase":0.30,"injection":0.05,
                         "area":"IMEWO"}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tariff.area").value("IMEWO"));
        // 100 kWh at 0.30 all-in = 30.00; 4 kW at Imewo's 54.2009816 €/kW/year ÷ 12 = 18.0670 a month, billed for
        // the 2 of 28 days measured (10 and 11 February) = 1.2905 → 1.29; 6 % VAT on it 0.0774 → 0.08; 31.3679 → 31.37
        mvc.perform(get("/api/meters/allin/bill").param("from", "2026-02-01").param("to", "2026-03-01"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.coverage.measuredDays").value(2))
                .andExpect(jsonPath("$.lines[?(@.kind=='OFFTAKE_ALL_IN')].amount").value(30.0))
                .andExpect(jsonPath("$.lines[?(@.kind=='CAPACITY')].quantity").value(4.0))
                .andExpect(jsonPath("$.lines[?(@.kind=='CAPACITY')].amount").value(1.29))
                .andExpect(jsonPath("$.lines[?(@.kind=='VAT')].amount").value(0.08))
                .andExpect(jsonPath("$.totalInclVat").value(31.37));
        // the month's row, as the app's manual shows it: the kWh at the all-in price, beside the whole bill
        mvc.perform(get("/api/meters/allin/costs/months").param("from", "2026-02").param("to", "2026-02"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].energyCostInclVat").value(30.0))
                .andExpect(jsonPath("$[0].costInclVat").value(31.37));
        mvc.perform(get("/api/meters/allin/capacity").param("to", "2026-02").param("months", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].averageKw").value(4.0))
                .andExpect(jsonPath("$[0].monthlyExclVat").value(18.07))
                .andExpect(jsonPath("$[0].monthlyInclVat").value(19.15));
        // the what-if of the form's preview: day/night prices against the all-in one, over the same month
        mvc.perform(post("/api/meters/allin/bill/compare").contentType(MediaType.APPLICATION_JSON).content("""
                        {"from":"2026-02-01","to":"2026-03-01","alternatives":[{"name":"new","tariff":
                         {"form":"flemish","area":"IMEWO","offtake":{"type":"dayNight","day":0.15,"night":0.12}}}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bills[?(@.name=='new')].bill.lines[?(@.kind=='CAPACITY')].amount").value(1.29));
    }

    @Test
    void aNegativeFixedInjectionPriceIsRefusedInTheUsersLanguage() throws Exception {
        mvc.perform(post("/api/meters/empty/tariffs").header("Accept-Language", "nl")
                        .contentType(MediaType.APPLICATION_JSON).content("""
                        {"tariff":{"form":"simple","purchase":0.30,"injection":-0.05}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tariff.injection"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("negatief")));
        mvc.perform(post("/api/meters/empty/tariffs").header("Accept-Language", "fr")
                        .contentType(MediaType.APPLICATION_JSON).content("""
                        {"tariff":{"form":"flemish","area":"WEST","offtake":{"type":"single","price":0.12},
                         "injection":{"type":"dayNight","day":0.02,"night":-0.01}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tariff.injection.night"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("négatif")));
        // a dynamic injection formula may go below zero: it is no fixed price
        mvc.perform(post("/api/meters/empty/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"validFrom":"2030-01-01","tariff":{"form":"flemish","area":"WEST",
                         "offtake":{"type":"single","price":0.12},
                         "injection":{"type":"dynamic","index":"HOURLY","factor":0.001,"offset":-0.01}}}"""))
                .andExpect(status().isCreated());
    }

    @Test
    void aPriceThatIsNoNumberNamesItsFieldAndNoJavaType() throws Exception {
        mvc.perform(post("/api/meters/empty/tariffs").header("Accept-Language", "nl")
                        .contentType(MediaType.APPLICATION_JSON).content("""
                        {"tariff":{"form":"simple","purchase":"abc","injection":0.05}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tariff.purchase"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("abc")))
                .andExpect(jsonPath("$.detail").value(not(containsString("BigDecimal"))));
    }

    @Test
    void anAddressWithoutATariffIsToldWhereToEnterOne() throws Exception {
        mvc.perform(get("/api/meters/allin/bill").param("from", "2020-01-01").param("to", "2020-02-01"));
        mvc.perform(get("/api/meters/empty/bill").param("from", "2026-02-01").param("to", "2026-03-01")
                        .header("Accept-Language", "nl"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value(containsString("Tarieven")))
                .andExpect(jsonPath("$.error").value(not(containsString("POST"))));
    }
}
