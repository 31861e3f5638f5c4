package org.meterkast.server.notify;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.web.BadParameterException;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A meter's notifications, newest first, worded in the language the request asks for; and marking one read. */
@RestController
class NotificationController {
    /** A notification as the app shows it. */
    record NotificationView(long id, String kind, String state, String title, String text, Instant createdAt,
                            Instant readAt) {
    }

    private final Notifications notifications;
    private final MeterRepository meters;
    private final MessageSource messages;

    NotificationController(Notifications notifications, MeterRepository meters, MessageSource messages) {
        this.notifications = notifications;
        this.meters = meters;
        this.messages = messages;
    }

    @GetMapping("/api/meters/{id}/notifications")
    List<NotificationView> list(@PathVariable("id") String id, Locale locale) {
        return notifications.of(meters.require(id)).stream().map(n -> view(n, locale)).toList();
    }

    @PostMapping("/api/meters/{id}/notifications/{n}/read")
    ResponseEntity<Void> read(@PathVariable("id") String id, @PathVariable("n") long n) {
        Meter meter = meters.require(id);
        if (!notifications.markRead(meter, n)) {
            throw new BadParameterException("n", "error.notification.unknown", Long.toString(n), meter.name());
        }
        return ResponseEntity.noContent().build();
    }

    private NotificationView view(Notification n, Locale locale) {
        Object[] args = n.formatArguments();
        return new NotificationView(n.id(), n.kind(), n.state(), messages.getMessage(n.key("title"), args, locale),
                messages.getMessage(n.key("text"), args, locale), n.createdAt(), n.readAt());
    }
}
