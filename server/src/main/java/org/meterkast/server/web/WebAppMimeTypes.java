package org.meterkast.server.web;

import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.stereotype.Component;

/**
 * The web app's manifest goes out as {@code application/manifest+json}, the type the PWA specification names;
 * the server's default table does not know the {@code .webmanifest} ending and would send it as bytes.
 */
@Component
class WebAppMimeTypes implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> {
    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        MimeMappings mappings = new MimeMappings();
        mappings.add("webmanifest", "application/manifest+json");
        factory.addMimeMappings(mappings);
    }
}
