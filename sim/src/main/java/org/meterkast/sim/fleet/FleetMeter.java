package org.meterkast.sim.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.sim.EvSettings;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.MeterIdentity;
import org.meterkast.sim.MeterRegisters;
import org.meterkast.sim.SimulatedMeter;

/**
 * One meter of a {@link Fleet}: a household of its own (roof, base load, sometimes a car) behind a Fluvius meter
 * that has already counted some years, sending its telegrams one after the other. The registers are the household's
 * power integrated exactly between two telegrams, so consecutive telegrams agree with each other whatever the
 * seconds between them. One meter belongs to one thread.
 */
public final class FleetMeter {
    private static final int SOLAR = 1;
    private static final int ROOF = 2;
    private static final int BASE_LOAD = 3;
    private static final int CAR = 4;
    private static final int REGISTERS = 5;
    private static final int SERIAL = 6;
    /** Integration steps are at most this long; shorter when the telegrams are closer. */
    private static final int LONGEST_STEP = 60;

    private final Fleet fleet;
    private final int number;
    private final String id;
    private final SimulatedMeter meter;
    private final Duration step;
    private long index;

    FleetMeter(Fleet fleet, int number) {
        this.fleet = fleet;
        this.number = number;
        this.id = Fleet.meterId(number);
        this.meter = new SimulatedMeter(new Household(settings(fleet, number)), fleet.start(), registers(fleet, number),
                identity(fleet, number));
        this.step = Duration.ofSeconds(Math.min(fleet.secondsPerTelegram(), LONGEST_STEP));
    }

    /** Three in four homes have panels, 2.4 to 9 kWp, facing east to west; one in seven charges a car. */
    private static HouseholdSettings settings(Fleet fleet, int n) {
        HouseholdSettings s = HouseholdSettings.defaults(fleet.draw(n, 0));
        long peak = fleet.between(n, SOLAR, 0, 3) == 0 ? 0 : fleet.between(n, SOLAR + 100, 8, 30) * 300;
        s = s.withSolar(peak, (int) fleet.between(n, ROOF, 90, 270), (int) fleet.between(n, ROOF + 100, 15, 45))
                .withBaseLoadWatts(fleet.between(n, BASE_LOAD, 80, 320));
        return fleet.between(n, CAR, 0, 6) == 0 ? s.withEv(EvSettings.DEFAULT) : s;
    }

    /** A meter that has run for years: a few MWh on each register, export only where there are panels. */
    private static MeterRegisters registers(Fleet fleet, int n) {
        return new MeterRegisters(fleet.between(n, REGISTERS, 2_000_000, 20_000_000),
                fleet.between(n, REGISTERS + 1, 2_000_000, 20_000_000),
                fleet.between(n, REGISTERS + 2, 0, 8_000_000), fleet.between(n, REGISTERS + 3, 0, 4_000_000),
                fleet.between(n, REGISTERS + 4, 1_000_000, 30_000_000),
                fleet.between(n, REGISTERS + 5, 100_000, 900_000));
    }

    private static MeterIdentity identity(Fleet fleet, int n) {
        long serial = fleet.between(n, SERIAL, 0, 99_999_999L);
        return new MeterIdentity("FLU5\\253769484_A", "50217", String.format(Locale.ROOT, "1SAG31%08d", serial),
                String.format(Locale.ROOT, "7FLO22%08d", serial), String.format(Locale.ROOT, "8SET21%08d", serial));
    }

    /** The meter's id in the topic and in Meterkast: {@code fleet-00042}. */
    public String id() {
        return id;
    }

    /** The meter's number in the fleet, from 1. */
    public int number() {
        return number;
    }

    /** The index of the telegram {@link #next()} gives next, from 0. */
    public long index() {
        return index;
    }

    /** The time of the telegram {@link #next()} gives next. */
    public Instant nextTime() {
        return fleet.telegramTime(index);
    }

    /** The next telegram (number {@link #index()}), as the meter sends it. */
    public Telegram nextTelegram() {
        Instant at = fleet.telegramTime(index);
        if (index > 0) {
            meter.advanceTo(at, step);
        }
        index++;
        return meter.telegram();
    }

    /**
     * Passes over the next telegram without making it (a dongle that lost it): the registers still count the energy
     * in between, so the telegram after is the same as if this one had been made.
     */
    public void skip() {
        Instant at = fleet.telegramTime(index);
        if (index > 0) {
            meter.advanceTo(at, step);
        }
        index++;
    }

    /** The next telegram's bytes, as the dongle publishes them: header to CRC line. */
    public byte[] next() {
        return TelegramWriter.toBytes(nextTelegram());
    }
}
