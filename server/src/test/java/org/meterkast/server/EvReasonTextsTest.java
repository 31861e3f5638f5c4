package org.meterkast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The web app shows the control loop's reasons with the planner's own texts: every key of energy's
 * {@code reasons*.properties} is in the app's texts of the same language, word for word, so a reason changed or added
 * there shows here too (the charger page fills their figures itself, see js/reasons.js).
 */
class EvReasonTextsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"en, reasons.properties", "nl, reasons_nl.properties", "fr, reasons_fr.properties"})
    void theAppHoldsThePlannersReasonTextsWordForWord(String language, String bundle) throws IOException {
        Map<String, String> reasons = reasons(bundle);
        assertThat(reasons).as(bundle).containsKey("ev.paused.surplusBelowMinimum").hasSizeGreaterThan(20);
        Map<String, String> app = WebTextsTest.bundle(language);
        Map<String, String> shown = new TreeMap<>();
        reasons.keySet().forEach(key -> shown.put(key, app.get(key)));
        assertThat(shown).isEqualTo(reasons);
    }

    private static Map<String, String> reasons(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = EvReasonTextsTest.class.getResourceAsStream("/org/meterkast/energy/ev/" + file)) {
            properties.load(new InputStreamReader(Objects.requireNonNull(in, file), StandardCharsets.UTF_8));
        }
        Map<String, String> texts = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
        return texts;
    }
}
