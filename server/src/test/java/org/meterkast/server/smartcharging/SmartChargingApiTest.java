package org.meterkast.server.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.smartcharging.ChargedQuarter;
import org.meterkast.energy.smartcharging.SmartChargingProgramme;
import org.meterkast.energy.smartcharging.SmartSession;
import org.meterkast.server.SignedInMockMvc;
import org.meterkast.server.TestHousehold;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sofie's smart charging through the API, on 10 March 2026: what she still lacks before enrolling, her enrolment
 * from 5 January with a day/night contract that changed on 15 February, and her January and February reports worked
 * to the cent from the smart sessions her charger recorded (the sessions store is replaced by one holding them).
 * Tariff excl. VAT: day 0.1350, night 0.1050, from 15 February day 0.1550, night 0.1150; with 6 % VAT less
 * 0.085 €/kWh the discount is 0.0581 / 0.0263, then 0.0793 / 0.0369 €/kWh.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SmartChargingApiTest {
    static final String METER = "sofie-sc";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path folder = Files.createTempDirectory("smart-charging-api");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("smart-charging.db"));
        registry.add("meterkast.meters." + METER + ".type", () -> "none");
    }

    @TestConfiguration
    static class Household {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, METER);
        }

        /** Tuesday 10 March 2026, 11:00 in Brussels. */
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-03-10T10:00:00Z"), ZoneOffset.UTC);
        }

        @Bean
        @Primary
        RecordedSmartSessions recordedSessions() {
            return new RecordedSmartSessions();
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    RecordedSmartSessions sessions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;
    @Autowired
    SmartChargingService service;

    long location;
    String base;

    @BeforeEach
    void address() throws Exception {
        String body = mvc.perform(get("/api/locations")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        location = JsonMapper.builder().build().readTree(body).get(0).get("id").asLong();
        base = "/api/locations/" + location + "/smart-charging";
    }

    static SmartSession session(String id, String idTag, String start, int quarters, long wh) {
        List<ChargedQuarter> charged = new ArrayList<>();
        Quarter first = Quarter.parse(start);
        for (int i = 0; i < quarters; i++) {
            charged.add(new ChargedQuarter(first.plus(i), wh));
        }
        return new SmartSession(id, idTag, 20, 80, charged);
    }

    private ResultActions putJson(String path, String json) throws Exception {
        return mvc.perform(put(path).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void fromWhatSheLacksToHerMonthsToTheCent() throws Exception {
        assertThat(service.programme()).isEqualTo(SmartChargingProgramme.LUMINUS);

        // nothing yet: every answer is missing, no tariff, no charger; SMR-3 may follow within a month of enrolling
        mvc.perform(get(base + "/eligibility")).andExpect(status().isOk())
                .andExpect(jsonPath("$.eligible").value(false))
                .andExpect(jsonPath("$.unmet[*].key").value(contains("smartCharging.reason.supplyContract",
                        "smartCharging.reason.noTariff", "smartCharging.reason.noVehicle",
                        "smartCharging.reason.noHomeCharger", "smartCharging.reason.otherApp",
                        "smartCharging.reason.normalChargingUnknown", "smartCharging.reason.targetUnknown")))
                .andExpect(jsonPath("$.unmet[5].values.maximumPercent").value(30))
                .andExpect(jsonPath("$.unmet[6].values.minimumPercent").value(80))
                .andExpect(jsonPath("$.pending[0].key").value("smartCharging.pending.quarterHourMetering"))
                .andExpect(jsonPath("$.pending[0].values.graceDays").value(31))
                .andExpect(jsonPath("$.enrolment").value(nullValue()))
                .andExpect(jsonPath("$.programme.smartPricePerKwh").value(0.085))
                .andExpect(jsonPath("$.programme.monthlyFee").value(2.50))
                .andExpect(jsonPath("$.programme.lastDay").value("2026-06-30"));
        mvc.perform(get(base + "/enrolment")).andExpect(status().isNoContent());
        mvc.perform(get(base + "/months")).andExpect(status().isOk()).andExpect(jsonPath("$").value(empty()));

        // her tariff (two versions), her charger, her enrolment
        mvc.perform(post("/api/meters/" + METER + "/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"validFrom":"2025-01-01","tariff":{"form":"flemish","area":"IMEWO",
                         "offtake":{"type":"dayNight","day":0.1350,"night":0.1050}}}"""))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/meters/" + METER + "/tariffs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"validFrom":"2026-02-15","tariff":{"form":"flemish","area":"IMEWO",
                         "offtake":{"type":"dayNight","day":0.1550,"night":0.1150}}}"""))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/locations/" + location + "/devices").contentType(MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"EV_CHARGER\",\"label\":\"Carport\"}")).andExpect(status().isCreated());
        putJson(base + "/enrolment", """
                {"since":"2026-01-05","vehicle":"Kia EV6","vehicleIdTag":"04A2B3C4","supplyContract":true,
                 "quarterHourMetering":true,"onlyThisApp":true,"normalChargingPercent":30,"targetPercent":80}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.since").value("2026-01-05"))
                .andExpect(jsonPath("$.vehicleIdTag").value("04A2B3C4"));

        mvc.perform(get(base + "/eligibility")).andExpect(status().isOk())
                .andExpect(jsonPath("$.eligible").value(true))
                .andExpect(jsonPath("$.unmet").value(empty()))
                .andExpect(jsonPath("$.pending").value(empty()))
                .andExpect(jsonPath("$.enrolment.vehicle").value("Kia EV6"));
        mvc.perform(get(base + "/enrolment")).andExpect(status().isOk())
                .andExpect(jsonPath("$.normalChargingPercent").value(30));
        mvc.perform(get(base + "/months")).andExpect(status().isOk())
                .andExpect(jsonPath("$").value(contains("2026-03", "2026-02", "2026-01")));

        // January: Tue 13th 01:00–05:00 night 40 kWh × 0.0263 = 1.052 → 1.05; 11:00–13:00 day 12 kWh × 0.0581 =
        // 0.6972 → 0.70. 1.75 is less than the fee: the fee is 1.75, the month nets 0.00
        sessions.record(location, session("tx-1", "04A2B3C4", "2026-01-13T00:00:00Z", 16, 2500));
        sessions.record(location, session("tx-2", null, "2026-01-13T10:00:00Z", 8, 1500));
        // before the enrolment of 5 January: charged, but earns nothing
        sessions.record(location, session("tx-0", "04A2B3C4", "2026-01-02T00:00:00Z", 4, 2500));
        mvc.perform(get(base + "/2026-01")).andExpect(status().isOk())
                .andExpect(jsonPath("$.month").value("2026-01"))
                .andExpect(jsonPath("$.enrolled").value(true))
                .andExpect(jsonPath("$.sessions[*].id").value(contains("tx-0", "tx-1", "tx-2")))
                .andExpect(jsonPath("$.sessions[0].excluded[0].key").value("smartCharging.excluded.beforeEnrolment"))
                .andExpect(jsonPath("$.excluded[0].wattHours").value(10_000))
                .andExpect(jsonPath("$.chargedWh").value(62_000))
                .andExpect(jsonPath("$.countedWh").value(52_000))
                .andExpect(jsonPath("$.lines[0].tariffFrom").value("2025-01-01"))
                .andExpect(jsonPath("$.lines[0].period").value("DAY"))
                .andExpect(jsonPath("$.lines[0].wattHours").value(12_000))
                .andExpect(jsonPath("$.lines[0].amount").value(0.70))
                .andExpect(jsonPath("$.lines[1].period").value("NIGHT"))
                .andExpect(jsonPath("$.lines[1].amount").value(1.05))
                .andExpect(jsonPath("$.discount").value(1.75))
                .andExpect(jsonPath("$.fullFee").value(2.50))
                .andExpect(jsonPath("$.fee").value(1.75))
                .andExpect(jsonPath("$.net").value(0.00));

        // February: Sat 14th 23:00–23:45 under the first tariff, night 10 kWh × 0.0263 = 0.263 → 0.26; Sun 15th
        // 00:00–00:45 under the new one, night 10 × 0.0369 = 0.369 → 0.37; Mon 16th 09:00–13:00 day 40 × 0.0793 =
        // 3.172 → 3.17. 3.80 less the fee of 2.50 nets 1.30. Another car's session (another id tag) earns nothing.
        sessions.record(location, session("tx-3", "04A2B3C4", "2026-02-14T22:00:00Z", 8, 2500));
        sessions.record(location, session("tx-4", "04A2B3C4", "2026-02-16T08:00:00Z", 16, 2500));
        sessions.record(location, session("tx-5", "FFEE0011", "2026-02-17T08:00:00Z", 8, 2500));
        mvc.perform(get(base + "/2026-02")).andExpect(status().isOk())
                .andExpect(jsonPath("$.sessions[*].id").value(contains("tx-3", "tx-4", "tx-5")))
                .andExpect(jsonPath("$.lines[*].amount").value(contains(0.26, 3.17, 0.37)))
                .andExpect(jsonPath("$.lines[1].tariffFrom").value("2026-02-15"))
                .andExpect(jsonPath("$.lines[1].supplyPerKwh").value(0.1550))
                .andExpect(jsonPath("$.lines[1].vatRate").value(0.06))
                .andExpect(jsonPath("$.lines[1].discountPerKwh").value(0.0793))
                .andExpect(jsonPath("$.excluded[0].reason.key").value("smartCharging.excluded.otherVehicle"))
                .andExpect(jsonPath("$.excluded[0].wattHours").value(20_000))
                .andExpect(jsonPath("$.discount").value(3.80))
                .andExpect(jsonPath("$.fee").value(2.50))
                .andExpect(jsonPath("$.net").value(1.30));

        // the current month is running; the next has not begun
        mvc.perform(get(base + "/2026-03")).andExpect(status().isOk())
                .andExpect(jsonPath("$.sessions").value(empty()))
                .andExpect(jsonPath("$.net").value(0.00));
        mvc.perform(get(base + "/2026-04")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("month"))
                .andExpect(jsonPath("$.error").value("2026-04 has not begun yet."));

        // she ends it on 28 February: March is no longer hers to report, and eligibility says why
        putJson(base + "/enrolment", """
                {"since":"2026-01-05","until":"2026-02-28","vehicle":"Kia EV6","vehicleIdTag":"04A2B3C4",
                 "supplyContract":true,"quarterHourMetering":true,"onlyThisApp":true,"normalChargingPercent":30,
                 "targetPercent":80}""").andExpect(status().isOk());
        mvc.perform(get(base + "/months")).andExpect(jsonPath("$").value(contains("2026-02", "2026-01")));
        mvc.perform(get(base + "/eligibility"))
                .andExpect(jsonPath("$.unmet[0].key").value("smartCharging.reason.enrolmentEnded"))
                .andExpect(jsonPath("$.unmet[0].values.day").value(28));
        mvc.perform(get(base + "/2026-02")).andExpect(jsonPath("$.net").value(1.30));
    }

    @Test
    void aWrongAnswerIsRefusedNamingItsFieldInTheUsersLanguage() throws Exception {
        putJson(base + "/enrolment", "{\"since\":\"2026-01-05\",\"targetPercent\":180}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("targetPercent"))
                .andExpect(jsonPath("$.error").value("targetPercent must be a charge level from 0 to 100 %, not 180."));
        mvc.perform(put(base + "/enrolment").header("Accept-Language", "nl").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"since\":\"2026-01-05\",\"until\":\"2026-01-01\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("until"))
                .andExpect(jsonPath("$.error").value("De inschrijving kan niet eindigen (2026-01-01) voor ze begint (2026-01-05)."));
        mvc.perform(put(base + "/enrolment").header("Accept-Language", "fr").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"vehicle\":\"Kia EV6\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("since"))
                .andExpect(jsonPath("$.error").value(
                        "Indiquez le jour où la remise Smart Charging a commencé (since), au format aaaa-MM-jj."));
        putJson(base + "/enrolment", "{\"since\":\"1999-12-31\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(
                        "The enrolment cannot start on 1999-12-31: give a day from 2020-01-01 to 2027-03-10."));
        putJson(base + "/enrolment", "{\"since\":\"2026-01-05\",\"vehicleIdTag\":\"04A2B3C4\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("vehicle"));
        putJson(base + "/enrolment", "{\"since\":\"2026-01-05\",\"vehicle\":\"Kia\",\"vehicleIdTag\":\""
                + "x".repeat(21) + "\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("vehicleIdTag"));
        mvc.perform(get(base + "/2026-13")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("'2026-13' is not a month: write it as yyyy-MM, e.g. 2026-03."));
        mvc.perform(get(base + "/march")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("month"));
        // nothing of it was stored
        assertThat(jdbc.sql("SELECT COUNT(*) FROM smart_charging_enrolment WHERE location_id = ?").param(location)
                .query(Long.class).single()).isZero();
    }

    @Test
    void anotherAccountsAddressIsOneThatDoesNotExistAndAnEnrolmentGoesWithItsAddress() throws Exception {
        TestHousehold.token(context, "neighbour-sc");
        long theirs = jdbc.sql("SELECT l.id FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = ?")
                .param("neighbour-sc").query(Long.class).single();
        String path = "/api/locations/" + theirs + "/smart-charging";
        for (String get : List.of("/eligibility", "/enrolment", "/months", "/2026-01")) {
            mvc.perform(get(path + get)).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.error").value("You have no address " + theirs + "."));
        }
        putJson(path + "/enrolment", "{\"since\":\"2026-01-05\"}").andExpect(status().isNotFound());
        // even a bad month or a bad body is answered 404 first: nothing about the address leaks through
        mvc.perform(get(path + "/not-a-month")).andExpect(status().isNotFound());
        putJson(path + "/enrolment", "{\"targetPercent\":500}").andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM smart_charging_enrolment WHERE location_id = ?").param(theirs)
                .query(Long.class).single()).isZero();

        // an address of her own, enrolled, then removed: the enrolment goes with it
        String added = mvc.perform(post("/api/locations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Zomerhuis\",\"source\":\"import\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long holiday = JsonMapper.builder().build().readTree(added).get("id").asLong();
        putJson("/api/locations/" + holiday + "/smart-charging/enrolment", "{\"since\":\"2026-01-05\"}")
                .andExpect(status().isOk());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM smart_charging_enrolment WHERE location_id = ?").param(holiday)
                .query(Long.class).single()).isOne();
        mvc.perform(delete("/api/locations/" + holiday)).andExpect(status().isNoContent());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM smart_charging_enrolment WHERE location_id = ?").param(holiday)
                .query(Long.class).single()).isZero();
    }
}
