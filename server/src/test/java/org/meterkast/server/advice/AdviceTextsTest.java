package org.meterkast.server.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.advice.FlexibleAppliance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every text key the advice can answer (energy's advice package), every kind the server names and every flexible
 * appliance has its text in the web app; the other languages are kept in step by WebTextsTest.
 */
class AdviceTextsTest {
    private static final Pattern KEY = Pattern.compile("\"(advice\\.[A-Za-z.-]+)\"");
    private static final Pattern KIND = Pattern.compile("Piece\\.of\\(\"([A-Za-z]+)\"");

    private static Set<String> found(Pattern pattern, Path folder) throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = pattern.matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    @Test
    void everyKeyKindAndApplianceHasItsText() throws IOException {
        Set<String> texts = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/static/i18n/en.json")) {
            JsonNode json = JsonMapper.builder().build().readTree(in.readAllBytes());
            json.propertyNames().forEach(texts::add);
        }
        Set<String> keys = found(KEY, Path.of("../energy/src/main/java/org/meterkast/energy/advice"));
        assertThat(keys).as("the keys found").hasSizeGreaterThanOrEqualTo(25)
                .contains("advice.noData", "advice.selfConsumption.low", "advice.capacity.minimum");
        assertThat(texts).containsAll(keys);

        Set<String> kinds = found(KIND, Path.of("src/main/java/org/meterkast/server/advice"));
        assertThat(kinds).hasSize(8);
        for (String kind : kinds) {
            assertThat(texts).contains("advice." + kind + ".title", "advice." + kind + ".why");
        }
        List<String> appliances = FlexibleAppliance.table().stream().map(a -> "advice.appliance." + a.key()).toList();
        assertThat(texts).containsAll(appliances);
    }
}
