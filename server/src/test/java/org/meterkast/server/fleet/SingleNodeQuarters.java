package org.meterkast.server.fleet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.HourlyVolumeBuilder;
import org.meterkast.energy.quarter.MeterReadings;
import org.meterkast.energy.quarter.QuarterBuilder;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Medium;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;
import org.meterkast.sim.fleet.Fleet;
import org.meterkast.sim.fleet.FleetMeter;

/**
 * The quarters, and the gas and water hours, one node makes of a meter's whole stream of telegrams, in order, exactly
 * as a single Meterkast computes them (the parser, then {@link QuarterBuilder} with its default gap and the main
 * fuse's limit, and {@link HourlyVolumeBuilder} with each new M-Bus reading): what a fleet of nodes must have stored,
 * whatever way the telegrams were spread over them; and the comparison of that with what they stored.
 */
final class SingleNodeQuarters {
    private final TreeMap<Long, Row> rows = new TreeMap<>();
    private final TreeMap<String, Hour> hours = new TreeMap<>();
    private final TelegramParser parser = new TelegramParser();
    private final QuarterBuilder builder = new QuarterBuilder();
    private final Map<Medium, HourlyVolumeBuilder> volumes = new EnumMap<>(Map.of(Medium.GAS,
            new HourlyVolumeBuilder(), Medium.WATER, new HourlyVolumeBuilder()));
    private final Map<Medium, Instant> lastCapture = new EnumMap<>(Medium.class);
    private final String meter;

    SingleNodeQuarters(String meter) {
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    /**
     * A quarter as the {@code quarter} table holds it, without its segment (a number only the one builder that saw
     * every reading of a meter can count) and without the meter's own demand.
     */
    record Row(String meter, long startEpoch, long importDayWh, long importNightWh, long exportDayWh,
               long exportNightWh, boolean estimated) {
        @Override
        public String toString() {
            return meter + " " + Instant.ofEpochSecond(startEpoch) + " import " + importDayWh + "+"
                    + importNightWh + " Wh, export " + exportDayWh + "+" + exportNightWh + " Wh"
                    + (estimated ? ", estimated" : "");
        }
    }

    /** An hour of gas or water as the {@code hourly_volume} table holds it, without its segment (as {@link Row}). */
    record Hour(String meter, String medium, long startEpoch, long litres, boolean estimated) {
        static String key(Hour h) {
            return h.meter() + "@" + h.medium() + "@" + h.startEpoch();
        }

        @Override
        public String toString() {
            return meter + " " + medium + " " + Instant.ofEpochSecond(startEpoch) + " " + litres + " l"
                    + (estimated ? ", estimated" : "");
        }
    }

    /** Takes the meter's next telegram, as the dongle published it. */
    SingleNodeQuarters accept(byte[] telegram) {
        Telegram t = parser.parse(telegram);
        Optional<RegisterSnapshot> reading = MeterReadings.registers(t);
        if (reading.isPresent()) {
            for (ClosedQuarter q : builder.accept(reading.get())) {
                rows.put(q.quarter().start().getEpochSecond(), new Row(meter, q.quarter().start().getEpochSecond(),
                        q.energy().importDay(), q.energy().importNight(), q.energy().exportDay(),
                        q.energy().exportNight(), q.estimated()));
            }
        }
        volume(Medium.GAS, MeterReadings.gas(t));
        volume(Medium.WATER, MeterReadings.water(t));
        return this;
    }

    /** As a single meter's ingest: only a reading with a new capture time is a new reading. */
    private void volume(Medium medium, Optional<MbusReading> reading) {
        if (reading.isEmpty() || reading.get().capturedAt() == null
                || reading.get().capturedAt().equals(lastCapture.put(medium, reading.get().capturedAt()))) {
            return;
        }
        String name = medium.name().toLowerCase(Locale.ROOT);
        for (HourlyVolume h : volumes.get(medium).accept(reading.get().capturedAt(), reading.get().thousandths())) {
            Hour hour = new Hour(meter, name, h.start().getEpochSecond(), h.litres(), h.estimated());
            hours.put(Hour.key(hour), hour);
        }
    }

    /** The quarters closed so far, oldest first. */
    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /** The gas and water hours closed so far. */
    List<Hour> hours() {
        return List.copyOf(hours.values());
    }

    /**
     * What differs between the expected quarters and the stored ones, each list in the order of the expected.
     *
     * @param missing   expected, not stored
     * @param extra     stored, not expected
     * @param different stored with other values: pairs of (expected, stored)
     */
    record Differences<R>(List<R> missing, List<R> extra, List<Different<R>> different) {
        boolean none() {
            return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
        }

        /** The counts and up to {@code shown} rows of each kind, for a failure message. */
        String describe(int shown) {
            StringBuilder s = new StringBuilder();
            s.append(missing.size()).append(" missing, ").append(extra.size()).append(" not expected, ")
                    .append(different.size()).append(" with other values");
            missing.stream().limit(shown).forEach(r -> s.append("\n  missing: ").append(r));
            extra.stream().limit(shown).forEach(r -> s.append("\n  not expected: ").append(r));
            different.stream().limit(shown).forEach(p -> s.append("\n  expected: ").append(p.expected())
                    .append("\n    stored: ").append(p.stored()));
            return s.toString();
        }
    }

    /** A row stored with other values than expected. */
    record Different<R>(R expected, R stored) {
    }

    /** What one node makes of a fleet: its quarters and its gas and water hours. */
    record Made(List<Row> quarters, List<Hour> hours) {
    }

    /** What one node makes of the first {@code meters} meters of {@code fleet}, {@code telegrams} telegrams each. */
    static Made of(Fleet fleet, int meters, int telegrams) {
        List<Row> rows = new ArrayList<>();
        List<Hour> hours = new ArrayList<>();
        for (int n = 1; n <= meters; n++) {
            FleetMeter meter = fleet.meter(n);
            SingleNodeQuarters quarters = new SingleNodeQuarters(meter.id());
            for (int i = 0; i < telegrams; i++) {
                quarters.accept(meter.next());
            }
            rows.addAll(quarters.rows());
            hours.addAll(quarters.hours());
        }
        return new Made(rows, hours);
    }

    /** The quarters stored for the simulated fleet's meters ({@code fleet-…}), in the database of {@code c}. */
    static List<Row> stored(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT m.name, q.start_epoch, q.import_day_wh, q.import_night_wh, "
                     + "q.export_day_wh, q.export_night_wh, q.estimated FROM quarter q JOIN meter m ON m.id = q.meter_id "
                     + "WHERE m.name LIKE 'fleet-%' ORDER BY m.name, q.start_epoch")) {
            while (r.next()) {
                rows.add(new Row(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6),
                        r.getBoolean(7)));
            }
        }
        return rows;
    }

    /** The gas and water hours stored for the simulated fleet's meters, in the database of {@code c}. */
    static List<Hour> storedHours(Connection c) throws SQLException {
        List<Hour> hours = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT m.name, v.medium, v.start_epoch, v.litres, v.estimated "
                     + "FROM hourly_volume v JOIN meter m ON m.id = v.meter_id WHERE m.name LIKE 'fleet-%' "
                     + "ORDER BY m.name, v.medium, v.start_epoch")) {
            while (r.next()) {
                hours.add(new Hour(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getBoolean(5)));
            }
        }
        return hours;
    }

    /** Compares quarters keyed by (meter, start): {@code expected} against {@code stored}. */
    static Differences<Row> compare(List<Row> expected, List<Row> stored) {
        return compare(expected, stored, r -> r.meter() + "@" + r.startEpoch());
    }

    /** Compares hours keyed by (meter, medium, start): {@code expected} against {@code stored}. */
    static Differences<Hour> compareHours(List<Hour> expected, List<Hour> stored) {
        return compare(expected, stored, Hour::key);
    }

    private static <R> Differences<R> compare(List<R> expected, List<R> stored, Function<R, String> key) {
        Map<String, R> byKey = new TreeMap<>();
        for (R r : stored) {
            byKey.put(key.apply(r), r);
        }
        List<R> missing = new ArrayList<>();
        List<Different<R>> different = new ArrayList<>();
        for (R e : expected) {
            R s = byKey.remove(key.apply(e));
            if (s == null) {
                missing.add(e);
            } else if (!s.equals(e)) {
                different.add(new Different<>(e, s));
            }
        }
        return new Differences<>(missing, List.copyOf(byKey.values()), different);
    }
}
