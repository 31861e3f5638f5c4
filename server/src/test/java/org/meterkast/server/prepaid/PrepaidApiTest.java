package org.meterkast.server.prepaid;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.p1.TelegramParser;
import org.meterkast.server.SignedInMockMvc;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Karim's Prepaid through the API: his terms, his € 40 top-up, 0.2 kWh every quarter since 2 November, limited
 * power by Friday noon, then a € 60 top-up that repays part of the debt; and the meter's open breaker.
 */
@SpringBootTest
@AutoConfigureMockMvc
class PrepaidApiTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path folder = Files.createTempDirectory("prepaid-api");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("prepaid.db"));
        registry.add("meterkast.meters.karim.type", () -> "none");
    }

    /** Every request is signed in as an account holding karim. */
    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, "karim");
        }
    }

    @TestConfiguration
    static class Fixed {
        /** Friday 20 November 2026, 12:00 in Brussels. */
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-11-20T11:00:00Z"), ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;
    @Autowired
    ApplicationEventPublisher events;

    @Test
    void aMonthOfPrepaidThroughTheApi() throws Exception {
        int karim = meters.register("karim", "none").id();
        var used = new ArrayList<ClosedQuarter>();
        Instant start = LocalDateTime.parse("2026-11-02T00:00").atZone(BRUSSELS).toInstant();
        for (Quarter q = new Quarter(start); q.start().isBefore(Instant.parse("2026-11-20T11:00:00Z")); q = q.plus(1)) {
            used.add(new ClosedQuarter(q, 0, new QuarterEnergy(0, 200, 0, 0), false));
        }
        quarters.save(karim, used);

        // not on Prepaid yet: the app asks without an error, and offers no Prepaid page
        mvc.perform(get("/api/meters/karim/prepaid/terms")).andExpect(status().isNoContent());
        mvc.perform(get("/api/meters/karim/prepaid")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("no Prepaid terms yet")));
        mvc.perform(put("/api/meters/karim/prepaid/terms").contentType(MediaType.APPLICATION_JSON).content("""
                        {"since":"2026-11-02","dayPerKwh":0.40,"nightPerKwh":0.30,"weeklyRepayment":2.00}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.emergencyCredit").value(50))
                .andExpect(jsonPath("$.repaymentShare").value(0.35));
        mvc.perform(get("/api/meters/karim/prepaid/terms")).andExpect(status().isOk())
                .andExpect(jsonPath("$.dayPerKwh").value(0.40));
        mvc.perform(post("/api/meters/karim/prepaid/top-ups").contentType(MediaType.APPLICATION_JSON).content("""
                        {"at":"2026-11-02","amount":40.00,"channel":"card"}"""))
                .andExpect(status().isCreated());

        // 1,776 quarters of € 0.06 against € 40: the credit ran out, the € 50 emergency credit too; debt 66.56
        mvc.perform(get("/api/meters/karim/prepaid").header("Accept-Language", "nl"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("LIMITED"))
                .andExpect(jsonPath("$.status.balance").value(0.00))
                .andExpect(jsonPath("$.status.debt").value(66.56))
                .andExpect(jsonPath("$.status.topUpToClearDebt").value(99.06))
                // amounts and powers as the page writes them in Dutch
                .andExpect(jsonPath("$.advice").value(containsString("beperkt tot 2.300 W")))
                .andExpect(jsonPath("$.advice").value(containsString("Uw schuld is €\u00a066,56")))
                .andExpect(jsonPath("$.advice").value(containsString("een oplading van €\u00a099,06")));

        mvc.perform(post("/api/meters/karim/prepaid/top-ups").contentType(MediaType.APPLICATION_JSON).content("""
                        {"at":"2026-11-20T11:00:00Z","amount":60.00,"channel":"online"}"""))
                .andExpect(status().isCreated());
        mvc.perform(get("/api/meters/karim/prepaid").header("Accept-Language", "fr"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("NORMAL"))
                .andExpect(jsonPath("$.status.balance").value(32.50))
                .andExpect(jsonPath("$.status.debt").value(39.06))
                // in French the euro follows the amount, with a comma
                .andExpect(jsonPath("$.advice").value(containsString("32,50\u00a0€")))
                .andExpect(jsonPath("$.advice").value(containsString("environ")))
                .andExpect(jsonPath("$.advice").value(org.hamcrest.Matchers.not(containsString("32.50"))));

        // the meter says its breaker is open and the limit is 2.3 kW: off, whatever the credit
        String text = "/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n0-0:1.0.0(261120120000W)\r\n"
                + "1-0:1.7.0(00.000*kW)\r\n1-0:2.7.0(00.000*kW)\r\n0-0:96.3.10(0)\r\n0-0:17.0.0(002.3*kW)\r\n!0000\r\n";
        byte[] frame = text.getBytes(StandardCharsets.US_ASCII);
        events.publishEvent(new TelegramReceived("karim", Instant.parse("2026-11-20T11:00:00Z"),
                new TelegramParser().parse(frame, 0, frame.length)));
        mvc.perform(get("/api/meters/karim/prepaid").header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("OFF"))
                .andExpect(jsonPath("$.meter.powerLimitW").value(2300))
                .andExpect(jsonPath("$.advice").value(containsString("press the button on the meter for 3 seconds")));

        mvc.perform(post("/api/meters/karim/prepaid/top-ups").contentType(MediaType.APPLICATION_JSON).content("""
                        {"amount":-5}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("amount"));
    }

    @Test
    void theLimitedPowerPlannerNamesTheAppliancesAndAddsThemUp() throws Exception {
        mvc.perform(get("/api/prepaid/appliances").header("Accept-Language", "nl"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(32))
                .andExpect(jsonPath("$[?(@.key=='freezer')].name").value("Diepvriezer"))
                .andExpect(jsonPath("$[?(@.key=='freezer')].fromWatts").value(250));
        // the brochure's example: fridge 150 + freezer 250 + kitchen water heater 1,200 + microwave 600 + TV 90
        mvc.perform(post("/api/prepaid/appliances/plan").contentType(MediaType.APPLICATION_JSON).content("""
                        {"appliances":[{"key":"fridge","watts":150},{"key":"freezer"},{"key":"kitchen-water-heater"},
                          {"key":"microwave"},{"name":"TV","watts":90}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalWatts").value(2290))
                .andExpect(jsonPath("$.fits").value(true))
                .andExpect(jsonPath("$.headroomWatts").value(10));
        mvc.perform(post("/api/prepaid/appliances/plan").contentType(MediaType.APPLICATION_JSON).content("""
                        {"appliances":[{"key":"jacuzzi"}]}""").header("Accept-Language", "fr"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("n'est pas un appareil du tableau")));
    }

    @Test
    void theHelpPageExplainsTheMetersCodesInTheUsersLanguage() throws Exception {
        mvc.perform(get("/api/prepaid/help").header("Accept-Language", "fr"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(11))
                .andExpect(jsonPath("$[?(@.shown=='[A]')].explanation")
                        .value(org.hamcrest.Matchers.hasItem(containsString("limitée à 10 A"))))
                .andExpect(jsonPath("$[?(@.shown=='A')].explanation")
                        .value(org.hamcrest.Matchers.hasItem(containsString("3 secondes"))));
    }
}
