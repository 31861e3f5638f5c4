package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Guards that every telegram in the fixture folder has its own test in one of the fixture test classes. */
class FixtureCoverageTest {

    @Test
    void everyFixtureInTheFolderIsCheckedFieldByField() throws IOException, URISyntaxException {
        Path folder = Path.of(FixtureCoverageTest.class.getResource("/telegrams/SOURCES.md").toURI()).getParent();
        List<String> inFolder;
        try (Stream<Path> files = Files.list(folder)) {
            inFolder = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).toList();
        }
        assertThat(inFolder).isNotEmpty();
        assertThat(fixtureNames(BelgianFixturesTest.class, DutchFixturesTest.class, BrokenFixturesTest.class))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(inFolder);
    }

    /**
     * The parser remembers texts of the previous telegram (serials, peak history, readings): one parser fed all
     * fixtures one after the other, twice and in both orders, must give what a fresh parser gives for each,
     * warnings included, and must not be upset by the one telegram it refuses.
     */
    @Test
    void aParserReusedAcrossAllFixturesGivesWhatAFreshParserGives() {
        List<String> names = fixtureNames(BelgianFixturesTest.class, DutchFixturesTest.class, BrokenFixturesTest.class);
        List<String> sequence = new ArrayList<>(names);
        List<String> reversed = new ArrayList<>(names);
        Collections.reverse(reversed);
        sequence.addAll(reversed);
        sequence.addAll(names);
        TelegramParser shared = new TelegramParser();
        for (String name : sequence) {
            byte[] bytes = FixtureSupport.bytes(name);
            Telegram fresh;
            try {
                fresh = new TelegramParser().parse(bytes);
            } catch (P1FormatException refused) {
                assertThatThrownBy(() -> shared.parse(bytes)).as(name).isInstanceOf(P1FormatException.class);
                continue;
            }
            Telegram again = shared.parse(bytes);
            assertThat(again).as(name).isEqualTo(fresh);
            assertThat(again.warnings()).as(name + " warnings").isEqualTo(fresh.warnings());
        }
    }

    /** The fixture names the test classes declare as their static final ".txt" constants. */
    private static List<String> fixtureNames(Class<?>... testClasses) {
        List<String> names = new ArrayList<>();
        for (Class<?> c : testClasses) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    try {
                        f.setAccessible(true);
                        String value = (String) f.get(null);
                        if (value.endsWith(".txt")) {
                            names.add(value);
                        }
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return names;
    }
}
