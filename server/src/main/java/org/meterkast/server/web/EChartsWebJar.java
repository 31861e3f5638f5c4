package org.meterkast.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * ECharts at a path without its version, {@code /webjars/echarts/dist/echarts.min.js}, so that the web app and its
 * service worker name no version: the version is written once, in the Maven build ({@code echarts.version}), and
 * read here from the webjar's own {@code pom.properties}. The versioned path keeps working as well.
 */
@Configuration
class EChartsWebJar implements WebMvcConfigurer {
    private static final String POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    /** The version of the ECharts webjar on the class path. */
    static String version() {
        try (InputStream in = EChartsWebJar.class.getClassLoader().getResourceAsStream(POM)) {
            if (in == null) {
                throw new IllegalStateException("the ECharts webjar is not on the class path: no " + POM);
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/webjars/echarts/dist/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/echarts/" + version() + "/dist/")
                // kept by the browser and checked before use, as the app's own files are (application.properties)
                .setCacheControl(CacheControl.noCache());
    }
}
