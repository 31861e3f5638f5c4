package org.meterkast.energy.quarter;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The most power a grid connection can carry, in W: its main fuse's phases × amperes × 230 V, or a power given
 * outright. A quarter hour holding more energy than that for 15 minutes cannot have been measured; it is a register
 * glitch or a meter that changed, and is quarantined instead of billed.
 */
public record ConnectionLimit(long watts) {
    /** The nominal voltage of a phase on the Belgian low-voltage grid. */
    public static final long VOLTS = 230;
    /** The largest residential main fuse in Belgium, 3 × 63 A: 43,470 W, about 10,868 Wh a quarter hour. */
    public static final ConnectionLimit MAIN_FUSE = fuse(3, 63);
    /** 10 MW: far above any connection on a low-voltage meter, and small enough to compute with in longs. */
    static final long MOST_WATTS = 10_000_000;

    private static final Pattern FUSE = Pattern.compile("([1-3])\\s*[x×]\\s*(\\d{1,4})\\s*a");
    private static final Pattern POWER = Pattern.compile("(\\d{1,9})\\s*(w|kw)?");
    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();

    public ConnectionLimit {
        if (watts <= 0 || watts > MOST_WATTS) {
            throw new IllegalArgumentException("a connection carries more than 0 W and at most " + MOST_WATTS
                    + " W, not " + watts + " W");
        }
    }

    /** The limit of a main fuse of {@code phases} × {@code amperes} at 230 V. */
    public static ConnectionLimit fuse(int phases, int amperes) {
        return new ConnectionLimit(Math.multiplyExact(Math.multiplyExact((long) phases, amperes), VOLTS));
    }

    /**
     * Reads a main fuse ({@code 3x63A}, {@code 1x40A}) or a power ({@code 43470}, {@code 43470W}, {@code 17kW}).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static ConnectionLimit parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher fuse = FUSE.matcher(t);
        Matcher power = POWER.matcher(t);
        try {
            if (fuse.matches()) {
                return fuse(Integer.parseInt(fuse.group(1)), Integer.parseInt(fuse.group(2)));
            }
            if (power.matches()) {
                long n = Long.parseLong(power.group(1));
                return new ConnectionLimit("kw".equals(power.group(2)) ? Math.multiplyExact(n, 1000) : n);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a power a connection can carry: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("'" + text + "' is neither a main fuse such as 3x63A or 1x40A nor a power "
                + "in W such as 43470 or 17kW");
    }

    /** The most energy a quarter hour can hold, in Wh (a half when the watts are not a multiple of 4). */
    public double wattHoursPerQuarter() {
        return watts / 4.0;
    }

    /** Whether a quarter's import and export each stay within what the connection carries in 15 minutes. */
    public boolean carries(QuarterEnergy energy) {
        return energy.imported() * 4 <= watts && energy.exported() * 4 <= watts;
    }

    /**
     * Whether the step between two readings, import and export each, is within what the connection carries over
     * the time between them, or over one quarter hour when they are closer: registers that count in bursts (a
     * meter that updates them every few seconds) then never look too fast, and a step above a quarter's worth
     * always does.
     */
    boolean carries(RegisterSnapshot from, RegisterSnapshot to) {
        long span = Math.max(to.at().getEpochSecond() - from.at().getEpochSecond(), QUARTER_SECONDS);
        long most = Math.multiplyExact(watts, span);
        Registers a = from.registers();
        Registers b = to.registers();
        return Math.multiplyExact(b.imported() - a.imported(), 3600) <= most
                && Math.multiplyExact(b.exported() - a.exported(), 3600) <= most;
    }
}
