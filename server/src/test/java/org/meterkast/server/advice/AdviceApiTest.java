package org.meterkast.server.advice;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.SignedInMockMvc;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.ProductionQuarter;
import org.meterkast.server.store.ProductionRepository;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * A household's advice for June 2026 through the API, on two days stored by hand (10 and 11 June), each: night
 * quarters 01:00–04:45 at 25 Wh; sun from 10:00 to 13:45, 500 Wh produced and 300 injected a quarter, nothing
 * bought; evenings 17:00–21:45 at 200 Wh, one quarter at 18:15 on the 10th at 1300 Wh (5.2 kW); 100 Wh otherwise.
 * Production is stored for every quarter (0 outside the sun). Tariff: all-in 0.30 €/kWh bought, 0.05 injected,
 * Imewo's capacity tariff (54.2009816 €/kW/year in 2026).
 *
 * <p>By hand: a day buys 16 × 25 + 20 × 200 + 44 × 100 = 8800 Wh, the 10th 1100 more; 16 × 500 = 8000 Wh
 * produced, 4800 injected. Two days: 16,000 produced, 9600 injected, 6400 used at home: self-consumption 0.4;
 * consumption 18,700 + 6400 = 25,100, self-sufficiency 6400 ÷ 25,100 = 0.2550; evening (2 × 4000 + 1100) ÷ 25,100 =
 * 0.3625. Base load 25 Wh × 4 = 100 W. Peak 5.2 kW: 5.2 × 54.2009816 ÷ 12 = € 23.49 for the month and for the peak
 * itself; down to 2.5 kW (the second quarter, 0.8 kW, counts as 2.5) it would cost 2.7 × 54.2009816 ÷ 12 = € 12.20
 * less. Surplus: 10:00–14:00, 1200 Wh an hour on both days, 4800 Wh; a 900 Wh wash moved there saves 0.9 × (0.30 −
 * 0.05) = € 0.225 → 0.23.
 */
@SpringBootTest
@AutoConfigureMockMvc
class AdviceApiTest {
    static final String METER = "advice-home";
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path folder = Files.createTempDirectory("advice-api");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("advice.db"));
        registry.add("meterkast.meters." + METER + ".type", () -> "none");
    }

    @TestConfiguration
    static class Household {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, METER);
        }

        /** Sunday 5 July 2026, noon in Brussels. */
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-07-05T10:00:00Z"), ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;
    @Autowired
    ProductionRepository production;

    private void store() {
        int meter = meters.require(METER).id();
        var stored = new ArrayList<ClosedQuarter>();
        var produced = new ArrayList<ProductionQuarter>();
        long counter = 0;
        for (LocalDate day : List.of(LocalDate.of(2026, 6, 10), LocalDate.of(2026, 6, 11))) {
            Instant end = day.plusDays(1).atStartOfDay(BRUSSELS).toInstant();
            for (Instant t = day.atStartOfDay(BRUSSELS).toInstant(); t.isBefore(end); t = t.plusSeconds(900)) {
                LocalTime at = LocalTime.ofInstant(t, BRUSSELS);
                int hour = at.getHour();
                boolean sun = hour >= 10 && hour < 14;
                long bought = hour >= 1 && hour < 5 ? 25 : sun ? 0 : hour >= 17 && hour < 22 ? 200 : 100;
                if (day.getDayOfMonth() == 10 && at.equals(LocalTime.of(18, 15))) {
                    bought = 1300;
                }
                stored.add(new ClosedQuarter(new Quarter(t), 0, new QuarterEnergy(bought, 0, sun ? 300 : 0, 0),
                        false));
                counter += sun ? 500 : 0;
                produced.add(new ProductionQuarter(t, sun ? 500 : 0, counter));
            }
        }
        quarters.save(meter, stored);
        production.save(meter, produced);
    }

    private long location() throws Exception {
        String body = mvc.perform(get("/api/locations")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        return JsonMapper.builder().build().readTree(body).get(0).get("id").asLong();
    }

    @Test
    void juneAdviceWithItsFigures() throws Exception {
        store();
        mvc.perform(post("/api/meters/" + METER + "/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                {"validFrom":"2026-01-01","tariff":{"form":"simple","purchase":0.30,"injection":0.05,"area":"IMEWO"}}
                """)).andExpect(status().isCreated());
        long location = location();
        mvc.perform(get("/api/locations/" + location + "/advice?month=2026-06")).andExpect(status().isOk())
                .andExpect(jsonPath("$.month").value("2026-06"))
                .andExpect(jsonPath("$.solarMeasured").value(true))
                .andExpect(jsonPath("$.advice[*].kind").value(contains("selfConsumption", "selfSufficiency",
                        "baseLoad", "surplusHours", "eveningPeak", "capacityPeaks", "cheapestTariff")))
                .andExpect(jsonPath("$.advice[0].key").value("advice.selfConsumption.good"))
                .andExpect(jsonPath("$.advice[0].figures.ratio").value(0.4))
                .andExpect(jsonPath("$.advice[0].figures.producedWh").value(16000))
                .andExpect(jsonPath("$.advice[0].figures.exportedWh").value(9600))
                .andExpect(jsonPath("$.advice[0].coverage.days").value(30))
                .andExpect(jsonPath("$.advice[0].coverage.measuredDays").value(2))
                .andExpect(jsonPath("$.advice[1].figures.ratio").value(0.255))
                .andExpect(jsonPath("$.advice[1].figures.consumedWh").value(25100))
                .andExpect(jsonPath("$.advice[2].key").value("advice.baseLoad.first"))
                .andExpect(jsonPath("$.advice[2].figures.watts").value(100))
                .andExpect(jsonPath("$.advice[3].key").value("advice.surplus.hours"))
                .andExpect(jsonPath("$.advice[3].figures.windows[0].fromHour").value(10))
                .andExpect(jsonPath("$.advice[3].figures.windows[0].toHour").value(14))
                .andExpect(jsonPath("$.advice[3].figures.windows[0].typicalWh").value(4800))
                .andExpect(jsonPath("$.advice[3].figures.offtakePerKwh").value(0.3))
                .andExpect(jsonPath("$.advice[3].figures.injectionPerKwh").value(0.05))
                .andExpect(jsonPath("$.advice[3].figures.moves", hasSize(4)))
                .andExpect(jsonPath("$.advice[3].figures.moves[0].appliance").value("washing-machine"))
                .andExpect(jsonPath("$.advice[3].figures.moves[0].savingPerRun").value(0.23))
                .andExpect(jsonPath("$.advice[4].key").value("advice.evening.high"))
                .andExpect(jsonPath("$.advice[4].figures.share").value(0.3625))
                .andExpect(jsonPath("$.advice[5].key").value("advice.capacity.peaks"))
                .andExpect(jsonPath("$.advice[5].figures.top[0].watts").value(5200))
                .andExpect(jsonPath("$.advice[5].figures.top[0].start").value("2026-06-10T16:15:00Z"))
                .andExpect(jsonPath("$.advice[5].figures.monthCost").value(23.49))
                .andExpect(jsonPath("$.advice[5].figures.saving").value(12.2))
                .andExpect(jsonPath("$.advice[6].key").value("advice.tariff.onlyOne"));

        // another tariff saved from July: June under it is the what-if (0.25 €/kWh: cheaper)
        mvc.perform(post("/api/meters/" + METER + "/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                {"validFrom":"2026-07-01","tariff":{"form":"simple","purchase":0.25,"injection":0.05,"area":"IMEWO"}}
                """)).andExpect(status().isCreated());
        mvc.perform(get("/api/locations/" + location + "/advice?month=2026-06")).andExpect(status().isOk())
                .andExpect(jsonPath("$.advice[6].key").value("advice.tariff.other"))
                .andExpect(jsonPath("$.advice[6].figures.cheapest.name").value("2026-07-01"))
                // 18.7 kWh bought: at 0.30 € 5.61, at 0.25 € 4.675, rounded on its line to € 4.68: € 0.93 less
                .andExpect(jsonPath("$.advice[6].figures.saving").value(0.93));
    }

    @Test
    void aMonthWithoutDataAnOddMonthAndAnotherAddress() throws Exception {
        long location = location();
        mvc.perform(get("/api/locations/" + location + "/advice?month=2026-02")).andExpect(status().isOk())
                .andExpect(jsonPath("$.advice[0].key").value("advice.noData"))
                .andExpect(jsonPath("$.advice[0].coverage.measuredDays").value(0))
                .andExpect(jsonPath("$.advice[5].key").value("advice.noData"));
        mvc.perform(get("/api/locations/" + location + "/advice?month=juni")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/locations/" + (location + 1000) + "/advice")).andExpect(status().isNotFound());
    }
}
