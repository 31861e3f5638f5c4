package org.meterkast.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedMeter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What {@code /latest} (and so each live event) tells the meter and capacity pages: real Fluvius telegrams' registers,
 * month peak, breaker, limiter and coupled meters, and the running quarter with its projection.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LiveApiTest {
    /** Every request is signed in as an account holding the test's meters. */
    @org.springframework.boot.test.context.TestConfiguration
    static class SignedIn {
        @org.springframework.context.annotation.Bean
        org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer signedIn(
                org.springframework.context.ApplicationContext context) {
            return org.meterkast.server.SignedInMockMvc.holding(context, "gent", "antwerp", "sim", "old", "kortrijk");
        }
    }

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        Path folder = Files.createTempDirectory("live-api");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("live.db"));
        registry.add("meterkast.meters.gent.type", () -> "none");
        registry.add("meterkast.meters.antwerp.type", () -> "none");
        registry.add("meterkast.meters.sim.type", () -> "none");
        registry.add("meterkast.meters.old.type", () -> "none");
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRepository meters;
    @Autowired
    ApplicationEventPublisher events;

    private static Telegram telegram(String name) throws IOException {
        try (InputStream in = LiveApiTest.class.getResourceAsStream("/telegrams/" + name)) {
            return new TelegramParser().parse(in.readAllBytes());
        }
    }

    private void receive(String meter, Telegram t) {
        events.publishEvent(new TelegramReceived(meter, t.timestamp().orElseThrow(), t));
    }

    @Test
    void aRealTelegramWithGasShowsItsRegistersPeakBreakerLimiterAndTheQuarterHeadingTo132Watts() throws Exception {
        meters.register("gent", "none");
        receive("gent", telegram("fluvius-v217-ha-core-107813-1.txt"));

        mvc.perform(get("/api/meters/gent/latest"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.time").value("2024-01-12T22:17:55Z"))
                .andExpect(jsonPath("$.registers.importDay").value(116_372))      // 1.8.1
                .andExpect(jsonPath("$.registers.importNight").value(62_192))     // 1.8.2
                .andExpect(jsonPath("$.registers.exportDay").value(112_716))      // 2.8.1
                .andExpect(jsonPath("$.registers.exportNight").value(42_757))     // 2.8.2
                .andExpect(jsonPath("$.importW").value(134))                      // 1.7.0
                .andExpect(jsonPath("$.exportW").value(0))                        // 2.7.0
                .andExpect(jsonPath("$.tariff").value("night"))                   // 96.14.0(0002)
                .andExpect(jsonPath("$.meter.equipmentId").value("1SAG3105056625"))
                // 1.6.0(240107190000W)(02.485*kW): 19:00 on 7 January, winter time
                .andExpect(jsonPath("$.meter.monthPeak.watts").value(2_485))
                .andExpect(jsonPath("$.meter.monthPeak.at").value("2024-01-07T18:00:00Z"))
                .andExpect(jsonPath("$.meter.breaker").value("connected"))         // 96.3.10(1)
                .andExpect(jsonPath("$.meter.limiterW").value(999_900))           // 17.0.0(999.9*kW)
                .andExpect(jsonPath("$.meter.limited").value(false))
                .andExpect(jsonPath("$.meter.coupled.length()").value(1))
                .andExpect(jsonPath("$.meter.coupled[0].channel").value(1))
                .andExpect(jsonPath("$.meter.coupled[0].deviceType").value(3))
                .andExpect(jsonPath("$.meter.coupled[0].medium").value("gas"))
                .andExpect(jsonPath("$.meter.coupled[0].serial").value("7FLO2123006385"))
                .andExpect(jsonPath("$.meter.coupled[0].serialSays").value("gas"))
                .andExpect(jsonPath("$.meter.coupled[0].reading").value(338.711))
                .andExpect(jsonPath("$.meter.coupled[0].unit").value("m3"))
                .andExpect(jsonPath("$.meter.coupled[0].readAt").value("2024-01-12T22:16:46Z"))
                // 1.4.0 25 W, 175 s into the 23:15 quarter, 134 W drawn for the 725 s left
                .andExpect(jsonPath("$.quarter.start").value("2024-01-12T22:15:00Z"))
                .andExpect(jsonPath("$.quarter.end").value("2024-01-12T22:30:00Z"))
                .andExpect(jsonPath("$.quarter.averageW").value(25))
                .andExpect(jsonPath("$.quarter.source").value("meter"))
                .andExpect(jsonPath("$.quarter.powerW").value(134))
                .andExpect(jsonPath("$.quarter.projectedW").value(132))
                .andExpect(jsonPath("$.quarter.monthPeakW").value(2_485))
                .andExpect(jsonPath("$.quarter.headingAbovePeak").value(false));
    }

    @Test
    void waterOnChannelOneAndGasOnChannelTwoAreToldApartByDeviceTypeAndBySerial() throws Exception {
        meters.register("antwerp", "none");
        receive("antwerp", telegram("fluvius-v217-water-ch1-gas-ch2-p1dongel.txt"));

        mvc.perform(get("/api/meters/antwerp/latest"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.netW").value(-1_739))                      // injecting 1.739 kW
                .andExpect(jsonPath("$.tariff").value("day"))
                .andExpect(jsonPath("$.meter.coupled[0].medium").value("water"))
                .andExpect(jsonPath("$.meter.coupled[0].deviceType").value(7))
                .andExpect(jsonPath("$.meter.coupled[0].serial").value("8SET0000837964"))
                .andExpect(jsonPath("$.meter.coupled[0].serialSays").value("water"))
                .andExpect(jsonPath("$.meter.coupled[0].reading").value(3.83))
                .andExpect(jsonPath("$.meter.coupled[1].channel").value(2))
                .andExpect(jsonPath("$.meter.coupled[1].medium").value("gas"))
                .andExpect(jsonPath("$.meter.coupled[1].serial").value("7FLO2123015189"))
                .andExpect(jsonPath("$.meter.coupled[1].serialSays").value("gas"))
                .andExpect(jsonPath("$.meter.coupled[1].reading").value(107.812))
                // exporting: 1.4.0 is 0 and nothing is drawn, so the quarter stays at 0
                .andExpect(jsonPath("$.quarter.averageW").value(0))
                .andExpect(jsonPath("$.quarter.projectedW").value(0))
                .andExpect(jsonPath("$.meter.monthPeak.watts").value(4_509));
    }

    @Test
    void aMeterWithout140GetsItsRunningQuarterFromItsRegistersCloseToWhatTheMeterSays() throws Exception {
        meters.register("sim", "none");
        meters.register("old", "none");
        // a simulated household at dinner time, from before the 18:30 quarter to 18:40: the same telegrams to
        // "sim", and without 1-0:1.4.0 to "old", as a meter from before the capacity tariff sends them
        Instant start = LocalDateTime.parse("2025-01-15T18:29:00").atZone(BRUSSELS).toInstant();
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(31)), start);
        Telegram last = null;
        for (int s = 1; s <= 660; s++) {
            last = meter.next(start.plusSeconds(s));
            receive("sim", last);
            receive("old", last.toBuilder().clear(Measurement.CURRENT_AVERAGE_DEMAND).build());
        }
        long meterSays = last.currentAverageDemand().getAsLong();
        assertThat(meterSays).isPositive();

        mvc.perform(get("/api/meters/sim/latest"))
                .andExpect(jsonPath("$.quarter.source").value("meter"))
                .andExpect(jsonPath("$.quarter.averageW").value(meterSays));
        String old = mvc.perform(get("/api/meters/old/latest"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.quarter.source").value("registers"))
                .andExpect(jsonPath("$.quarter.start").value(
                        LocalDateTime.parse("2025-01-15T18:30:00").atZone(BRUSSELS).toInstant().toString()))
                .andReturn().getResponse().getContentAsString();
        long fromRegisters = Long.parseLong(old.replaceAll(".*\"averageW\":(\\d+).*", "$1"));
        // registers count whole Wh: 4 W of the average per Wh, one Wh lost at each end
        assertThat(fromRegisters).isBetween(meterSays - 8, meterSays + 8);
    }

    @Test
    void aTelegramNotNewerThanTheMetersLastOneIsNotShown() throws Exception {
        meters.register("gent", "none");
        Instant start = Instant.parse("2025-02-03T09:00:00Z");
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(5)), start);
        Telegram first = meter.next(start.plusSeconds(1));
        Telegram second = meter.next(start.plusSeconds(2));
        events.publishEvent(new TelegramReceived("gent", start.plusSeconds(2), second));
        // the broker brings the same telegram again, and an older one late
        events.publishEvent(new TelegramReceived("gent", start.plusSeconds(3), second));
        events.publishEvent(new TelegramReceived("gent", start.plusSeconds(4), first));

        mvc.perform(get("/api/meters/gent/latest"))
                .andExpect(jsonPath("$.time").value(start.plusSeconds(2).toString()))
                .andExpect(jsonPath("$.receivedAt").value(start.plusSeconds(2).toString()));
        mvc.perform(get("/api/meters/gent/power"))
                .andExpect(jsonPath("$.length()").value(1));
    }

    @Test
    void aMeterWhoseClockWentBackIsShownAgainAMinuteLater() throws Exception {
        meters.register("kortrijk", "none");
        Instant start = Instant.parse("2025-02-04T09:00:00Z");
        Instant hour = start.plusSeconds(3_600);
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(6)), start);
        events.publishEvent(new TelegramReceived("kortrijk", hour, meter.next(hour)));
        // the meter's clock is set back an hour: its next telegrams are older than the one shown
        SimulatedMeter setBack = new SimulatedMeter(new Household(HouseholdSettings.defaults(6)), start);
        events.publishEvent(new TelegramReceived("kortrijk", hour.plusSeconds(10), setBack.next(start.plusSeconds(10))));
        mvc.perform(get("/api/meters/kortrijk/latest"))
                .andExpect(jsonPath("$.time").value(hour.toString()));
        events.publishEvent(new TelegramReceived("kortrijk", hour.plusSeconds(61), setBack.next(start.plusSeconds(61))));
        mvc.perform(get("/api/meters/kortrijk/latest"))
                .andExpect(jsonPath("$.time").value(start.plusSeconds(61).toString()))
                .andExpect(jsonPath("$.receivedAt").value(hour.plusSeconds(61).toString()));
    }
}
