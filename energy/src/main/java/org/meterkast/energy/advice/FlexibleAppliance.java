package org.meterkast.energy.advice;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.meterkast.energy.prepaid.Appliances;

/**
 * An appliance a household can start at another hour, with the energy of one run (Wh) and, where the appliance
 * table of the budget-meter brochure lists it, its power range (W, 0 when not listed). The table and its sources
 * are in {@code flexible-appliances.csv}.
 */
public record FlexibleAppliance(String key, long whPerRun, long fromWatts, long toWatts) {
    private static final String FILE = "flexible-appliances.csv";

    public FlexibleAppliance {
        Objects.requireNonNull(key, "key");
        if (whPerRun <= 0 || fromWatts < 0 || toWatts < fromWatts) {
            throw new IllegalArgumentException("a run takes energy and a power range rises: " + key);
        }
    }

    /** The shipped table, in its order, with the power ranges of {@link Appliances#table()}. */
    public static List<FlexibleAppliance> table() {
        Map<String, Appliances.Appliance> powers = Appliances.table().stream()
                .collect(Collectors.toMap(Appliances.Appliance::key, Function.identity()));
        var out = new ArrayList<FlexibleAppliance>();
        try (var reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(FlexibleAppliance.class.getResourceAsStream(FILE), FILE),
                StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split(";");
                if (c.length != 3) {
                    throw new IllegalArgumentException(FILE + " line " + number + ": " + c.length
                            + " columns, expected 3");
                }
                String tableKey = c[1].strip();
                Appliances.Appliance power = powers.get(tableKey);
                if (power == null && !tableKey.equals("-")) {
                    throw new IllegalArgumentException(FILE + " line " + number + ": '" + tableKey
                            + "' is not in the appliance table");
                }
                out.add(new FlexibleAppliance(c[0].strip(), Long.parseLong(c[2].strip()),
                        power == null ? 0 : power.fromWatts(), power == null ? 0 : power.toWatts()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(FILE, e);
        }
        return out;
    }
}
