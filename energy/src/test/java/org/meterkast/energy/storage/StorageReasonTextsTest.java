package org.meterkast.energy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.energy.storage.Sites.battery;
import static org.meterkast.energy.storage.Sites.boiler;
import static org.meterkast.energy.storage.Sites.site;

import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;

/** Every reason the battery, boiler and peak-guard policies give has a text in each language, naming its figures. */
class StorageReasonTextsTest {
    private static final List<String> BUNDLES = List.of("reasons.properties", "reasons_nl.properties",
            "reasons_fr.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final Instant NOON = Instant.parse("2026-06-10T10:00:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-06-10T22:00:00Z");

    @Test
    void everyLanguageHasEveryKeyAndNoOther() throws Exception {
        Set<String> keys = new TreeSet<>();
        for (Field f : StorageReasonKeys.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                keys.add((String) f.get(null));
            }
        }
        assertThat(keys).allMatch(k -> k.matches("(battery|boiler|peak|surplus)\\..+"));
        for (String bundle : BUNDLES) {
            assertThat(load(bundle).stringPropertyNames()).as(bundle).containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    @Test
    void eachTextNamesExactlyTheFiguresItsReasonCarries() throws IOException {
        Map<String, Reason> byKey = new HashMap<>();
        for (Reason r : reasonsOfEveryKind()) {
            byKey.putIfAbsent(r.key(), r);
        }
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(load(BUNDLES.get(0)).stringPropertyNames());
        for (String bundle : BUNDLES) {
            Properties texts = load(bundle);
            byKey.forEach((key, reason) -> assertThat(placeholders(texts.getProperty(key))).as(bundle + " " + key)
                    .isEqualTo(new TreeSet<>(reason.values().keySet())));
        }
    }

    private static List<Reason> reasonsOfEveryKind() {
        var reasons = new ArrayList<Reason>();
        var battery = new BatteryPolicy();
        long[][] cases = {{-2000, 0, 50}, {1200, 0, 50}, {-2000, 0, 100}, {1200, 0, 10}, {0, 0, 50}};
        for (long[] c : cases) {
            reasons.addAll(reasons(battery.decide(site(NOON, c[0], List.of(battery("b", c[2], c[1], null)),
                    List.of()))));
        }
        reasons.addAll(reasons(battery.decide(site(NOON, 500, List.of(battery("b", 40, 0, 3000L)), List.of()))));
        reasons.addAll(reasons(battery.decide(site(NOON, 800, List.of(battery("b", 60, 0, 0L)), List.of()))));
        reasons.addAll(reasons(battery.decide(site(NOON, 800, List.of(battery("b", 60, 0, -5000L)), List.of()))));
        reasons.addAll(reasons(battery.decide(site(NOON, -3000, 0, 2500, List.of(),
                List.of(battery("b", 50, 0, null)), List.of(boiler("t", 50.0, 0, NOON)),
                List.of(org.meterkast.energy.control.SurplusUse.BOILER, org.meterkast.energy.control.SurplusUse.EV,
                        org.meterkast.energy.control.SurplusUse.BATTERY)))));
        reasons.addAll(reasons(new BatteryPolicy().decide(site(NOON, -2400, 0, 2500, List.of(),
                List.of(battery("b", 50, 0, null)), List.of(boiler("t", 50.0, 0, NOON)),
                List.of(org.meterkast.energy.control.SurplusUse.BOILER, org.meterkast.energy.control.SurplusUse.EV,
                        org.meterkast.energy.control.SurplusUse.BATTERY)))));

        Object[][] boilers = {{NOON, 40.0, 500L, 1}, {NOON, 50.0, 500L, 1}, {NOON, 50.0, -3000L, 1},
            {NOON, 60.0, -3000L, 1}, {MIDNIGHT, 46.0, 300L, 1}, {MIDNIGHT, 55.0, 300L, 7}, {MIDNIGHT, 55.0, 300L, -1},
            {MIDNIGHT, null, 300L, 1}};
        for (Object[] b : boilers) {
            Instant at = (Instant) b[0];
            int days = (Integer) b[3];
            reasons.addAll(reasons(new BoilerPolicy(BoilerRules.DEFAULTS).decide(site(at, (Long) b[2], List.of(),
                    List.of(boiler("t", (Double) b[1], 0, days < 0 ? null : at.minus(Duration.ofDays(days))))))));
        }
        var relay = new BoilerPolicy(BoilerRules.DEFAULTS);
        relay.decide(site(NOON, -3000, List.of(), List.of(boiler("t", 50.0, 0, NOON))));
        reasons.addAll(reasons(relay.decide(site(NOON.plusSeconds(60), 2400, List.of(),
                List.of(boiler("t", 50.0, 2400, NOON))))));
        relay.decide(site(NOON.plusSeconds(400), 2400, List.of(), List.of(boiler("t", 50.0, 2400, NOON))));
        reasons.addAll(reasons(relay.decide(site(NOON.plusSeconds(460), -3000, List.of(),
                List.of(boiler("t", 50.0, 0, NOON))))));

        Instant half = Instant.parse("2026-01-12T18:07:30Z");
        var guard = new PeakGuard(Duration.ZERO);
        reasons.addAll(reasons(guard.decide(site(half, 4400, 500, 4000, List.of(), List.of(battery("b", 50, 0, null)),
                List.of(boiler("t", 50.0, 2400, half), boiler("m", 50.0, 1000, true, half)),
                SiteSnapshot.DEFAULT_SURPLUS_ORDER))));
        reasons.addAll(reasons(guard.decide(site(half, 4400, 500, 4000, List.of(), List.of(),
                List.of(boiler("t", 50.0, 2400, half)), SiteSnapshot.DEFAULT_SURPLUS_ORDER))));
        reasons.addAll(reasons(guard.decide(site(half, 6000, 500, 4000, List.of(), List.of(battery("b", 50, 0, null)),
                List.of(), SiteSnapshot.DEFAULT_SURPLUS_ORDER))));
        return reasons;
    }

    private static List<Reason> reasons(List<Command> commands) {
        return commands.stream().map(Command::reason).toList();
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(Objects.requireNonNull(text));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Properties load(String bundle) throws IOException {
        var properties = new Properties();
        try (var in = StorageReasonKeys.class.getResourceAsStream(bundle)) {
            properties.load(new InputStreamReader(Objects.requireNonNull(in, bundle), StandardCharsets.UTF_8));
        }
        return properties;
    }
}
