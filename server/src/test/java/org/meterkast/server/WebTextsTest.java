package org.meterkast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web app's texts (static/i18n/{en,nl,fr}.json) have every key in every language with the same placeholders,
 * and every key the page and its scripts use is in them.
 */
class WebTextsTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    /** data-i18n="key" and data-i18n-label="key" in the page */
    private static final Pattern IN_PAGE = Pattern.compile("data-i18n(?:-label)?=\"([\\w.]+)\"");
    /** a script line calling t(…), and the quoted keys on it (both of t(up ? 'a.b' : 'a.c')) */
    private static final Pattern CALLS_T = Pattern.compile("\\bt\\(");
    private static final Pattern QUOTED_KEY = Pattern.compile("'([a-z][a-zA-Z]*\\.[\\w.]+)'");
    private static final Path STATIC = Path.of("src/main/resources/static");

    static Map<String, String> bundle(String language) throws IOException {
        String name = "/static/i18n/" + language + ".json";
        try (InputStream in = WebTextsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            JsonNode json = JsonMapper.builder().build().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, String> texts = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : json.properties()) {
                texts.put(e.getKey(), e.getValue().asString());
            }
            return texts;
        }
    }

    @Test
    void everyKeyIsInEveryLanguageWithTheSamePlaceholders() throws IOException {
        Map<String, String> english = bundle("en");
        assertThat(english).isNotEmpty();
        for (String language : new String[] {"nl", "fr"}) {
            Map<String, String> other = bundle(language);
            assertThat(other.keySet()).as("keys in %s", language).containsExactlyInAnyOrderElementsOf(english.keySet());
            english.forEach((key, text) -> {
                assertThat(placeholders(other.get(key))).as("placeholders of %s in %s", key, language)
                        .isEqualTo(placeholders(text));
                assertThat(other.get(key)).as("%s in %s", key, language).isNotBlank();
            });
        }
    }

    @Test
    void everyKeyThePageUsesIsInTheTexts() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(STATIC)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html") || f.toString().endsWith(".js")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    collect(IN_PAGE.matcher(line), used);
                    if (CALLS_T.matcher(line).find()) {
                        collect(QUOTED_KEY.matcher(line), used);
                    }
                }
            }
        }
        assertThat(used).as("keys used by the page").contains("nav.overview", "live.offtake");
        assertThat(bundle("en").keySet()).containsAll(used);
    }

    @Test
    void thePageHoldsNoTextOfItsOwn() throws IOException {
        String page = Files.readString(STATIC.resolve("index.html"))
                .replaceAll("(?s)<!--.*?-->", "")
                .replaceAll("(?s)<[^>]*>", " ")
                .replaceAll("&#?\\w+;", " ");
        // what is left between the tags is white space and symbols (the arrows), never words
        assertThat(page).doesNotContainPattern("\\p{L}");
    }

    private static void collect(Matcher m, Set<String> into) {
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
