package org.meterkast.server.account;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.server.account.AccountService.ResetLink;
import org.meterkast.server.account.AccountService.VerificationLink;
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
 * E-mails about an account: the password-reset and e-mail verification links. Sent through the SMTP server of
 * {@code spring.mail.*}, off the request thread by one sender with a bounded queue, so a request for a known address
 * takes as long as one for an unknown address and a flood of requests cannot pile up mails or threads. The links
 * point only at {@code meterkast.public-url}, never at the address a request came in on, which an attacker chooses;
 * without SMTP or without a public URL no link is sent, and the request is refused rather than silently dropped.
 */
@Component
class AccountMail {
    private static final Logger log = LoggerFactory.getLogger(AccountMail.class);
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private final ObjectProvider<JavaMailSender> sender;
    private final MessageSource messages;
    private final String from;
    private final String publicUrl;
    private final ThreadPoolExecutor queue;
    private final AtomicLong dropped = new AtomicLong();

    AccountMail(ObjectProvider<JavaMailSender> sender, MessageSource messages,
                @Value("${meterkast.mail.from:meterkast@localhost}") String from,
                @Value("${meterkast.public-url:}") String publicUrl,
                @Value("${meterkast.mail.queue:100}") int queued) {
        this.sender = sender;
        this.messages = messages;
        this.from = from;
        this.publicUrl = publicUrl.isBlank() ? "" : publicUrl.strip().endsWith("/") ? publicUrl.strip()
                : publicUrl.strip() + "/";
        this.queue = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued), task -> {
            Thread thread = new Thread(task, "account-mail");
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> {
            dropped.incrementAndGet();
            log.warn("the account mail queue is full: a mail was dropped ({} so far)", dropped.get());
        });
    }

    /** Why no link can be mailed (the message key), or empty when links can be: SMTP and a public URL are set. */
    Optional<String> cannotSendLinks() {
        if (sender.getIfAvailable() == null) {
            return Optional.of("account.reset.no-mail");
        }
        return publicUrl.isEmpty() ? Optional.of("account.mail.no-public-url") : Optional.empty();
    }

    /** Runs the work of a mail (looking up the account, storing the link, sending) on the mail thread. */
    void later(Runnable work) {
        queue.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("an account mail failed: {}", e.toString());
            }
        });
    }

    /** Mails dropped because the queue was full, since the start. */
    long dropped() {
        return dropped.get();
    }

    /** Sends the reset link; false when the SMTP server refused it (logged). */
    boolean sendReset(ResetLink reset) {
        var locale = reset.account().locale();
        String link = publicUrl + "#reset/" + reset.secret();
        return send(reset.account().email(), messages.getMessage("mail.reset.subject", null, locale),
                messages.getMessage("mail.reset.body", new Object[] {reset.account().name(), link,
                        until(reset.expires(), locale)}, locale));
    }

    /** Sends the link that proves the account's e-mail address; false when the SMTP server refused it (logged). */
    boolean sendVerification(VerificationLink verification) {
        var account = verification.account();
        var locale = account.locale();
        String link = publicUrl + "#verify/" + verification.secret();
        return send(account.email(), messages.getMessage("mail.verify.subject", null, locale),
                messages.getMessage("mail.verify.body", new Object[] {account.name(), account.email(), link,
                        until(verification.expires(), locale)}, locale));
    }

    private static String until(Instant expires, java.util.Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale).format(expires.atZone(BRUSSELS));
    }

    private boolean send(String to, String subject, String text) {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(to);
        mail.setSubject(subject);
        mail.setText(text);
        try {
            sender.getObject().send(mail);
            return true;
        } catch (MailException e) {
            log.warn("could not send a mail to {}: {}", to, e.getMessage());
            return false;
        }
    }

    @PreDestroy
    void stop() {
        queue.shutdown();
    }
}
