package org.meterkast.server.solar;

import java.time.Duration;
import java.util.Locale;

/**
 * A meter's inverter, configured as {@code meterkast.meters.<name>.inverter.*}.
 *
 * @param type    see {@link Type}; not set: {@code sim} for a simulated meter, {@code none} for any other
 * @param address sunspec: {@code HOST:PORT} of the inverter's Modbus TCP server (port 502 by convention)
 * @param unitId  sunspec: the Modbus unit id (1 by default; SMA uses 3, some gateways 126)
 * @param poll    how often to read it: 2 s by default, 1 s for the simulated roof
 */
public record InverterSettings(Type type, String address, Integer unitId, Duration poll) {
    /** How often a real inverter is read unless told: live enough for the dashboard, light on a small inverter. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    /** The simulated roof costs nothing to ask: once a second, as its meter sends telegrams. */
    public static final Duration SIMULATED_POLL = Duration.ofSeconds(1);

    /** What kind of inverter. */
    public enum Type {
        /** a SunSpec inverter over Modbus TCP (models 101–103 or 111–113) */
        SUNSPEC,
        /** the simulated household's roof, on the simulated meter's clock */
        SIM,
        /** no inverter */
        NONE
    }

    /** No inverter configured. */
    public static final InverterSettings NONE = new InverterSettings(Type.NONE, null, null, null);

    /** The type this resolves to for a meter that is ({@code simulated}) or is not the simulated household. */
    public Type resolvedType(boolean simulated) {
        return type != null ? type : simulated ? Type.SIM : Type.NONE;
    }

    /** The unit id to ask. */
    public int unit() {
        return unitId == null ? 1 : unitId;
    }

    /** How often to read, for a meter that is ({@code simulated}) or is not the simulated household. */
    public Duration pollEvery(boolean simulated) {
        if (poll != null) {
            return poll;
        }
        return resolvedType(simulated) == Type.SIM ? SIMULATED_POLL : DEFAULT_POLL;
    }

    /**
     * Checks what the type needs.
     *
     * @param prefix    {@code meterkast.meters.<name>.inverter.}, to name the property in a message
     * @param simulated whether the meter is the simulated household (type sim)
     * @throws IllegalArgumentException naming the property that is missing or wrong
     */
    public void check(String prefix, boolean simulated) {
        Type resolved = resolvedType(simulated);
        if (resolved == Type.SIM && !simulated) {
            throw new IllegalArgumentException(prefix + "type sim needs the meter's type to be sim: the simulated "
                    + "inverter is the simulated household's roof");
        }
        if (resolved == Type.SUNSPEC) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException(prefix + "address is required when the type is sunspec, e.g. "
                        + "192.168.1.70:502");
            }
            try {
                SunSpecInverter.parseAddress(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "address: " + e.getMessage(), e);
            }
        }
        if (unitId != null && (unitId < 0 || unitId > 255)) {
            throw new IllegalArgumentException(prefix + "unit-id must be 0 to 255, not " + unitId);
        }
        if (poll != null && (poll.isNegative() || poll.compareTo(Duration.ofMillis(200)) < 0)) {
            throw new IllegalArgumentException(prefix + "poll must be at least 200ms, not " + poll);
        }
    }

    @Override
    public String toString() {
        return type == null ? "default" : type.name().toLowerCase(Locale.ROOT);
    }
}
