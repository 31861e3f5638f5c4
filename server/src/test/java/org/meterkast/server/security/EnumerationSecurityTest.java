package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.meterkast.server.TestServer;
import org.meterkast.server.TestSmtp;
import org.meterkast.server.account.AccountService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a stranger learns and floods without an account: registrations are throttled per client address, a taken
 * e-mail is not echoed back, a reset request answers the same (202, at once) for a known and an unknown address and
 * sends at most a few mails an hour to one address, and registration can be by invitation or closed. Each client of
 * a test comes from an address of its own, so the throttles of one test do not touch another.
 */
class EnumerationSecurityTest {
    static final Path FOLDER = folder();
    static final JsonMapper JSON = JsonMapper.builder().build();
    @RegisterExtension
    static final TestSmtp smtp = new TestSmtp();

    static void settings(DynamicPropertyRegistry registry, String database, String registration) {
        TestServer.sqliteWithoutAMeterAtHome(registry, FOLDER.resolve(database));
        smtp.mail(registry, "https://meterkast.example.be");
        registry.add("meterkast.accounts.registration", () -> registration);
    }

    static MockHttpServletResponse register(MockMvc mvc, String from, String json) throws Exception {
        return mvc.perform(post("/api/account/register").with(csrf()).with(r -> {
            r.setRemoteAddr(from);
            return r;
        }).contentType(MediaType.APPLICATION_JSON).content(json)).andReturn().getResponse();
    }

    static MockHttpServletResponse reset(MockMvc mvc, String from, String email) throws Exception {
        return mvc.perform(post("/api/account/password-reset").with(csrf()).with(r -> {
            r.setRemoteAddr(from);
            return r;
        }).contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"" + email + "\"}")).andReturn().getResponse();
    }

    /** The owner registers first on a fresh install, from this address: 201, and the account is the administrator. */
    static MockHttpServletResponse theFirstRegistersAsAdministrator(MockMvc mvc, String from) throws Exception {
        MockHttpServletResponse first = register(mvc, from,
                "{\"email\":\"owner@example.be\",\"password\":\"the-owners-word\"}");
        assertThat(first.getStatus()).isEqualTo(201);
        assertThat(json(first).get("administrator").asBoolean()).isTrue();
        return first;
    }

    static JsonNode json(MockHttpServletResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString());
    }

    static String registration(MockMvc mvc) throws Exception {
        return json(mvc.perform(get("/api/session")).andReturn().getResponse()).get("registration").asString();
    }

    /** A server of its own for each registration setting, called through MockMvc. */
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @SpringBootTest
    @AutoConfigureMockMvc
    abstract static class AServer {
        @Autowired
        MockMvc mvc;
        @Autowired
        AccountService accounts;
    }

    @Nested
    class Open extends AServer {
        @DynamicPropertySource
        static void settings(DynamicPropertyRegistry registry) {
            EnumerationSecurityTest.settings(registry, "open.db", "open");
        }

        @Autowired
        JdbcClient jdbc;

        @Test
        void theAppIsToldRegistrationIsOpen() throws Exception {
            assertThat(registration(mvc)).isEqualTo("open");
        }

        @Test
        void registrationsFromOneAddressAreThrottled() throws Exception {
            List<Integer> statuses = new ArrayList<>();
            MockHttpServletResponse last = null;
            for (int i = 0; i < 12; i++) {
                last = register(mvc, "192.0.2.10", "{\"email\":\"burst" + i + "@example.be\",\"password\":\"flooding-" + i
                        + "-times\"}");
                statuses.add(last.getStatus());
            }
            assertThat(statuses).containsExactly(201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 429, 429);
            assertThat(Long.parseLong(last.getHeader("Retry-After"))).isBetween(1L, 3600L);
            assertThat(json(last).get("error").asString()).isEqualTo("Too many registrations from here. Try again in 60 minutes.");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE email LIKE 'burst%'").query(Long.class).single())
                    .isEqualTo(10);
            // another address is not held up
            assertThat(register(mvc, "192.0.2.11", "{\"email\":\"neighbour@example.be\",\"password\":\"a-neighbours-word\"}")
                    .getStatus()).isEqualTo(201);
        }

        @Test
        void aTakenAddressIsNotEchoedBack() throws Exception {
            accounts.register("taken@example.be", "someone-has-it", "Taken", "en");
            MockHttpServletResponse twice = register(mvc, "192.0.2.20",
                    "{\"email\":\"taken@example.be\",\"password\":\"trying-it-again\"}");
            assertThat(twice.getStatus()).isEqualTo(409);
            assertThat(json(twice).get("error").asString()).doesNotContain("taken@example.be")
                    .isEqualTo("An account with this e-mail address exists already. Log in, or use \"forgot password\".");
        }

        @Test
        void aResetAnswersAlikeForAKnownAndAnUnknownAddressAndMailsAfterwards() throws Exception {
            accounts.register("known@example.be", "known-persons-word", "Known", "en");
            smtp.purgeEmailFromAllMailboxes();
            Instant start = Instant.now();
            MockHttpServletResponse unknown = reset(mvc, "192.0.2.30", "unknown@example.be");
            MockHttpServletResponse known = reset(mvc, "192.0.2.30", "known@example.be");
            assertThat(unknown.getStatus()).isEqualTo(202);
            assertThat(known.getStatus()).isEqualTo(202);
            assertThat(unknown.getContentAsString()).isEqualTo(known.getContentAsString());
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
            // the mail is sent by the mail thread, after the answer
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage[] mails = smtp.getReceivedMessages();
            assertThat(mails).hasSize(1);
            assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("known@example.be");
        }

        @Test
        void thirtyResetRequestsForOneAddressSendThreeMails() throws Exception {
            accounts.register("flooded@example.be", "flooded-persons-word", "Flooded", "en");
            smtp.purgeEmailFromAllMailboxes();
            List<Integer> statuses = new ArrayList<>();
            MockHttpServletResponse last = null;
            for (int i = 0; i < 30; i++) {
                last = reset(mvc, "192.0.2.40", "flooded@example.be");
                statuses.add(last.getStatus());
            }
            // ten a quarter of an hour from one address, then 429; of those ten only three mail the address
            assertThat(statuses.subList(0, 10)).containsOnly(202);
            assertThat(statuses.subList(10, 30)).containsOnly(429);
            assertThat(Long.parseLong(last.getHeader("Retry-After"))).isBetween(1L, 15 * 60L);
            // from other addresses, the target address still gets no more mails this hour
            for (int i = 0; i < 5; i++) {
                assertThat(reset(mvc, "192.0.2." + (41 + i), "flooded@example.be").getStatus()).isEqualTo(202);
            }
            assertThat(smtp.waitForIncomingEmail(10_000, 3)).isTrue();
            assertThat(smtp.waitForIncomingEmail(2_000, 4)).isFalse();
            assertThat(smtp.getReceivedMessages()).hasSize(3);
        }
    }

    @Nested
    class Invite extends AServer {
        @DynamicPropertySource
        static void settings(DynamicPropertyRegistry registry) {
            EnumerationSecurityTest.settings(registry, "invite.db", "invite");
        }

        @Test
        void registeringNeedsAnInvitationAnAdministratorMade() throws Exception {
            assertThat(registration(mvc)).isEqualTo("invite");
            // the first person of a fresh install needs none, and is the administrator
            MockHttpServletResponse first = theFirstRegistersAsAdministrator(mvc, "192.0.2.50");

            MockHttpServletResponse without = register(mvc, "192.0.2.51",
                    "{\"email\":\"stranger@example.be\",\"password\":\"a-strangers-word\"}");
            assertThat(without.getStatus()).isEqualTo(403);
            assertThat(json(without).get("error").asString()).startsWith("Registration on this Meterkast server needs an invitation");
            assertThat(register(mvc, "192.0.2.51", "{\"email\":\"stranger@example.be\",\"password\":\"a-strangers-word\","
                    + "\"invitation\":\"made-up\"}").getStatus()).isEqualTo(403);

            // a household that is no administrator makes none
            String household = "Bearer " + accounts.issueToken(
                    accounts.register("household@example.be", "a-households-word", "H", "en").id(), "t").token();
            MockHttpServletResponse refused = mvc.perform(post("/api/account/invitations").header("Authorization", household))
                    .andReturn().getResponse();
            assertThat(refused.getStatus()).isEqualTo(403);

            String owner = "Bearer " + accounts.issueToken(json(first).get("id").asLong(), "t").token();
            MockHttpServletResponse made = mvc.perform(post("/api/account/invitations").header("Authorization", owner))
                    .andReturn().getResponse();
            assertThat(made.getStatus()).isEqualTo(201);
            String code = json(made).get("code").asString();
            Instant expires = Instant.parse(json(made).get("expires").asString());
            assertThat(expires).isBetween(Instant.now().plus(Duration.ofDays(7)).minusSeconds(60),
                    Instant.now().plus(Duration.ofDays(7)).plusSeconds(60));

            String invited = "{\"email\":\"invited@example.be\",\"password\":\"an-invited-word\",\"invitation\":\"" + code + "\"}";
            MockHttpServletResponse in = register(mvc, "192.0.2.52", invited);
            assertThat(in.getStatus()).isEqualTo(201);
            assertThat(json(in).get("administrator").asBoolean()).isFalse();
            // once
            assertThat(register(mvc, "192.0.2.53", invited.replace("invited@", "second@")).getStatus()).isEqualTo(403);
        }
    }

    @Nested
    class Closed extends AServer {
        @DynamicPropertySource
        static void settings(DynamicPropertyRegistry registry) {
            EnumerationSecurityTest.settings(registry, "closed.db", "closed");
        }

        @Test
        void onlyTheFirstPersonOfAFreshInstallRegisters() throws Exception {
            assertThat(registration(mvc)).isEqualTo("closed");
            theFirstRegistersAsAdministrator(mvc, "192.0.2.60");
            MockHttpServletResponse second = register(mvc, "192.0.2.61",
                    "{\"email\":\"stranger@example.be\",\"password\":\"a-strangers-word\"}");
            assertThat(second.getStatus()).isEqualTo(403);
            assertThat(json(second).get("error").asString())
                    .isEqualTo("Registration is closed on this Meterkast server. Ask its administrator for an account.");
        }
    }

    private static Path folder() {
        try {
            return Files.createTempDirectory("enumeration");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
