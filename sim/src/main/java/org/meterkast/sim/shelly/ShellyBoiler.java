package org.meterkast.sim.shelly;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.meterkast.sim.BoilerTank;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.HotWaterDraws;

/**
 * An electric boiler behind a Shelly Plus 1PM with the temperature add-on, as its local RPC API shows it: the relay
 * ({@code switch:0}) is the element's switch, the add-on's DS18B20 in the tank's pocket is {@code temperature:100},
 * and the tank's own thermostat still cuts the element when the water is hot. The tank is stepped up to the clock's
 * time whenever the device is asked anything, with the household's hot-water draws minute by minute, so a test that
 * moves its clock half an hour sees half an hour of physics.
 *
 * <p>The RPC methods ({@link #call}) are those the HTTP server and the MQTT channel share: {@code Switch.GetStatus},
 * {@code Switch.Set}, {@code Temperature.GetStatus}, {@code Shelly.GetStatus} and {@code Shelly.GetDeviceInfo},
 * with Shelly's error codes for a missing or unknown argument (-103, -105) and a method it has no handler for
 * (404). Faults a test can cause: {@link #silent(boolean)} (it stops answering on every channel), {@link
 * #sensorFault(boolean)} (the add-on's probe reads nothing) and {@link #overtemperature(boolean)} (the relay's
 * protection holds the output off and reports {@code overtemp}). Thread-safe.
 */
public final class ShellyBoiler {
    /** The relay's component id. */
    public static final int SWITCH_ID = 0;
    /** The add-on's first temperature peripheral: add-on components are numbered from 100. */
    public static final int TEMPERATURE_ID = 100;
    /** Shelly's RPC error codes. */
    public static final int INVALID_ARGUMENT = -103;
    public static final int NOT_FOUND = -105;
    public static final int FAILED_PRECONDITION = -107;
    public static final int NO_HANDLER = 404;

    /** The longest the tank is stepped at once: the thermostat and the power are seen at this resolution. */
    private static final long STEP_SECONDS = 10;
    /** Below the thermostat by this much, the element is still on. */
    private static final double THERMOSTAT_MARGIN_K = 0.01;
    private static final double VOLTS = 230.4;

    /** Thrown by {@link #call} for a request the device answers with an error frame. */
    public static final class RpcError extends Exception {
        private final int code;

        public RpcError(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The error object of a response frame: {@code {"code":-105,"message":"…"}}. */
        public Map<String, Object> asJson() {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", getMessage());
            return error;
        }
    }

    private final String id;
    private final BoilerTank tank;
    private final HotWaterDraws draws;
    private final Clock clock;
    private Instant steppedTo;
    private boolean output;
    private String source = "init";
    private double energyWh;
    private double lastWatts;
    private long minute;
    private double minuteMwh;
    private final Deque<Double> byMinute = new ArrayDeque<>();
    private boolean silent;
    private boolean sensorFault;
    private boolean overtemperature;

    /**
     * A boiler whose tank starts at {@code startC}, its relay off.
     *
     * @param id    the device's id, {@code shellyplus1pm-<mac>}: its MQTT prefix by default, and the {@code src}
     *              of its answers
     * @param draws the household's hot-water draws, or null for a tank nobody draws from
     */
    public ShellyBoiler(String id, BoilerTankSettings tank, double startC, HotWaterDraws draws, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.tank = new BoilerTank(Objects.requireNonNull(tank, "tank"), startC);
        this.draws = draws;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.steppedTo = clock.instant();
        this.minute = steppedTo.getEpochSecond() / 60;
    }

    /** The device's id: {@code shellyplus1pm-a8032ab1c2d3}. */
    public String id() {
        return id;
    }

    /** The water's temperature now, °C. */
    public synchronized double temperatureC() {
        advance();
        return tank.temperatureC();
    }

    /** Whether the relay is on. */
    public synchronized boolean output() {
        return output;
    }

    /** The energy the element took since the start, Wh (the relay's {@code aenergy.total}). */
    public synchronized double energyWh() {
        advance();
        return energyWh;
    }

    /** Stops answering on every channel (true), as a device that lost its Wi-Fi or hangs, or answers again. */
    public synchronized void silent(boolean silent) {
        this.silent = silent;
        notifyAll();
    }

    /** Whether it does not answer. */
    public synchronized boolean silent() {
        return silent;
    }

    /** Waits while the device is silent, at most {@code max}; true when it answers again. */
    synchronized boolean awaitAnswering(Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (silent) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The add-on's probe reads nothing (true): {@code tC} is null and {@code errors} holds {@code read}. */
    public synchronized void sensorFault(boolean fault) {
        this.sensorFault = fault;
    }

    /** The relay's overtemperature protection trips (true): the output goes off and stays off until cleared. */
    public synchronized void overtemperature(boolean tripped) {
        advance();
        this.overtemperature = tripped;
        if (tripped) {
            output = false;
            source = "overtemp";
        }
    }

    /**
     * Answers one RPC request.
     *
     * @param params  the request's params (an empty map for none); numbers as any {@link Number}
     * @param channel the channel it came on, which a switch's {@code source} then names: {@code HTTP_in},
     *                {@code MQTT}
     * @return the result object
     * @throws RpcError for what Shelly answers with an error frame
     */
    public synchronized Map<String, Object> call(String method, Map<String, Object> params, String channel)
            throws RpcError {
        advance();
        Map<String, Object> p = params == null ? Map.of() : params;
        return switch (method) {
            case "Shelly.GetDeviceInfo" -> deviceInfo();
            case "Shelly.GetStatus" -> {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("switch:" + SWITCH_ID, switchStatus());
                status.put("temperature:" + TEMPERATURE_ID, temperatureStatus());
                yield status;
            }
            case "Switch.GetStatus" -> {
                componentId(p, SWITCH_ID);
                yield switchStatus();
            }
            case "Switch.Set" -> {
                componentId(p, SWITCH_ID);
                Object on = p.get("on");
                if (!(on instanceof Boolean)) {
                    throw on == null ? new RpcError(INVALID_ARGUMENT, "Missing required argument 'on'!")
                            : new RpcError(INVALID_ARGUMENT, "Argument 'on', value type is invalid!");
                }
                yield set((Boolean) on, channel);
            }
            case "Temperature.GetStatus" -> {
                componentId(p, TEMPERATURE_ID);
                yield temperatureStatus();
            }
            default -> throw new RpcError(NO_HANDLER, "No handler for " + method);
        };
    }

    /** Switches the relay as {@code Switch.Set} does; the answer says whether it was on. */
    synchronized Map<String, Object> set(boolean on, String by) throws RpcError {
        advance();
        if (on && overtemperature) {
            throw new RpcError(FAILED_PRECONDITION, "Switch 0 is in overtemp protection!");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("was_on", output);
        output = on;
        source = by;
        return result;
    }

    private static void componentId(Map<String, Object> params, int expected) throws RpcError {
        Object id = params.get("id");
        if (id == null) {
            throw new RpcError(INVALID_ARGUMENT, "Missing required argument 'id'!");
        }
        if (!(id instanceof Number n) || new BigDecimal(n.toString()).compareTo(BigDecimal.valueOf(expected)) != 0) {
            throw new RpcError(NOT_FOUND, "Argument 'id', value " + id + " not found!");
        }
    }

    private Map<String, Object> deviceInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "Boiler");
        info.put("id", id);
        info.put("mac", id.substring(id.lastIndexOf('-') + 1).toUpperCase(java.util.Locale.ROOT));
        info.put("slot", 0);
        info.put("model", "SNSW-001P16EU");
        info.put("gen", 2);
        info.put("fw_id", "20241011-114449/1.4.4-g6d2a586");
        info.put("ver", "1.4.4");
        info.put("app", "Plus1PM");
        info.put("auth_en", false);
        return info;
    }

    /** {@code Switch.GetStatus}'s answer, as the device would give it now. */
    synchronized Map<String, Object> switchStatus() {
        advance();
        double watts = apower();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", SWITCH_ID);
        s.put("source", source);
        s.put("output", output);
        s.put("apower", round(watts, 1));
        s.put("voltage", round(VOLTS, 1));
        s.put("freq", round(50.0, 1));
        s.put("current", round(watts / VOLTS, 3));
        Map<String, Object> energy = new LinkedHashMap<>();
        energy.put("total", round(energyWh, 3));
        List<Object> minutes = new ArrayList<>();
        byMinute.forEach(mwh -> minutes.add(round(mwh, 3)));
        while (minutes.size() < 3) {
            minutes.add(round(0, 3));
        }
        energy.put("by_minute", minutes);
        energy.put("minute_ts", minute * 60);
        s.put("aenergy", energy);
        // the relay's own temperature, warmer while it carries the element's current
        double internalC = 38 + watts / 200;
        s.put("temperature", Map.of("tC", round(internalC, 1), "tF", round(internalC * 9 / 5 + 32, 1)));
        if (overtemperature) {
            s.put("errors", List.of("overtemp"));
        }
        return s;
    }

    /** {@code Temperature.GetStatus}'s answer for the add-on's probe in the tank. */
    synchronized Map<String, Object> temperatureStatus() {
        advance();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", TEMPERATURE_ID);
        if (sensorFault) {
            t.put("tC", null);
            t.put("tF", null);
            t.put("errors", List.of("read"));
        } else {
            double c = tank.temperatureC();
            t.put("tC", round(c, 1));
            t.put("tF", round(c * 9 / 5 + 32, 1));
        }
        return t;
    }

    /** The element's power now, W: nothing while the relay is off; while on, all of it below the thermostat. */
    private double apower() {
        if (!output) {
            return 0;
        }
        if (tank.temperatureC() < tank.settings().thermostatC() - THERMOSTAT_MARGIN_K) {
            return tank.settings().elementWatts();
        }
        // at the thermostat the element cycles on and off to make up for the loss: the last whole minute's average
        Double lastMinuteMwh = byMinute.peekFirst();
        return lastMinuteMwh == null ? lastWatts : lastMinuteMwh * 60 / 1000;
    }

    /** Steps the tank up to the clock, at most {@value #STEP_SECONDS} s and never across a minute at a time. */
    private void advance() {
        Instant now = clock.instant();
        while (steppedTo.isBefore(now)) {
            long second = steppedTo.getEpochSecond();
            Instant minuteEnd = Instant.ofEpochSecond((second / 60 + 1) * 60);
            Instant next = steppedTo.plusSeconds(STEP_SECONDS);
            if (next.isAfter(minuteEnd)) {
                next = minuteEnd;
            }
            if (next.isAfter(now)) {
                next = now;
            }
            double seconds = Duration.between(steppedTo, next).toNanos() / 1e9;
            double litres = draws == null ? 0 : draws.litresInMinute(steppedTo) * seconds / 60;
            double watts = tank.step(output ? tank.settings().elementWatts() : 0, litres, seconds);
            double wh = watts * seconds / 3600;
            energyWh += wh;
            lastWatts = watts;
            long stepMinute = second / 60;
            if (stepMinute != minute) {
                closeMinutes(stepMinute);
            }
            minuteMwh += wh * 1000;
            steppedTo = next;
        }
    }

    /** Ends the minute counted so far (and any empty ones up to {@code now}): by_minute keeps the last three. */
    private void closeMinutes(long now) {
        for (long m = minute; m < now && m < minute + 3; m++) {
            byMinute.addFirst(m == minute ? minuteMwh : 0.0);
        }
        while (byMinute.size() > 3) {
            byMinute.removeLast();
        }
        minute = now;
        minuteMwh = 0;
    }

    private static BigDecimal round(double value, int digits) {
        return BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP);
    }
}
