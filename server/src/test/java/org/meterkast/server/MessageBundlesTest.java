package org.meterkast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every text exists in English, Dutch and French, with the same arguments in each. */
class MessageBundlesTest {
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)}");

    static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void everyKeyIsInEveryLanguageWithTheSameArguments() throws IOException {
        Map<String, Properties> bundles = new TreeMap<>(Map.of(
                "en", bundle("messages.properties"),
                "nl", bundle("messages_nl.properties"),
                "fr", bundle("messages_fr.properties")));
        Properties english = bundles.get("en");
        assertThat(english).isNotEmpty();
        bundles.forEach((language, bundle) -> {
            assertThat(bundle.stringPropertyNames()).as("keys in %s", language)
                    .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
            for (String key : english.stringPropertyNames()) {
                assertThat(arguments(bundle.getProperty(key))).as("arguments of %s in %s", key, language)
                        .isEqualTo(arguments(english.getProperty(key)));
                assertThat(bundle.getProperty(key)).as("%s in %s", key, language).isNotBlank();
            }
        });
    }

    @Test
    void aSingleQuoteIsAlwaysDoubledAsMessageFormatWantsIt() throws IOException {
        for (String name : new String[] {"messages.properties", "messages_nl.properties", "messages_fr.properties"}) {
            Properties bundle = bundle(name);
            for (String key : bundle.stringPropertyNames()) {
                assertThat(bundle.getProperty(key).replace("''", "")).as("%s in %s", key, name).doesNotContain("'");
            }
        }
    }

    private static Set<String> arguments(String message) {
        Set<String> found = new TreeSet<>();
        Matcher m = ARGUMENT.matcher(message);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
