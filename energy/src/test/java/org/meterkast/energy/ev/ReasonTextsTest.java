package org.meterkast.energy.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.energy.ev.ChargePlannerTest.car;

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
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.storage.PeakGuard;

/** Every reason the planner and the policies give has a text in each language, naming exactly its figures. */
class ReasonTextsTest {
    private static final List<String> BUNDLES = List.of("reasons.properties", "reasons_nl.properties",
            "reasons_fr.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Test
    void everyLanguageHasEveryKeyAndNoOther() throws Exception {
        Set<String> keys = new TreeSet<>();
        for (Field f : ReasonKeys.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                keys.add((String) f.get(null));
            }
        }
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

    /** One run of each situation that gives a kind of reason. */
    private static List<Reason> reasonsOfEveryKind() {
        var reasons = new ArrayList<Reason>();
        var day = new ChargePlannerTest.Situation("2026-11-24T18:00", "2026-11-25T07:00", car(60, 20, 80, 0, "1"))
                .prices("00:00-00:00 0.20");
        reasons.add(ChargePlanner.plan(day.request()).reason());
        reasons.add(ChargePlanner.plan(new ChargePlannerTest.Situation("2026-11-24T18:00", "2026-11-24T19:00",
                car(60, 80, 80, 0, "1")).prices("00:00-00:00 0.20").request()).reason());
        reasons.add(ChargePlanner.plan(new ChargePlannerTest.Situation("2026-11-24T18:00", "2026-11-24T18:00",
                car(60, 20, 80, 0, "1")).prices("00:00-00:00 0.20").request()).reason());
        reasons.add(ChargePlanner.plan(new ChargePlannerTest.Situation("2026-11-24T18:00", "2026-11-24T19:00",
                car(60, 20, 80, 0, "1")).prices("00:00-00:00 0.20").request()).reason());
        reasons.add(ChargePlanner.plan(new ChargePlannerTest.Situation("2026-11-24T18:00", "2026-11-25T07:00",
                car(60, 20, 80, 0, "1")).prices("00:00-00:00 0.20").peak(2500).request()).reason());

        var timed = new ChargingModePolicy(SolarSettings.DEFAULTS);
        reasons.addAll(decide(timed, 0, ChargingMode.SOLAR, -1000, 0, 1, false, 1, 0, 0));
        reasons.addAll(decide(timed, 10, ChargingMode.SOLAR, -2000, 0, 1, false, 1, 0, 0));
        reasons.addAll(decide(timed, 70, ChargingMode.SOLAR, -2000, 0, 1, false, 1, 0, 0));
        reasons.addAll(decide(timed, 80, ChargingMode.SOLAR, 1000, 1380, 1, false, 1, 0, 0));
        var quick = new ChargingModePolicy(new SolarSettings(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO));
        reasons.addAll(decide(quick, 0, ChargingMode.MIN_SOLAR, -2000, 0, 3, true, 3, 0, 0));
        reasons.addAll(decide(quick, 10, ChargingMode.MIN_SOLAR, -6000, 0, 1, true, 3, 0, 0));
        reasons.addAll(decide(quick, 20, ChargingMode.MIN_SOLAR, 500, 0, 1, false, 1, 0, 0));
        reasons.addAll(decide(quick, 30, ChargingMode.MIN_SOLAR, -3000, 0, 1, false, 1, 0, 0));
        reasons.addAll(decide(quick, 40, ChargingMode.OFF, 0, 0, 1, false, 1, 0, 0));
        reasons.addAll(decide(quick, 50, ChargingMode.NOW, 0, 0, 1, false, 1, 0, 0));
        reasons.addAll(decide(quick, 60, ChargingMode.PLAN, 0, 0, 3, false, 3, 0, 0));
        reasons.addAll(decide(quick, 70, ChargingMode.PLAN, 0, 0, 3, false, 3, 5000, 0));
        reasons.addAll(decide(quick, 80, ChargingMode.PLAN, 0, 0, 3, false, 3, 1000, 0));
        reasons.addAll(decide(quick, 90, ChargingMode.PLAN, 0, 0, 3, false, 3, 1000, 1000));

        var at = Instant.parse("2026-01-12T18:00:00Z");
        reasons.addAll(guard(at, 0, 500));
        reasons.addAll(guard(at, 2000, -2000));
        reasons.addAll(guard(at.plusSeconds(895), 0, 500));
        return reasons;
    }

    private static List<Reason> decide(ChargingModePolicy policy, long t, ChargingMode mode, long gridW, long drawW,
                                       int phases, boolean canSwitch, int maxPhases, long plannedW, long sessionWh) {
        Instant at = Instant.parse("2026-06-10T10:00:00Z").plusSeconds(t);
        var reading = new ChargerReading(at, ChargerStatus.EV_CONNECTED, Power.ofWatts(drawW), phases, sessionWh, 0);
        var charger = new ChargerSnapshot("cp", reading, mode, new CurrentRange(6, 16), canSwitch, maxPhases,
                Power.ofWatts(plannedW));
        return reasons(policy.decide(ChargingModePolicyTest.site(at, gridW, List.of(charger))));
    }

    private static List<Reason> guard(Instant at, long importedWh, long gridW) {
        var reading = new ChargerReading(at, ChargerStatus.CHARGING, Power.ZERO, 3, 0, 16);
        var charger = new ChargerSnapshot("cp", reading, ChargingMode.NOW, new CurrentRange(6, 16), false, 3,
                Power.ZERO);
        return reasons(new PeakGuard(PeakGuard.DEFAULT_REACTION).decide(new SiteSnapshot(at,
                Power.ofWatts(gridW), importedWh, 0, Power.ZERO, Power.ofWatts(2500), List.of(charger))));
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
        try (var in = ReasonKeys.class.getResourceAsStream(bundle)) {
            properties.load(new InputStreamReader(Objects.requireNonNull(in, bundle), StandardCharsets.UTF_8));
        }
        return properties;
    }
}
