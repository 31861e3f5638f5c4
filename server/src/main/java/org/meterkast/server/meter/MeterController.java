package org.meterkast.server.meter;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.meterkast.energy.quarter.Bucket;
import org.meterkast.energy.quarter.BucketSize;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarantine;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.p1.Medium;
import org.meterkast.server.account.SignedIn;
import org.meterkast.server.control.Devices;
import org.meterkast.server.ingest.IngestCounts;
import org.meterkast.server.ingest.IngestService;
import org.meterkast.server.live.LiveState;
import org.meterkast.server.live.LiveSummary;
import org.meterkast.server.location.LocationRepository;
import org.meterkast.server.solar.InverterCounts;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterMonthPeak;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.ProductionRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.store.StoredQuarter;
import org.meterkast.server.web.BadParameterException;
import org.meterkast.server.web.Parameters;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The meters, their latest values, their quarters and their local-time sums. */
@RestController
@RequestMapping("/api/meters")
public class MeterController {
    /** Chart buckets follow the Belgian calendar: days of 23, 24 or 25 hours. */
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** About ten years of quarters: a bound on one answer's size, not on what is kept. */
    static final Duration LONGEST_RANGE = Parameters.LONGEST_RANGE;

    /**
     * A meter of one of the account's addresses, with what its ingest has counted; counts are null for a meter not
     * being read now.
     *
     * @param location       the address's id, and its name as the household calls it
     * @param hasInverter    whether a solar inverter is known for the meter (configured, or production stored):
     *                       then its live power and production per bucket are given
     * @param inverterCounts what the inverter's poller has counted, null when it is not being read
     */
    public record MeterView(String id, String source, IngestCounts counts, long location, String locationName,
                     boolean hasInverter, InverterCounts inverterCounts) {
    }

    /**
     * A bucket of {@code /buckets}: the meter's sums ({@link Bucket}'s fields), the solar production, gas and water
     * in it. Gas and water are the hours that start in the bucket (their meters count per hour).
     *
     * @param productionWh what the inverter produced in the bucket, Wh; null when the meter has no inverter
     * @param gasLitres    the gas meter's volume, litres (m³ ÷ 1000); null when no gas hour is stored for the meter
     * @param gasWh        the gas energy, Wh: Fluvius' kWh where its export gave them, otherwise the litres at
     *                     {@link org.meterkast.energy.tariff.GasTariff#WH_PER_LITRE}; null without gas
     * @param waterLitres  the water meter's volume, litres; null when no water hour is stored for the meter
     */
    record BucketView(Instant start, Instant end, QuarterEnergy energy, int quarters, int estimated, int expected,
                      Long productionWh, Long gasLitres, Long gasWh, Long waterLitres) {
        static BucketView of(Bucket b, Long productionWh, QuarterRepository.VolumeSums gas,
                             QuarterRepository.VolumeSums water, int i) {
            return new BucketView(b.start(), b.end(), b.energy(), b.quarters(), b.estimated(), b.expected(),
                    productionWh, gas == null ? null : gas.litres()[i], gas == null ? null : gas.wattHours()[i],
                    water == null ? null : water.litres()[i]);
        }
    }

    private final MeterRepository meters;
    private final QuarterRepository quarters;
    private final ProductionRepository production;
    private final IngestService ingest;
    private final Devices devices;
    private final LiveState live;

    private final LocationRepository locations;
    private final MessageSource messages;

    MeterController(MeterRepository meters, QuarterRepository quarters, ProductionRepository production,
                    IngestService ingest, Devices devices, LiveState live, LocationRepository locations,
                    MessageSource messages) {
        this.devices = devices;
        this.locations = locations;
        this.messages = messages;
        this.meters = meters;
        this.quarters = quarters;
        this.production = production;
        this.ingest = ingest;
        this.live = live;
    }

    @GetMapping
    public List<MeterView> meters() {
        return locations.ofAccount(SignedIn.require().accountId()).stream()
                .map(l -> {
                    Meter m = meters.require(l.meter());
                    return new MeterView(m.name(), m.source(), ingest.counts(m.name()).orElse(null), l.id(), l.name(),
                            hasInverter(m), devices.inverterCounts(m.name()).orElse(null));
                })
                .toList();
    }

    /** The meter's latest telegram, or 204 No Content while it has none (an address without a live source). */
    @GetMapping("/{id}/latest")
    public ResponseEntity<LiveSummary> latest(@PathVariable("id") String id) {
        meters.require(id);
        return live.latest(id).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    /**
     * A quarter as the API shows it: ours, and the meter's own view beside it.
     *
     * @param importPowerW  our quarter's average import power: its import energy × 4, in W
     * @param meterDemandW  the meter's own last current average demand (1-0:1.4.0) in the quarter, in W, or null
     */
    record QuarterView(Quarter quarter, int segment, QuarterEnergy energy, boolean estimated, long importPowerW,
                       Long meterDemandW) {
        static QuarterView of(StoredQuarter stored) {
            ClosedQuarter q = stored.quarter();
            QuarterEnergy e = q.energy();
            return new QuarterView(q.quarter(), q.segment(), e, q.estimated(),
                    e.averageImportWatts(), stored.meterDemandW());
        }
    }

    @GetMapping("/{id}/quarters")
    List<QuarterView> quarters(@PathVariable("id") String id, @RequestParam("from") Instant from,
                               @RequestParam("to") Instant to) {
        Meter meter = meters.require(id);
        Parameters.checkRange(from, to, LONGEST_RANGE);
        return quarters.storedQuarters(meter.id(), from, to).stream().map(QuarterView::of).toList();
    }

    /**
     * A register step above what the connection carries, as {@code /quarantine} shows it: the readings on either
     * side, what the step implies, the limit, what the readings after it made of it and that in words.
     *
     * @param quarter     the first quarter hour the step falls in
     * @param importWh    the import the step implies, day and night together, Wh
     * @param exportWh    the export the step implies, Wh
     * @param limitW      the connection's limit, W
     * @param limitWh     the same for a quarter hour, Wh
     * @param resolution  {@code spike_discarded}, {@code new_level} or {@code over_limit}
     * @param explanation the resolution in the user's language
     */
    record QuarantineView(Quarter quarter, RegisterSnapshot before, RegisterSnapshot after, QuarterEnergy energy,
                          long importWh, long exportWh, long limitW, double limitWh, String resolution,
                          String explanation) {
        static QuarantineView of(Quarantine q, String explanation) {
            return new QuarantineView(q.quarter(), q.before(), q.after(), q.energy(), q.energy().imported(),
                    q.energy().exported(), q.limitW(), q.limitW() / 4.0, resolution(q), explanation);
        }

        static String resolution(Quarantine q) {
            return q.resolution().name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The meter's register steps above what its connection carries ({@code meterkast.meters.<name>.max-power}),
     * newest first: their quarters were not billed as they were.
     */
    @GetMapping("/{id}/quarantine")
    List<QuarantineView> quarantine(@PathVariable("id") String id, Locale locale) {
        Meter meter = meters.require(id);
        return quarters.quarantine(meter.id()).stream()
                .map(q -> QuarantineView.of(q, messages.getMessage(
                        "quarantine." + QuarantineView.resolution(q).replace('_', '-'), null, locale)))
                .toList();
    }

    /** The meter's own monthly peaks (1-0:1.6.0 and the 0-0:98.1.0 history), oldest month first. */
    @GetMapping("/{id}/meter-peaks")
    List<MeterMonthPeak> meterPeaks(@PathVariable("id") String id) {
        return meters.monthPeaks(meters.require(id).id());
    }

    @GetMapping("/{id}/buckets")
    List<BucketView> buckets(@PathVariable("id") String id, @RequestParam(name = "size", defaultValue = "day") String size,
                         @RequestParam("from") Instant from, @RequestParam("to") Instant to) {
        Meter meter = meters.require(id);
        BucketSize bucketSize = bucketSize(size);
        Parameters.checkRange(from, to, LONGEST_RANGE);
        List<Bucket> buckets = quarters.buckets(meter.id(), from, to, bucketSize, BRUSSELS);
        long[] produced = hasInverter(meter) ? production.sums(meter.id(), buckets, to, bucketSize, BRUSSELS) : null;
        QuarterRepository.VolumeSums gas = quarters.volumeSums(meter.id(), Medium.GAS, buckets);
        QuarterRepository.VolumeSums water = quarters.volumeSums(meter.id(), Medium.WATER, buckets);
        List<BucketView> views = new ArrayList<>(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            views.add(BucketView.of(buckets.get(i), produced == null ? null : produced[i], gas, water, i));
        }
        return views;
    }

    private boolean hasInverter(Meter meter) {
        return devices.hasInverter(meter.name()) || production.any(meter.id());
    }

    private static BucketSize bucketSize(String size) {
        try {
            return BucketSize.valueOf(size.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("size", "error.parameter.not-one-of", "size", size,
                    Arrays.stream(BucketSize.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList().toString());
        }
    }
}
