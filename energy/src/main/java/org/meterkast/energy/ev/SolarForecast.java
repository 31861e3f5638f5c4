package org.meterkast.energy.ev;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meterkast.energy.quarter.Quarter;

/**
 * The solar production to expect per quarter hour over the next hours, from the household's own recent production
 * and the sun's position, or from an imported forecast where one is given.
 *
 * <p>The shape of a day is the clear-sky irradiance on level ground (Haurwitz: 1098 W/m² × sin h × e^(−0.057 / sin h)
 * at elevation h), averaged over each quarter. Each recent day's production divided by that day's clear-sky
 * irradiance gives its yield, in Wh per W/m². The best recent day's yield is what the installation gives under a
 * clear sky (its size, orientation and losses in one figure); the mean yield of the recent days is what to expect,
 * so a clear week forecasts clear days and a cloudy week cloudy ones. A day counts only when its quarters cover at
 * least 80 % of its clear-sky irradiance, so a gap in the data does not pass for clouds. Days are UTC days, which in
 * Belgium begin and end at night. Without any such day the forecast is zero.
 */
public final class SolarForecast {
    /** 48 hours of quarters. */
    public static final int HORIZON_QUARTERS = 192;

    private static final int SAMPLES = 3;
    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();
    private static final double COVERAGE = 0.8;

    private final double latitude;
    private final double longitude;

    /** A forecast for an installation at this latitude and longitude, degrees (north and east positive). */
    public SolarForecast(double latitude, double longitude) {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("latitude must be −90…90 and longitude −180…180, not " + latitude
                    + ", " + longitude);
        }
        this.latitude = latitude;
        this.longitude = longitude;
    }

    /**
     * The forecast of {@code quarters} quarters from {@code first}.
     *
     * @param recent   the household's production per quarter over the last days (7 to 14 is right)
     * @param imported a forecast from elsewhere, for the quarters it covers (empty for none)
     */
    public List<SolarQuarter> forecast(Quarter first, int quarters, List<QuarterProduction> recent,
                                       List<QuarterProduction> imported) {
        if (quarters < 0) {
            throw new IllegalArgumentException("quarters must not be negative, not " + quarters);
        }
        double[] yields = yields(recent);
        double best = 0;
        double sum = 0;
        for (double y : yields) {
            best = Math.max(best, y);
            sum += y;
        }
        double mean = yields.length == 0 ? 0 : sum / yields.length;
        Map<Quarter, Long> given = new HashMap<>();
        for (QuarterProduction p : imported) {
            if (given.put(p.quarter(), p.wattHours()) != null) {
                throw new IllegalArgumentException("imported forecast: quarter " + p.quarter() + " given twice");
            }
        }
        var out = new ArrayList<SolarQuarter>(quarters);
        for (int i = 0; i < quarters; i++) {
            Quarter q = first.plus(i);
            double clearSky = clearSkyIrradiance(q);
            Long fromElsewhere = given.get(q);
            long clearSkyWh = Math.round(clearSky * best);
            out.add(fromElsewhere != null
                    ? new SolarQuarter(q, fromElsewhere, clearSkyWh, true)
                    : new SolarQuarter(q, Math.round(clearSky * mean), clearSkyWh, false));
        }
        return out;
    }

    /** Each countable recent day's yield: its production over its clear-sky irradiance, Wh per W/m². */
    private double[] yields(List<QuarterProduction> recent) {
        Map<LocalDate, double[]> days = new TreeMap<>();    // production Wh, clear-sky irradiance of those quarters
        var seen = new java.util.HashSet<Quarter>();
        for (QuarterProduction p : recent) {
            if (!seen.add(p.quarter())) {
                throw new IllegalArgumentException("recent production: quarter " + p.quarter() + " given twice");
            }
            double clearSky = clearSkyIrradiance(p.quarter());
            if (clearSky > 0) {
                double[] day = days.computeIfAbsent(day(p.quarter()), d -> new double[2]);
                day[0] += p.wattHours();
                day[1] += clearSky;
            }
        }
        List<Double> yields = new ArrayList<>();
        days.forEach((date, day) -> {
            if (day[1] >= COVERAGE * dayClearSky(date)) {
                yields.add(day[0] / day[1]);
            }
        });
        return yields.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static LocalDate day(Quarter q) {
        return LocalDate.ofInstant(q.start(), ZoneOffset.UTC);
    }

    private double dayClearSky(LocalDate date) {
        Quarter q = Quarter.containing(date.atStartOfDay(ZoneOffset.UTC).toInstant());
        double sum = 0;
        for (int i = 0; i < 96; i++) {
            sum += clearSkyIrradiance(q.plus(i));
        }
        return sum;
    }

    /** The clear-sky irradiance on level ground averaged over the quarter, W/m² (0 at night). */
    public double clearSkyIrradiance(Quarter q) {
        double sum = 0;
        for (int s = 0; s < SAMPLES; s++) {
            long t = q.start().getEpochSecond() + (2 * s + 1) * QUARTER_SECONDS / (2 * SAMPLES);
            double sinH = SunPosition.sinElevation(t, latitude, longitude);
            if (sinH > 0) {
                sum += 1098 * sinH * Math.exp(-0.057 / sinH);
            }
        }
        return sum / SAMPLES;
    }
}
