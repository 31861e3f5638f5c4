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
 * The web app shows the control loop's reasons with the policies' own texts: every key of energy's
 * {@code reasons*.properties} (the EV's and the battery's, boiler's and peak guard's) is in the app's texts of the same language, word for word, so a reason changed or added
 * there shows here too (the charger page fills their figures itself, see js/reasons.js).
 */
class EvReasonTextsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "en, /org/meterkast/energy/ev/reasons.properties,         ev.paused.surplusBelowMinimum",
        "nl, /org/meterkast/energy/ev/reasons_nl.properties,      ev.paused.surplusBelowMinimum",
        "fr, /org/meterkast/energy/ev/reasons_fr.properties,      ev.paused.surplusBelowMinimum",
        "en, /org/meterkast/energy/storage/reasons.properties,    peak.boiler.off",
        "nl, /org/meterkast/energy/storage/reasons_nl.properties, peak.boiler.off",
        "fr, /org/meterkast/energy/storage/reasons_fr.properties, peak.boiler.off"})
    void theAppHoldsThePlannersReasonTextsWordForWord(String language, String bundle, String oneKey)
            throws IOException {
        Map<String, String> reasons = reasons(bundle);
        assertThat(reasons).as(bundle).containsKey(oneKey).hasSizeGreaterThan(20);
        Map<String, String> app = WebTextsTest.bundle(language);
        Map<String, String> shown = new TreeMap<>();
        reasons.keySet().forEach(key -> shown.put(key, app.get(key)));
        assertThat(shown).isEqualTo(reasons);
    }

    private static Map<String, String> reasons(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = EvReasonTextsTest.class.getResourceAsStream(file)) {
            properties.load(new InputStreamReader(Objects.requireNonNull(in, file), StandardCharsets.UTF_8));
        }
        Map<String, String> texts = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
        return texts;
    }
}
