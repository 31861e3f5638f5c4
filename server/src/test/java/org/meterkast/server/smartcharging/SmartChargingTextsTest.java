package org.meterkast.server.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every reason the programme's rules give (energy's smartcharging package) has its text in the web app, and every
 * error this package answers has its text in the server's messages; the other languages are kept in step by
 * WebTextsTest and MessageBundlesTest.
 */
class SmartChargingTextsTest {
    private static final Pattern KEY = Pattern.compile("\"(smartCharging\\.[A-Za-z.-]+)\"");

    private static Set<String> keysIn(Path folder) throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = KEY.matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    @Test
    void everyReasonHasItsTextInTheWebApp() throws IOException {
        Set<String> reasons = keysIn(Path.of("../energy/src/main/java/org/meterkast/energy/smartcharging"));
        assertThat(reasons).as("the reasons found").hasSizeGreaterThanOrEqualTo(30)
                .contains("smartCharging.reason.normalChargingAbove", "smartCharging.excluded.otherVehicle");
        Set<String> texts = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/static/i18n/en.json")) {
            JsonNode json = JsonMapper.builder().build().readTree(in.readAllBytes());
            json.propertyNames().forEach(texts::add);
        }
        assertThat(texts).containsAll(reasons);
    }

    @Test
    void everyErrorHasItsTextInTheServersMessages() throws IOException {
        Set<String> errors = keysIn(Path.of("src/main/java/org/meterkast/server/smartcharging"));
        assertThat(errors).as("the errors found").hasSizeGreaterThanOrEqualTo(8);
        Properties messages = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/messages.properties")) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(messages.stringPropertyNames()).containsAll(errors);
    }
}
