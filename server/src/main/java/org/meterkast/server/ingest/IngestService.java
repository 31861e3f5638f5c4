package org.meterkast.server.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.meterkast.p1.stream.TcpByteSource;
import org.meterkast.server.store.KeyedRows;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.sim.CarLoad;
import org.meterkast.sim.HomeStorage;
import org.meterkast.sim.Household;
import org.meterkast.sim.SimulatedInverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Reads the configured meters from startup to shutdown, each from its own source into its own pipeline. As a
 * lifecycle bean it stops, and every reading thread with it, before the database is closed.
 */
@Service
public class IngestService implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    /** What a switch from simulated to real keeps: the meter's address (its account) and its added source. */
    private static final Set<String> KEPT_ON_SWITCH = Set.of("location", "meter_source");
    /** The tables whose rows are measurements: a meter with any is not simulated over. */
    private static final Set<String> MEASUREMENTS = Set.of("quarter", "p1_quarter", "hourly_volume", "day_total",
            "production_quarter", "meter_state", "volume_state", "meter_month_peak");

    /** A meter being read: its source and the pipeline the source delivers to. */
    record Reading(Meter meter, MeterSource source, MeterIngest ingest, RawCapture capture,
                   AddedSourceProblems problems) {
        void close() {
            closeQuietly(source);
            if (capture != null) {
                capture.close();
            }
        }
    }

    private final IngestSettings settings;
    private final MeterSources sources;
    private final MeterRepository meters;
    private final QuarterRepository quarters;
    private final TransactionOperations transactions;
    private final ReceivedTelegrams received;
    private final Clock clock;
    private final AddedSources added;
    private final KeyedRows keyedRows;
    private final AddedSourceNetworks networks;
    private final MessageSource messages;
    private volatile Map<String, Reading> readings = Map.of();
    private volatile boolean running;

    IngestService(IngestSettings settings, MeterSources sources, MeterRepository meters, QuarterRepository quarters,
                  TransactionOperations transactions, ReceivedTelegrams received, Clock clock,
                  AddedSources added, KeyedRows keyedRows, AddedSourceNetworks networks,
                  MessageSource messages) {
        this.networks = networks;
        this.messages = messages;
        this.keyedRows = keyedRows;
        this.added = added;
        this.settings = settings;
        this.sources = sources;
        this.meters = meters;
        this.quarters = quarters;
        this.transactions = transactions;
        this.received = received;
        this.clock = clock;
    }

    /**
     * The counts of the meter with this name, if it is being read. For a source added in the app, the last
     * problem is a fixed category in the request's language and skipped bytes are not counted in the answer: what
     * a peer sent is never shown to the account (the server's log has the details).
     */
    public Optional<IngestCounts> counts(String meter) {
        Reading reading = readings.get(meter);
        if (reading == null) {
            return Optional.empty();
        }
        IngestCounts c = reading.ingest().counts();
        if (reading.problems() == null) {
            return Optional.of(c);
        }
        String category = reading.problems().category();
        if (category == null && c.telegrams() == 0) {
            category = AddedSourceProblems.NO_TELEGRAM_YET;
        }
        String problem = category == null ? null
                : messages.getMessage("ingest.problem." + category, null, LocaleContextHolder.getLocale());
        return Optional.of(new IngestCounts(c.source(), c.connected(), c.connects(), c.disconnects(),
                c.openFailures(), c.retryIn(), c.telegrams(), c.rejected(), 0, c.parseErrors(), c.warnings(),
                c.unusable(), c.clockRefused(), c.ignoredReadings(), c.segmentBreaks(), c.quarantined(), c.quartersStored(),
                c.storeFailures(), c.failures(), c.emptyMessages(), c.unauthorized(), problem, c.lastTelegramAt()));
    }

    /**
     * The roof of the simulated household read as this meter, continuing the production counter of its history;
     * empty for any other meter, one simulated without its roof, or one not being read.
     */
    public Optional<SimulatedInverter> simulatedRoof(String meter) {
        MeterSettings meterSettings = settings.meters().get(meter);
        Reading reading = readings.get(meter);
        if (meterSettings == null || !meterSettings.withRoof() || reading == null
                || !(reading.source() instanceof SimulatedMeterSource simulated)) {
            return Optional.empty();
        }
        return Optional.of(simulated.inverter());
    }

    /** The simulated household read as this meter; empty for any other meter, or one not being read. */
    public Optional<Household> simulatedHousehold(String meter) {
        return simulatedSource(meter).map(SimulatedMeterSource::household);
    }

    /**
     * Has the simulated household read as this meter count its car as {@code load} draws it (its simulated charge
     * point), in place of its own car load; false, changing nothing, for any other meter.
     */
    public boolean chargeSimulatedCar(String meter, CarLoad load) {
        Optional<SimulatedMeterSource> source = simulatedSource(meter);
        source.ifPresent(s -> s.chargeCarAt(load));
        return source.isPresent();
    }

    /**
     * Has the simulated household read as this meter count a home battery and a boiler as {@code storage} runs them
     * (the server's simulated ones, steered by the address's loop); false, changing nothing, for any other meter.
     */
    public boolean storeSimulated(String meter, HomeStorage storage) {
        Optional<SimulatedMeterSource> source = simulatedSource(meter);
        source.ifPresent(s -> s.storeAt(storage));
        return source.isPresent();
    }

    private Optional<SimulatedMeterSource> simulatedSource(String meter) {
        Reading reading = readings.get(meter);
        return reading != null && reading.source() instanceof SimulatedMeterSource simulated ? Optional.of(simulated)
                : Optional.empty();
    }

    /** Whether a meter of this name is configured, read or not. */
    public boolean isConfigured(String meter) {
        return settings.meters().containsKey(meter);
    }

    /** The names of the meters being read now: the configured ones and those added in the app. */
    public List<String> readMeters() {
        return List.copyOf(readings.keySet());
    }

    /** The names of the configured meters, in order. */
    public List<String> configuredMeters() {
        return List.copyOf(settings.meters().keySet());
    }

    /** Whether sources can be added in the app on this server. */
    public boolean acceptsAddedSources() {
        return settings.addedSources();
    }

    /** Whether the meter of this name is the built-in simulated household. */
    public boolean isSimulated(String meter) {
        MeterSettings meterSettings = settings.meters().get(meter);
        return meterSettings != null && meterSettings.type() == MeterSettings.SourceType.SIM;
    }

    /** The EAN configured for the meter's electricity connection ({@code meterkast.meters.<name>.ean}). */
    public Optional<String> ean(String meter) {
        return Optional.ofNullable(settings.meters().get(meter)).map(MeterSettings::ean);
    }

    /** The EAN configured for the meter's gas connection ({@code meterkast.meters.<name>.gas-ean}). */
    public Optional<String> gasEan(String meter) {
        return Optional.ofNullable(settings.meters().get(meter)).map(MeterSettings::gasEan);
    }

    @Override
    public boolean isAutoStartup() {
        return settings.readMeters();
    }

    /** The meter being read under this name, with its source. */
    Optional<Reading> reading(String meter) {
        return Optional.ofNullable(readings.get(meter));
    }

    @Override
    public synchronized void start() {
        // daily sums for the charts, for meters stored before they were kept
        meters.all().forEach(m -> quarters.ensureDayTotals(m.id()));
        Map<String, Reading> started = new LinkedHashMap<>();
        try {
            settings.meters().forEach((name, meterSettings) -> startReading(name, meterSettings, started, false));
            if (settings.addedSources()) {
                added.all().forEach(a -> startReading(a.meter(), MeterSettings.added(a.type(), a.address()), started,
                        true));
            }
        } catch (RuntimeException e) {
            // one meter that cannot start stops the start: close the ones already reading
            started.values().forEach(Reading::close);
            throw e;
        }
        readings = Map.copyOf(started);
        running = true;
    }

    private void startReading(String name, MeterSettings meterSettings, Map<String, Reading> started,
                              boolean addedInApp) {
        checkSourceSwitch(name, meterSettings.type());
        Optional<MeterSource> made = addedInApp ? Optional.of(sources.createAdded(name, meterSettings))
                : sources.create(name, meterSettings);
        made.ifPresent(source -> {
            Meter meter = meters.register(name, source.describe());
            source.prepare(meter, quarters, meters, transactions);
            MeterIngest ingest = new MeterIngest(meter, source.describe(), source.replays(), quarters, meters, transactions,
                    received::deliver, clock, meterSettings.connectionLimit());
            RawCapture capture = null;
            if (meterSettings.capture() != null) {
                capture = new RawCapture(settings.captureFolder().resolve(name + ".p1"),
                        meterSettings.capture().toBytes());
                source.capture(capture);
                log.info("meter '{}': keeping the raw bytes received in {} (at most {} with {}.1)", name,
                        capture.file(), meterSettings.capture(), capture.file().getFileName());
            }
            AddedSourceProblems problems = addedInApp ? new AddedSourceProblems(ingest) : null;
            started.put(name, new Reading(meter, source, ingest, capture, problems));
            source.start(problems != null ? problems : ingest);
        });
    }

    /**
     * A meter's stored data must all come from one kind of source. A meter that was simulated and is now read from a
     * real source loses every simulated row (quarters, totals, peaks, tariffs and Prepaid set up on it, notices),
     * in one transaction, so that neither its charts nor its bills mix the simulation in. A meter holding real
     * measurements is never given simulated history: the start stops instead, naming the setting.
     */
    private void checkSourceSwitch(String name, MeterSettings.SourceType type) {
        Optional<Meter> stored = meters.find(name);
        if (stored.isEmpty()) {
            return;
        }
        Meter meter = stored.get();
        boolean wasSimulated = meter.source().startsWith(SimulatedMeterSource.DESCRIBED_AS);
        boolean simulated = type == MeterSettings.SourceType.SIM;
        if (wasSimulated && !simulated) {
            Map<String, Integer> removed = transactions.execute(t -> {
                Map<String, Integer> rows = keyedRows.delete("meter_id", meter.id(), KEPT_ON_SWITCH);
                meters.register(name, "simulation removed");
                return rows;
            });
            log.warn("meter '{}' was a simulated household and is now read from a real source ({}): the simulated "
                    + "data stored for it was removed so that it does not mix with the real meter's; rows removed "
                    + "per table: {}", name, type.name().toLowerCase(java.util.Locale.ROOT), removed);
        } else if (!wasSimulated && simulated && keyedRows.any("meter_id", meter.id(), MEASUREMENTS)) {
            throw new IllegalStateException("meter '" + name + "' holds data read from a real source ("
                    + meter.source() + ") and meterkast.meters." + name + ".type is sim: a simulation would mix "
                    + "its history into the real meter's. Set meterkast.meters." + name + ".type to the meter's "
                    + "real source, or simulate under another name (meterkast.meters." + name
                    + ".type=none and meterkast.meters.demo.type=sim)");
        }
    }

    /**
     * Starts reading a live source an address was given in the app, {@code tcp} (a dongle's host:port) or
     * {@code homewizard} (a HomeWizard P1 meter's host), now and at every start. Off with
     * {@code meterkast.added-sources=false}.
     *
     * @throws IllegalArgumentException when the kind or the address is not one a source can use
     * @throws IllegalStateException    when sources added in the app are off on this server
     * @throws AddedSourceNetworks.RefusedException when the host is unknown or outside the allowed networks
     */
    public synchronized void startAdded(String meter, String kind, String address)
            throws AddedSourceNetworks.RefusedException {
        MeterSettings.SourceType type = switch (kind) {
            case "tcp" -> MeterSettings.SourceType.TCP;
            case "homewizard" -> MeterSettings.SourceType.HOMEWIZARD;
            default -> throw new IllegalArgumentException("'" + kind + "' is not a live source: tcp or homewizard");
        };
        if (!settings.addedSources()) {
            throw new IllegalStateException("sources added in the app are off on this server");
        }
        MeterSettings meterSettings = MeterSettings.added(type, address);
        meterSettings.check(meter);
        networks.check(type == MeterSettings.SourceType.TCP ? TcpByteSource.parse(address).host()
                : HomeWizardMeterSource.telegramUri(address).getHost());
        added.save(meter, type, address);
        if (running) {
            Map<String, Reading> now = new LinkedHashMap<>(readings);
            startReading(meter, meterSettings, now, true);
            readings = Map.copyOf(now);
        }
    }

    /**
     * Stops reading the live source an address was given in the app and forgets it, so that it is not read again at
     * the next start; the meter's stored data stays. Returns whether the meter had such a source.
     */
    public synchronized boolean stopAdded(String meter) {
        Reading reading = readings.get(meter);
        if (reading != null && reading.problems() != null) {
            Map<String, Reading> now = new LinkedHashMap<>(readings);
            now.remove(meter);
            readings = Map.copyOf(now);
            reading.close();
        }
        return added.remove(meter);
    }

    /** The live source an address was given in the app for this meter: its kind ({@code tcp}, {@code homewizard}) and address. */
    public Optional<String[]> addedSource(String meter) {
        return added.all().stream().filter(a -> a.meter().equals(meter))
                .map(a -> new String[] {a.type().name().toLowerCase(java.util.Locale.ROOT), a.address()}).findFirst();
    }

    @Override
    public synchronized void stop() {
        List<Reading> stopping = new ArrayList<>(readings.values());
        readings = Map.of();
        stopping.forEach(Reading::close);
        running = false;
    }

    private static void closeQuietly(MeterSource source) {
        try {
            source.close();
        } catch (RuntimeException e) {
            log.warn("closing {} failed", source.describe(), e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
