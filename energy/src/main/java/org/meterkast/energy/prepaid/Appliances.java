package org.meterkast.energy.prepaid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The limited-power planner: household appliances with their usual power (the budget-meter brochure's table, from
 * the least to the most powerful models), and whether a set of them fits under the limit together.
 */
public final class Appliances {
    private static final String FILE = "appliances.csv";

    /** An appliance by its key (its name is in the message bundles) and its power range in W. */
    public record Appliance(String key, long fromWatts, long toWatts) {
        public Appliance {
            Objects.requireNonNull(key, "key");
            if (fromWatts <= 0 || toWatts < fromWatts) {
                throw new IllegalArgumentException("an appliance's power range is positive and rising: " + key);
            }
        }
    }

    /**
     * The sum of the appliances switched on together and what is left under the limit.
     *
     * @param headroomWatts the limit minus the total; negative when they do not fit
     */
    public record Plan(long totalWatts, long limitWatts, long headroomWatts, boolean fits) {
    }

    private Appliances() {
    }

    /** The brochure's table, in its order. */
    public static List<Appliance> table() {
        var out = new ArrayList<Appliance>();
        try (var reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(Appliances.class.getResourceAsStream(FILE), FILE), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split(";");
                out.add(new Appliance(c[0].strip(), Long.parseLong(c[1].strip()), Long.parseLong(c[2].strip())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(FILE, e);
        }
        return out;
    }

    /** Whether appliances of these powers (W) fit together under the limit (W). */
    public static Plan plan(List<Long> watts, long limitWatts) {
        long total = 0;
        for (long w : watts) {
            if (w < 0) {
                throw new IllegalArgumentException("an appliance cannot draw " + w + " W");
            }
            total = Math.addExact(total, w);
        }
        return new Plan(total, limitWatts, limitWatts - total, total <= limitWatts);
    }
}
