package org.meterkast.server.notify;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the periodic checks. The recipients of a meter's e-mails are the accounts': {@code location.AccountRecipients}. */
@Configuration
@EnableScheduling
class NotifyConfiguration {
}
