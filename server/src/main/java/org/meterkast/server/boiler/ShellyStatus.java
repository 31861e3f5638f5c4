package org.meterkast.server.boiler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import tools.jackson.databind.JsonNode;

/**
 * What a Shelly Gen2 says of the boiler's relay and probe, read from the status objects its RPC methods answer and
 * its MQTT status topics carry, and turned into the boiler's reading. Values that make no sense (an output that is
 * not true or false, a temperature a DS18B20 cannot read) are bad data, named with the field.
 */
final class ShellyStatus {
    /** Above this the element is taken to heat: a relay's metering reads a few watts of noise on an open load. */
    static final double HEATING_WATTS = 10;
    /** A little negative power is metering noise on an idle relay; more is a wrongly wired or broken meter. */
    private static final double NOISE_WATTS = 5;

    private ShellyStatus() {
    }

    /**
     * The relay's status ({@code Switch.GetStatus}, {@code <prefix>/status/switch:<id>}).
     *
     * @param output whether the relay is closed
     * @param watts  the power through it, W, where the relay measures it (a PM model)
     * @param errors the device's own errors ({@code overtemp}, {@code overpower}, …), empty when none
     */
    record Switch(boolean output, OptionalDouble watts, List<String> errors) {
        static Switch parse(JsonNode node, String where) throws DeviceException {
            if (node == null || !node.isObject()) {
                throw new DeviceException(where + ": the switch's status is not an object", true);
            }
            JsonNode output = node.get("output");
            if (output == null || !output.isBoolean()) {
                throw new DeviceException(where + ": the switch's output is " + output + ", not true or false",
                        true);
            }
            JsonNode apower = node.get("apower");
            OptionalDouble watts = OptionalDouble.empty();
            if (apower != null && !apower.isNull()) {
                if (!apower.isNumber() || apower.asDouble() < -NOISE_WATTS || apower.asDouble() > 30_000) {
                    throw new DeviceException(where + ": the switch's apower " + apower + " is not a power of 0 to "
                            + "30000 W", true);
                }
                watts = OptionalDouble.of(Math.max(0, apower.asDouble()));
            }
            return new Switch(output.booleanValue(), watts, errorsOf(node));
        }
    }

    /**
     * The tank's probe ({@code Temperature.GetStatus}, {@code <prefix>/status/temperature:<id>}).
     *
     * @param celsius the water's temperature, when the probe reads one
     * @param errors  the probe's errors ({@code read}, {@code out_of_range}), empty when none
     */
    record Temperature(OptionalDouble celsius, List<String> errors) {
        static Temperature parse(JsonNode node, String where) throws DeviceException {
            if (node == null || !node.isObject()) {
                throw new DeviceException(where + ": the probe's status is not an object", true);
            }
            List<String> errors = errorsOf(node);
            JsonNode tC = node.get("tC");
            if (tC == null || tC.isNull()) {
                if (errors.isEmpty()) {
                    throw new DeviceException(where + ": the probe's status has no tC and no error", true);
                }
                return new Temperature(OptionalDouble.empty(), errors);
            }
            // a DS18B20 reads −55 to 125 °C
            if (!tC.isNumber() || tC.asDouble() < -55 || tC.asDouble() > 125) {
                throw new DeviceException(where + ": the probe's tC " + tC + " is not a temperature of −55 to 125 °C",
                        true);
            }
            return new Temperature(OptionalDouble.of(tC.asDouble()), errors);
        }
    }

    private static List<String> errorsOf(JsonNode node) {
        JsonNode errors = node.get("errors");
        List<String> list = new ArrayList<>();
        if (errors != null && errors.isArray()) {
            errors.forEach(e -> list.add(e.isString() ? e.stringValue() : e.toString()));
        }
        return List.copyOf(list);
    }

    /**
     * The boiler's reading: ERROR when the relay or the probe reports an error, HEATING when the element draws more
     * than {@value #HEATING_WATTS} W (a relay that does not measure: while it is on, at its rated power), IDLE
     * otherwise.
     *
     * @param temperature the probe's status, or null where the boiler has none
     * @param rated       the element's rated power, for a relay that does not measure
     */
    static BoilerReading reading(Instant at, Switch relay, Temperature temperature, Power rated) {
        long watts = relay.watts().isPresent() ? Math.round(relay.watts().getAsDouble())
                : relay.output() ? rated.watts() : 0;
        boolean fault = !relay.errors().isEmpty() || temperature != null && !temperature.errors().isEmpty();
        BoilerStatus status = fault ? BoilerStatus.ERROR
                : watts > HEATING_WATTS ? BoilerStatus.HEATING : BoilerStatus.IDLE;
        OptionalDouble celsius = temperature == null ? OptionalDouble.empty() : temperature.celsius();
        return new BoilerReading(at, status, celsius, Power.ofWatts(watts), relay.output());
    }

    /** The errors a reading in ERROR stands for, for the log: {@code switch: overtemp; probe: read}. */
    static String faults(Switch relay, Temperature temperature) {
        List<String> parts = new ArrayList<>();
        if (!relay.errors().isEmpty()) {
            parts.add("switch: " + String.join(", ", relay.errors()));
        }
        if (temperature != null && !temperature.errors().isEmpty()) {
            parts.add("probe: " + String.join(", ", temperature.errors()));
        }
        return String.join("; ", parts);
    }
}
