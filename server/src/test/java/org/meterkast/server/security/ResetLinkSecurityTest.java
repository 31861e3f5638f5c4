package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.meterkast.server.TestServer;
import org.meterkast.server.TestSmtp;
import org.meterkast.server.account.AccountService;
import org.meterkast.server.account.Browser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

/**
 * Password-reset link poisoning: an anonymous reset request that names the victim and carries {@code Host:
 * evil.example} must never mail a link to evil.example. Links come from {@code meterkast.public-url} alone; without
 * it no reset mail goes out at all.
 */
class ResetLinkSecurityTest {
    static final Path FOLDER = folder();
    @RegisterExtension
    static final TestSmtp smtp = new TestSmtp();

    /** The request an attacker sends: the victim's address, and the attacker's host in every header that could count. */
    static RawHttp.Answer poisonedReset(int port) {
        String csrf = new Browser(port).open().csrf();
        return RawHttp.post(port, "/api/account/password-reset", Map.of(
                "Host", "evil.example",
                "X-Forwarded-Host", "evil.example",
                "X-Forwarded-Proto", "https",
                "Cookie", "XSRF-TOKEN=" + csrf,
                "X-XSRF-TOKEN", csrf), "{\"email\":\"victim@example.be\"}");
    }

    /** A server of its own for each setting, holding the victim's account; no mail has come in when a test starts. */
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    abstract static class AServerWithAVictim {
        @LocalServerPort
        int port;
        @Autowired
        AccountService accounts;

        @BeforeEach
        void victim() throws Exception {
            if (accounts.fresh()) {
                accounts.register("victim@example.be", "victims-own-password", "Victim", "en");
            }
            smtp.purgeEmailFromAllMailboxes();
        }
    }

    @Nested
    class WithoutAPublicUrl extends AServerWithAVictim {
        @DynamicPropertySource
        static void settings(DynamicPropertyRegistry registry) {
            TestServer.sqliteWithoutAMeterAtHome(registry, FOLDER.resolve("without-url.db"));
            smtp.mail(registry);
        }

        @Test
        void aResetIsRefusedWithAClearMessageAndNoMailGoesOut() throws Exception {
            RawHttp.Answer answer = poisonedReset(port);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.text()).contains("meterkast.public-url").doesNotContain("evil.example");
            assertThat(smtp.waitForIncomingEmail(2_000, 1)).isFalse();
            assertThat(smtp.getReceivedMessages()).isEmpty();
        }
    }

    @Nested
    class WithAPublicUrl extends AServerWithAVictim {
        @DynamicPropertySource
        static void settings(DynamicPropertyRegistry registry) {
            TestServer.sqliteWithoutAMeterAtHome(registry, FOLDER.resolve("with-url.db"));
            smtp.mail(registry, "https://meterkast.example.be/");
        }

        @Test
        void theLinkIsThePublicUrlWhateverTheHostHeaderSays() throws Exception {
            RawHttp.Answer answer = poisonedReset(port);
            assertThat(answer.status()).isEqualTo(202);
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage[] mails = smtp.getReceivedMessages();
            assertThat(mails).hasSize(1);
            String body = mails[0].getContent().toString();
            assertThat(body).contains("https://meterkast.example.be/#reset/").doesNotContain("evil.example")
                    .doesNotContain("127.0.0.1");
        }
    }

    private static Path folder() {
        try {
            return Files.createTempDirectory("reset-link");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
