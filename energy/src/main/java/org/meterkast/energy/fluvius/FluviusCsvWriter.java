package org.meterkast.energy.fluvius;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.function.Function;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;

/**
 * Writes synthetic Mijn Fluvius exports as the current Dutch portal does (UTF-8 with BOM, CRLF, the header
 * {@code Van (datum);…;Omschrijving}, the EAN as {@code ="…"}, local Brussels times, one Afname and one Injectie row
 * per quarter labelled Dag or Nacht by the meter's schedule): for tests, demonstrations and benchmarks, where no
 * real file covers a case such as the 23-hour March day.
 */
public final class FluviusCsvWriter {
    private static final String ELECTRICITY_HEADER = "Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);"
            + "EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving";
    private static final String GAS_HEADER = "Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);"
            + "EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Calorische bovenwaarde;Omschrijving";
    private static final String CRLF = "\r\n";

    private FluviusCsvWriter() {
    }

    /**
     * An electricity export of every quarter from local midnight of {@code firstDay} to local midnight after
     * {@code lastDay}. {@code readings} gives a quarter's import and export (day and night added up: the schedule
     * decides the label) and whether Fluvius estimated it; {@code null} writes the quarter as missing
     * ({@code Geen gegevens} with an empty volume).
     */
    public static byte[] electricity(String ean, String meter, LocalDate firstDay, LocalDate lastDay,
                                     Function<Quarter, ClosedQuarter> readings) {
        checkEan(ean);
        Instant end = lastDay.plusDays(1).atStartOfDay(FluviusCsvParser.BRUSSELS).toInstant();
        StringBuilder out = new StringBuilder(200 * 96 * 2);
        out.append('\uFEFF').append(ELECTRICITY_HEADER);
        for (Quarter q = new Quarter(firstDay.atStartOfDay(FluviusCsvParser.BRUSSELS).toInstant());
                q.start().isBefore(end); q = q.plus(1)) {
            ZonedDateTime from = q.start().atZone(FluviusCsvParser.BRUSSELS);
            ZonedDateTime to = q.end().atZone(FluviusCsvParser.BRUSSELS);
            String period = isDay(from) ? "Dag" : "Nacht";
            ClosedQuarter reading = readings.apply(q);
            QuarterEnergy energy = reading == null ? null : reading.energy();
            row(out, from, to, ean, meter, "Afname " + period, energy == null ? -1 : energy.imported(),
                    status(reading), null);
            row(out, from, to, ean, meter, "Injectie " + period, energy == null ? -1 : energy.exported(),
                    status(reading), null);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A gas export of every hour from 06:00 of {@code firstDay} (the gas day) to local midnight after
     * {@code lastDay}: an m³ row and a kWh row per hour, the kWh row with its calorific value status; {@code null}
     * from {@code hours} writes the hour as missing.
     */
    public static byte[] gas(String ean, String meter, LocalDate firstDay, LocalDate lastDay,
                             Function<Instant, FluviusGasHour> hours) {
        checkEan(ean);
        Instant end = lastDay.plusDays(1).atStartOfDay(FluviusCsvParser.BRUSSELS).toInstant();
        StringBuilder out = new StringBuilder(200 * 24 * 2);
        out.append('\uFEFF').append(GAS_HEADER);
        for (Instant t = firstDay.atTime(6, 0).atZone(FluviusCsvParser.BRUSSELS).toInstant(); t.isBefore(end);
                t = t.plusSeconds(3600)) {
            ZonedDateTime from = t.atZone(FluviusCsvParser.BRUSSELS);
            ZonedDateTime to = t.plusSeconds(3600).atZone(FluviusCsvParser.BRUSSELS);
            FluviusGasHour hour = hours.apply(t);
            String status = hour == null ? "Geen gegevens" : hour.estimated() ? "Geschat" : "Uitgelezen";
            String calorific = hour == null ? "" : switch (hour.calorific()) {
                case PROVISIONAL -> "Voorlopig";
                case FINAL -> "Definitief";
                case UNKNOWN -> "";
            };
            row(out, from, to, ean, meter, "Afname", hour == null ? -1 : hour.litres(), status, "m³");
            out.append(";;");
            row(out, from, to, ean, meter, "Afname", hour == null ? -1 : hour.wattHours(), status, "kWh");
            out.append(';').append(calorific).append(';');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A made-up household, the same for the same seed: a base load with an evening rise, solar export around noon
     * from spring to autumn, and now and then a quarter Fluvius estimated.
     */
    public static Function<Quarter, ClosedQuarter> syntheticHousehold(long seed) {
        return q -> {
            long h = mix(seed ^ q.start().getEpochSecond());
            ZonedDateTime local = q.start().atZone(FluviusCsvParser.BRUSSELS);
            int hour = local.getHour();
            long base = 40 + Math.floorMod(h, 60);
            long evening = hour >= 17 && hour < 22 ? 80 + Math.floorMod(h >>> 8, 200) : 0;
            int month = local.getMonthValue();
            long sun = hour >= 9 && hour < 17 && month >= 3 && month <= 10 ? Math.floorMod(h >>> 16, 400) : 0;
            long imported = Math.max(0, base + evening - sun);
            long exported = Math.max(0, sun - base - evening);
            boolean estimated = Math.floorMod(h >>> 32, 500) == 0;
            boolean night = !isDay(local);
            return new ClosedQuarter(q, 0, new QuarterEnergy(night ? 0 : imported, night ? imported : 0,
                    night ? 0 : exported, night ? exported : 0), estimated);
        };
    }

    /** The meter's schedule in Flanders: day Monday to Friday from 07:00 to 22:00, night otherwise. */
    static boolean isDay(ZonedDateTime localStart) {
        DayOfWeek d = localStart.getDayOfWeek();
        int hour = localStart.getHour();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && hour >= 7 && hour < 22;
    }

    private static String status(ClosedQuarter reading) {
        return reading == null ? "Geen gegevens" : reading.estimated() ? "Geschat" : "Uitgelezen";
    }

    /** One row, without the Omschrijving (electricity) or calorific value (gas) field and its separator. */
    private static void row(StringBuilder out, ZonedDateTime from, ZonedDateTime to, String ean, String meter,
                            String register, long thousandths, String status, String unit) {
        out.append(CRLF);
        date(out, from).append(';');
        time(out, from).append(';');
        date(out, to).append(';');
        time(out, to).append(';');
        out.append("=\"").append(ean).append("\";").append(meter).append(";Digitale meter;").append(register)
                .append(';');
        if (thousandths >= 0) {
            out.append(thousandths / 1000).append(',');
            long fraction = thousandths % 1000;
            if (fraction < 100) {
                out.append('0');
            }
            if (fraction < 10) {
                out.append('0');
            }
            out.append(fraction);
        }
        out.append(';').append(unit == null ? "kWh" : unit).append(';').append(status);
        if (unit == null) {
            out.append(';');
        }
    }

    private static StringBuilder date(StringBuilder out, ZonedDateTime t) {
        two(out, t.getDayOfMonth()).append('-');
        two(out, t.getMonthValue()).append('-');
        return out.append(t.getYear());
    }

    private static StringBuilder time(StringBuilder out, ZonedDateTime t) {
        two(out, t.getHour()).append(':');
        two(out, t.getMinute()).append(':');
        return two(out, t.getSecond());
    }

    private static StringBuilder two(StringBuilder out, int v) {
        return out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static void checkEan(String ean) {
        Objects.requireNonNull(ean, "ean");
        if (!ean.matches("\\d{18}")) {
            throw new IllegalArgumentException("an EAN has 18 digits: " + ean);
        }
    }

    /** SplitMix64's finaliser: well-spread bits from a counter. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
