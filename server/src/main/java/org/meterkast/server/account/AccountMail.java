package org.meterkast.server.account;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.meterkast.server.account.AccountService.ResetLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mails about an account: the password-reset link. Sent through the SMTP server of {@code spring.mail.*}; with no
 * {@code spring.mail.host} there is no mail, and a reset is refused rather than silently dropped.
 */
@Component
class AccountMail {
    private static final Logger log = LoggerFactory.getLogger(AccountMail.class);
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private final ObjectProvider<JavaMailSender> sender;
    private final MessageSource messages;
    private final String from;

    AccountMail(ObjectProvider<JavaMailSender> sender, MessageSource messages,
                @Value("${meterkast.mail.from:meterkast@localhost}") String from) {
        this.sender = sender;
        this.messages = messages;
        this.from = from;
    }

    boolean canSend() {
        return sender.getIfAvailable() != null;
    }

    /** Sends the reset link; false when the SMTP server refused it (logged). */
    boolean sendReset(ResetLink reset, String appUrl) {
        var locale = reset.account().locale();
        String link = appUrl + "#reset/" + reset.secret();
        String until = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale)
                .format(reset.expires().atZone(BRUSSELS));
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(reset.account().email());
        mail.setSubject(messages.getMessage("mail.reset.subject", null, locale));
        mail.setText(messages.getMessage("mail.reset.body", new Object[] {reset.account().name(), link, until}, locale));
        try {
            sender.getObject().send(mail);
            return true;
        } catch (MailException e) {
            log.warn("could not send the password-reset mail to {}: {}", reset.account().email(), e.getMessage());
            return false;
        }
    }
}
