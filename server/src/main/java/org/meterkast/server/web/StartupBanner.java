package org.meterkast.server.web;

import java.util.Locale;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Says where Meterkast can be reached once the web server listens, on standard output where a newcomer looks,
 * in the language of the machine it runs on.
 */
@Component
class StartupBanner implements ApplicationListener<WebServerInitializedEvent> {
    private final MessageSource messages;

    StartupBanner(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String base = "http://localhost:" + event.getWebServer().getPort();
        Locale locale = Locale.getDefault();
        System.out.println();
        System.out.println(messages.getMessage("banner.running", new Object[] {base + "/api/meters"}, locale));
        System.out.println("  " + messages.getMessage("banner.web", new Object[] {base + "/"}, locale));
        System.out.println("  " + messages.getMessage("banner.stop", null, locale));
        System.out.println();
    }
}
