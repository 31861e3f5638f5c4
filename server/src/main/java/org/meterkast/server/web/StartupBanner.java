package org.meterkast.server.web;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Says where Meterkast can be reached once the web server listens, on standard output where a newcomer looks. */
@Component
class StartupBanner implements ApplicationListener<WebServerInitializedEvent> {
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        System.out.println();
        System.out.println("Meterkast is running: http://localhost:" + port + "/api/meters");
        System.out.println("  live telegrams: http://localhost:" + port + "/api/meters/home/live   (Ctrl-C stops it)");
        System.out.println();
    }
}
