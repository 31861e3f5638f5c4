package org.meterkast.server.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.p1.Medium;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.stream.ByteSource;
import org.meterkast.p1.stream.ByteTap;
import org.meterkast.p1.stream.TelegramListener;
import org.meterkast.p1.stream.TelegramReader;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.MeterState;
import org.meterkast.server.store.ProductionQuarter;
import org.meterkast.server.store.ProductionRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.sim.CarLoad;
import org.meterkast.sim.HomeStorage;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.MeterRegisters;
import org.meterkast.sim.SimulatedInverter;
import org.meterkast.sim.SimulatedMeter;
import org.meterkast.sim.SimulationClock;
import org.meterkast.sim.TelegramStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A simulated household as the meter, for a newcomer without one: on first start it stores a year of quarters
 * (and gas and water hours) so every chart has data, then sends a telegram every second through the same
 * framing and parsing as a real dongle. Started again, it fills the time it was stopped and goes on.
 *
 * <p>With its roof's inverter (the default), the history holds the roof's production per quarter too, counted from
 * the same integration as the meter's registers, and {@link #inverter()} continues that counter live.
 *
 * <p>The simulation is a pure function of its seed and the instant it was "installed" (the first stored
 * quarter), so every start recomputes the same meter; the quarter builder is then resumed from the recomputed
 * registers, whatever the last run's live integration left.
 */
final class SimulatedMeterSource implements MeterSource {
    private static final Logger log = LoggerFactory.getLogger(SimulatedMeterSource.class);
    /** Integration step for the history: a year takes about a second. */
    private static final Duration HISTORY_STEP = Duration.ofSeconds(60);
    private static final int BATCH = 4096;
    /** How a simulated household's source starts in the store's {@code meter.source}. */
    static final String DESCRIBED_AS = "simulated household";

    private final String meterName;
    private final long seed;
    private final Duration history;
    private final Clock clock;
    private final Household household;
    /** Where the roof's production history goes; null when the meter is read without its inverter. */
    private final ProductionRepository production;
    private volatile SimulatedMeter simulated;
    private SimulatedInverter inverter;
    /** What charges the household's car (its simulated charge point), or null: the household's own car load. */
    private volatile CarLoad car;
    /** The steered battery and boiler the meter counts, or null: the household has neither. */
    private volatile HomeStorage storage;
    private StreamMeterSource reader;
    private ByteTap tap;

    SimulatedMeterSource(String meterName, long seed, int historyDays, Clock clock, ProductionRepository production) {
        this.meterName = Objects.requireNonNull(meterName, "meterName");
        this.seed = seed;
        this.history = Duration.ofDays(historyDays);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.household = new Household(HouseholdSettings.defaults(seed));
        this.production = production;
    }

    /** The simulated household. */
    Household household() {
        return household;
    }

    /**
     * From now on the live telegrams count the car as {@code load} draws it, in place of the household's own car
     * load; the history stays the household's.
     */
    void chargeCarAt(CarLoad load) {
        car = load;
        SimulatedMeter meter = simulated;
        if (meter != null) {
            meter.chargeCarAt(load);
        }
    }

    /**
     * From now on the live telegrams count the battery and boiler as {@code storage} runs them; the history stays
     * the household's (which has neither).
     */
    void storeAt(HomeStorage storage) {
        this.storage = storage;
        SimulatedMeter meter = simulated;
        if (meter != null) {
            meter.storeAt(storage);
        }
    }

    /** The roof's inverter, continuing the production counter of the history; after {@link #prepare}. */
    SimulatedInverter inverter() {
        if (inverter == null) {
            throw new IllegalStateException("meter '" + meterName + "': the simulated household was not prepared");
        }
        return inverter;
    }

    @Override
    public void capture(ByteTap tap) {
        this.tap = tap;
    }

    @Override
    public String describe() {
        return DESCRIBED_AS + " (seed " + seed + ")";
    }

    @Override
    public void prepare(Meter meter, QuarterRepository quarters, MeterRepository meters,
                        TransactionOperations transactions) {
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant boundary = Quarter.containing(now).start();
        Optional<Instant[]> stored = quarters.span(meter.id());
        Instant installed = stored.map(span -> span[0]).orElse(Quarter.containing(now.minus(history)).start());
        Instant storedUpTo = stored.map(span -> span[1].plus(Quarter.LENGTH)).orElse(installed);
        int segment = meters.state(meter.id()).map(MeterState::segment).orElse(0);
        // production is filled on its own, so a database from before it was kept gets the roof's history too
        Instant producedUpTo = production == null ? boundary
                : production.last(meter.id()).map(ProductionQuarter::end).orElse(installed);
        List<ProductionQuarter> produced = new ArrayList<>();
        long[] solarCounter = new long[1];

        simulated = new SimulatedMeter(household, installed);
        List<ClosedQuarter> batch = new ArrayList<>(BATCH);
        List<HourlyVolume> gas = new ArrayList<>();
        List<HourlyVolume> water = new ArrayList<>();
        long[] hour = new long[3];          // start, gas litres, water litres of the hour being summed
        hour[0] = Long.MIN_VALUE;
        int[] added = new int[1];
        simulated.advanceTo(boundary, HISTORY_STEP, q -> {
            solarCounter[0] += q.solarWh();
            if (!q.start().isBefore(producedUpTo)) {
                produced.add(new ProductionQuarter(q.start(), q.solarWh(), solarCounter[0]));
                if (produced.size() == BATCH) {
                    saveProduction(transactions, meter, produced);
                }
            }
            if (q.start().isBefore(storedUpTo)) {
                return;
            }
            batch.add(new ClosedQuarter(new Quarter(q.start()), segment, q.tariff() == Tariff.DAY
                    ? new QuarterEnergy(q.importedWh(), 0, q.exportedWh(), 0)
                    : new QuarterEnergy(0, q.importedWh(), 0, q.exportedWh()), false));
            added[0]++;
            long hourStart = Math.floorDiv(q.start().getEpochSecond(), 3600) * 3600;
            if (hourStart != hour[0]) {
                closeHour(hour, segment, gas, water);
                hour[0] = hourStart;
            }
            hour[1] += q.gasLitres();
            hour[2] += q.waterLitres();
            if (batch.size() == BATCH) {
                save(transactions, quarters, meter, batch, gas, water);
            }
        });
        if ((boundary.getEpochSecond() - hour[0]) >= 3600) {
            closeHour(hour, segment, gas, water);
        }
        save(transactions, quarters, meter, batch, gas, water);
        saveProduction(transactions, meter, produced);

        // the live telegrams continue from these registers, so the quarter builder resumes from them
        MeterRegisters r = simulated.registers();
        meters.saveState(meter.id(), new MeterState(new RegisterSnapshot(boundary,
                new Registers(r.importDayWh(), r.importNightWh(), r.exportDayWh(), r.exportNightWh())), segment));
        simulated.advanceTo(now, Duration.ofSeconds(1));
        simulated.chargeCarAt(car);
        simulated.storeAt(storage);
        inverter = SimulatedInverter.following(simulated);
        log.info("meter '{}': {} installed {}; {} quarters of history added in {} ms", meterName, describe(),
                installed, added[0], (System.nanoTime() - started) / 1_000_000);
    }

    private static void closeHour(long[] hour, int segment, List<HourlyVolume> gas, List<HourlyVolume> water) {
        if (hour[0] != Long.MIN_VALUE) {
            gas.add(new HourlyVolume(Instant.ofEpochSecond(hour[0]), segment, hour[1], false));
            water.add(new HourlyVolume(Instant.ofEpochSecond(hour[0]), segment, hour[2], false));
        }
        hour[1] = 0;
        hour[2] = 0;
    }

    private static void save(TransactionOperations transactions, QuarterRepository quarters, Meter meter,
                             List<ClosedQuarter> batch, List<HourlyVolume> gas, List<HourlyVolume> water) {
        transactions.executeWithoutResult(status -> {
            quarters.save(meter.id(), batch);
            quarters.saveVolumes(meter.id(), Medium.GAS, gas);
            quarters.saveVolumes(meter.id(), Medium.WATER, water);
        });
        batch.clear();
        gas.clear();
        water.clear();
    }

    private void saveProduction(TransactionOperations transactions, Meter meter, List<ProductionQuarter> produced) {
        if (production != null && !produced.isEmpty()) {
            transactions.executeWithoutResult(status -> production.save(meter.id(), produced));
        }
        produced.clear();
    }

    @Override
    public synchronized void start(TelegramListener listener) {
        if (simulated == null) {
            throw new IllegalStateException("meter '" + meterName + "': the simulated household was not prepared");
        }
        reader = new StreamMeterSource(meterName, new LiveTelegrams(), TelegramReader.Options.DEFAULTS);
        reader.capture(tap);
        reader.start(listener);
    }

    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    /** The simulated meter's telegrams, one a second in real time, as the bytes a dongle would send. */
    private final class LiveTelegrams implements ByteSource {
        @Override
        public String describe() {
            return SimulatedMeterSource.this.describe();
        }

        @Override
        public InputStream open() {
            TelegramStream stream = TelegramStream.paced(simulated, SimulationClock.startingNow(clock, simulated.now(), 1));
            return new InputStream() {
                private byte[] telegram = new byte[0];
                private int position;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (position == telegram.length) {
                        try {
                            telegram = stream.next();
                        } catch (NoSuchElementException e) {
                            return -1;          // closed or interrupted: the reader stops or reopens
                        }
                        position = 0;
                    }
                    int n = Math.min(len, telegram.length - position);
                    System.arraycopy(telegram, position, b, off, n);
                    position += n;
                    return n;
                }

                @Override
                public void close() {
                    stream.close();
                }
            };
        }

        @Override
        public boolean isFinite() {
            return false;
        }
    }
}
