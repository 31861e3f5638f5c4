package org.meterkast.server.prepaid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.meterkast.server.MovableClock;
import org.meterkast.energy.fluvius.FluviusCsvParser;
import org.meterkast.p1.TelegramParser;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.notify.MeterRecipients;
import org.meterkast.server.notify.Recipient;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * One household through a month of Prepaid on a real meter's quarters (the Mijn Fluvius export of 12 to 31 October
 * 2021, 18 kWh in 20 days): a € 5.50 top-up, the warning at € 5, the emergency credit, limited power, a € 6 top-up
 * that repays debt, the weekly amounts, and the meter's breaker opening; each balance to the cent, and what the
 * household was told, in the app and by e-mail through a real SMTP server, once per change.
 *
 * <p>The household is small, so its terms are small too: € 2 of emergency credit and € 1.00 of fixed amount each
 * week, € 0.50 of weekly repayment; the rules are those of € 50. The expected balances were worked out apart from
 * the ledger, by summing the export's quarters at 0.40 €/kWh (day) and 0.30 €/kWh (night) in time order.
 */
@SpringBootTest
@AutoConfigureMockMvc
class PrepaidMonthWalkTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final String EXPORT =
            "/fluvius/Verbruikshistoriek_elektriciteit_123456789123456789_20211012_20240929_kwartiertotalen.csv";
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final MovableClock CLOCK = new MovableClock(local("2021-10-12T00:00"));

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path folder = Files.createTempDirectory("prepaid-walk");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("walk.db"));
        registry.add("meterkast.meters.walk.type", () -> "none");
        // the test runs the periodic check itself, at the times it walks to
        registry.add("meterkast.prepaid.check-every", () -> "PT24H");
        SMTP.start();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @TestConfiguration
    static class Household {
        /** Every request is signed in as an account holding the meter walk. */
        @Bean
        org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer signedIn(
                org.springframework.context.ApplicationContext context) {
            return org.meterkast.server.SignedInMockMvc.holding(context, "walk");
        }

        @Bean
        @Primary
        MovableClock movableClock() {
            return CLOCK;
        }

        /** An in Dutch, Luc in French. */
        @Bean
        @Primary
        MeterRecipients walkers() {
            return meter -> meter.equals("walk") ? List.of(new Recipient("an@example.be", Locale.forLanguageTag("nl")),
                    new Recipient("luc@example.be", Locale.FRENCH)) : List.of();
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRepository meters;
    @Autowired
    QuarterRepository quarters;
    @Autowired
    PrepaidWatch watch;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    JdbcTemplate jdbc;

    private static Instant local(String text) {
        return LocalDateTime.parse(text).atZone(BRUSSELS).toInstant();
    }

    /** The clock at this Brussels time, and the periodic check as the scheduler runs it. */
    private void at(String localTime) {
        CLOCK.set(local(localTime));
        watch.checkAll();
    }

    private ResultActions prepaid(String language) throws Exception {
        return mvc.perform(get("/api/meters/walk/prepaid").header("Accept-Language", language))
                .andExpect(status().isOk());
    }

    private ResultActions expect(String state, String balance, String debt) throws Exception {
        return prepaid("en").andExpect(jsonPath("$.state").value(state))
                .andExpect(jsonPath("$.status.balance").value(Double.parseDouble(balance)))
                .andExpect(jsonPath("$.status.debt").value(Double.parseDouble(debt)));
    }

    private List<MimeMessage> mails() {
        return Arrays.asList(SMTP.getReceivedMessages());
    }

    /** The mails one recipient received, oldest first. */
    private List<MimeMessage> mailsTo(String to) throws Exception {
        var out = new java.util.ArrayList<MimeMessage>();
        for (MimeMessage m : mails()) {
            if (m.getAllRecipients()[0].toString().equals(to)) {
                out.add(m);
            }
        }
        return out;
    }

    private String lastSubjectTo(String to) throws Exception {
        List<MimeMessage> got = mailsTo(to);
        return got.get(got.size() - 1).getSubject();
    }

    private String lastBodyTo(String to) throws Exception {
        List<MimeMessage> got = mailsTo(to);
        return got.get(got.size() - 1).getContent().toString();
    }

    @Test
    void aMonthOfPrepaidOnRealQuarters() throws Exception {
        int walk = meters.register("walk", "none").id();
        try (InputStream in = getClass().getResourceAsStream(EXPORT)) {
            quarters.save(walk, FluviusCsvParser.parse(in).quarters());
        }

        mvc.perform(put("/api/meters/walk/prepaid/terms").contentType(MediaType.APPLICATION_JSON).content("""
                        {"since":"2021-10-12","dayPerKwh":0.40,"nightPerKwh":0.30,"fixedAmount":1.00,
                         "fixedPeriod":"WEEK","emergencyCredit":2.00,"weeklyRepayment":0.50}"""))
                .andExpect(status().isOk());
        mvc.perform(post("/api/meters/walk/prepaid/top-ups").contentType(MediaType.APPLICATION_JSON).content("""
                        {"at":"2021-10-12","amount":5.50,"channel":"shop"}"""))
                .andExpect(status().isCreated());
        expect("NORMAL", "5.50", "0.00");
        // where the household stood before its first top-up (no credit) is where it started, not news
        assertThat(mails()).isEmpty();

        // Tuesday 12 October: 0.47 used by 12:30, and the quarter to 12:45 reaches the warning
        at("2021-10-12T12:30");
        expect("NORMAL", "5.03", "0.00");
        at("2021-10-12T12:45");
        expect("LOW", "5.00", "0.00");
        assertThat(mails()).hasSize(2);
        assertThat(lastSubjectTo("an@example.be")).isEqualTo("Prepaid: uw tegoed is laag (€ 5,00)");
        assertThat(lastSubjectTo("luc@example.be")).isEqualTo("Prepaid : votre crédit est bas (5,00 €)");
        assertThat(lastBodyTo("luc@example.be")).contains("Votre crédit est de 5,00 €").contains("compteur walk");
        at("2021-10-12T13:00");
        assertThat(mails()).hasSize(2);

        // Monday 18 October: the week's fixed amount of 1.00 is taken
        at("2021-10-18T00:00");
        expect("LOW", "1.57", "0.00");

        // Thursday 21 October, 08:15: the last 0.07 of credit is used, 0.03 comes from the emergency credit
        at("2021-10-21T08:00");
        expect("LOW", "0.07", "0.00");
        at("2021-10-21T08:15");
        expect("EMERGENCY", "0.00", "0.03").andExpect(jsonPath("$.status.emergencyLeft").value(1.97));
        assertThat(mails()).hasSize(4);
        assertThat(lastSubjectTo("an@example.be")).isEqualTo("Prepaid: u gebruikt het noodkrediet");

        // Monday 25 October: the fixed amount comes out of the emergency credit too; at 15:15 it is used up
        at("2021-10-25T12:00");
        expect("EMERGENCY", "0.00", "1.96").andExpect(jsonPath("$.status.emergencyLeft").value(0.04));
        at("2021-10-25T15:15");
        expect("LIMITED", "0.00", "2.00").andExpect(jsonPath("$.status.emergencyLeft").value(0.00));
        assertThat(mails()).hasSize(6);
        assertThat(lastBodyTo("an@example.be"))
                .contains("het vermogen is beperkt tot 2.300 W").contains("Uw schuld is € 2,00");

        // Thursday 28 October: 1.32 more used under limited power; 9.49 would clear the debt of 3.32
        at("2021-10-28T17:45");
        expect("LIMITED", "0.00", "3.32").andExpect(jsonPath("$.status.topUpToClearDebt").value(9.49));
        CLOCK.set(local("2021-10-28T18:00"));
        mvc.perform(post("/api/meters/walk/prepaid/top-ups").contentType(MediaType.APPLICATION_JSON).content("""
                        {"amount":6.00,"channel":"online"}"""))
                .andExpect(status().isCreated());
        // 35 % of the € 6 (2.10) repays debt, 3.90 is credit: low again, which is told
        expect("LOW", "3.90", "1.22").andExpect(jsonPath("$.status.topUpToClearDebt").value(3.49))
                .andExpect(jsonPath("$.status.history[?(@.kind=='DEBT_REPAID_FROM_TOP_UP')].amount").value(2.10));
        assertThat(mails()).hasSize(8);

        // Monday 1 November 00:00: 0.45 used since, then the fixed 1.00 and the weekly repayment of 0.50
        at("2021-11-01T00:00");
        expect("LOW", "1.95", "0.72");
        assertThat(mails()).hasSize(8);

        // the meter opens its breaker: off, told at once, from the live telegram
        String text = "/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n0-0:1.0.0(211101000000W)\r\n"
                + "1-0:1.7.0(00.000*kW)\r\n1-0:2.7.0(00.000*kW)\r\n0-0:96.3.10(0)\r\n!0000\r\n";
        byte[] frame = text.getBytes(StandardCharsets.US_ASCII);
        events.publishEvent(new TelegramReceived("walk", CLOCK.instant(),
                new TelegramParser().parse(frame, 0, frame.length)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (mails().size() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(mails()).hasSize(10);
        assertThat(lastSubjectTo("luc@example.be"))
                .isEqualTo("Prepaid : le compteur a coupé le courant");
        prepaid("en").andExpect(jsonPath("$.state").value("OFF"))
                .andExpect(jsonPath("$.advice").value(containsString("press the button on the meter for 3 seconds")));

        // the same state again, as after a restart: the last state told is in the database, nothing is sent
        watch.checkAll();
        watch.checkAll();
        assertThat(mails()).hasSize(10);
        assertThat(jdbc.queryForObject("SELECT state FROM notified_state WHERE meter_id = ?", String.class, walk))
                .isEqualTo("OFF");

        // in the app: five notifications, newest first, in the reader's language
        mvc.perform(get("/api/meters/walk/notifications").header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(5))
                .andExpect(jsonPath("$[*].state").value(org.hamcrest.Matchers.contains(
                        "OFF", "LOW", "LIMITED", "EMERGENCY", "LOW")))
                .andExpect(jsonPath("$[2].title").value("Prepaid: power is limited to 2,300 W"))
                .andExpect(jsonPath("$[3].text").value(containsString("€ 1.97 of emergency credit is left")))
                .andExpect(jsonPath("$[0].readAt").value(nullValue()));
        String first = com.jayway.jsonpath.JsonPath.read(mvc.perform(get("/api/meters/walk/notifications"))
                .andReturn().getResponse().getContentAsString(), "$[0].id").toString();
        mvc.perform(post("/api/meters/walk/notifications/" + first + "/read")).andExpect(status().isNoContent());
        mvc.perform(get("/api/meters/walk/notifications").header("Accept-Language", "fr"))
                .andExpect(jsonPath("$[0].readAt").value("2021-10-31T23:00:00Z"))
                .andExpect(jsonPath("$[1].readAt").value(nullValue()))
                .andExpect(jsonPath("$[1].title").value("Prepaid : votre crédit est bas (3,90 €)"));
        mvc.perform(post("/api/meters/walk/notifications/999/read").header("Accept-Language", "nl"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("meter 'walk' heeft geen melding 999"));
    }
}
