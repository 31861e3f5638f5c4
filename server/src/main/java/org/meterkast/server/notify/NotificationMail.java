package org.meterkast.server.notify;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.server.store.Meter;
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
 * Sends a notification by e-mail to each of its meter's recipients, in each one's language. Without
 * {@code spring.mail.host} there is no mail sender: e-mail is off, the notifications stay in the app, and the log
 * says so once.
 */
@Component
class NotificationMail {
    private static final Logger log = LoggerFactory.getLogger(NotificationMail.class);

    private final JavaMailSender sender;
    private final MeterRecipients recipients;
    private final MessageSource messages;
    private final String from;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    NotificationMail(ObjectProvider<JavaMailSender> sender, MeterRecipients recipients, MessageSource messages,
                     @Value("${meterkast.notify.from:meterkast@localhost}") String from) {
        this.sender = sender.getIfAvailable();
        this.recipients = recipients;
        this.messages = messages;
        this.from = from;
        if (this.sender == null) {
            log.info("E-mail notifications are off: no spring.mail.host is set; notifications are kept in the app only");
        }
    }

    /** Mails it to each recipient; a recipient whose mail fails is logged and counted, the others still get theirs. */
    void send(Meter meter, Notification notification) {
        if (sender == null) {
            return;
        }
        List<Recipient> to = recipients.of(meter.name());
        for (Recipient r : to) {
            Object[] args = notification.formatArguments();
            var mail = new SimpleMailMessage();
            mail.setFrom(from);
            mail.setTo(r.email());
            mail.setSubject(messages.getMessage(notification.key("title"), args, r.language()));
            mail.setText(messages.getMessage(notification.key("text"), args, r.language()) + "\n\n"
                    + messages.getMessage("notify.mail.footer", new Object[] {meter.name()}, r.language()));
            try {
                sender.send(mail);
                sent.incrementAndGet();
            } catch (MailException e) {
                failed.incrementAndGet();
                log.warn("Notification {} of meter '{}' could not be mailed to {}: {}", notification.id(),
                        meter.name(), r.email(), e.getMessage());
            }
        }
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }
}
