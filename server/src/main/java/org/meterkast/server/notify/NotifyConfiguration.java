package org.meterkast.server.notify;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Notifications without accounts: nobody to e-mail, so they stay in the app. Also runs the periodic checks. */
@Configuration
@EnableScheduling
class NotifyConfiguration {
    @Bean
    @ConditionalOnMissingBean(MeterRecipients.class)
    MeterRecipients nobodyToMail() {
        return meterId -> List.of();
    }
}
