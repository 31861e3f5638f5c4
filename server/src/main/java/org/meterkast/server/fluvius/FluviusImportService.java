package org.meterkast.server.fluvius;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.meterkast.energy.fluvius.FluviusCsvParser;
import org.meterkast.energy.fluvius.FluviusExport;
import org.meterkast.energy.fluvius.FluviusFormatException;
import org.meterkast.server.ingest.IngestService;
import org.meterkast.server.location.LocationRepository;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.store.UnknownMeterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.unit.DataSize;

/**
 * Imports Mijn Fluvius exports into a meter's store: the whole file is read and checked first, then written in one
 * transaction, so a bad file imports nothing. An upload goes to a temporary file, which the parser reads mapped
 * into memory, so no upload is held on the heap. Imports run {@code meterkast.fluvius.imports.running} at a time
 * (1) on their own threads, with at most {@code meterkast.fluvius.imports.waiting} (2) more waiting: beyond, an
 * upload is refused with 429 before it is read. The recent ones are kept in memory with their progress, every
 * finished one in {@code fluvius_import}.
 */
@Service
class FluviusImportService {
    private static final Logger log = LoggerFactory.getLogger(FluviusImportService.class);
    private static final int RECENT = 50;

    private final MeterRepository meters;
    private final QuarterRepository quarters;
    private final IngestService ingest;
    private final TransactionOperations transactions;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Deque<ImportJob> recent = new ArrayDeque<>();
    private final ExecutorService worker;
    /** Imports running and waiting: a permit is taken before an upload is read and given back when it ends. */
    private final Semaphore slots;
    private final long maxBytes;

    private final LocationRepository locations;

    FluviusImportService(MeterRepository meters, QuarterRepository quarters, IngestService ingest,
                         LocationRepository locations, TransactionOperations transactions, JdbcClient jdbc,
                         Clock clock, @Value("${meterkast.fluvius.imports.running:1}") int running,
                         @Value("${meterkast.fluvius.imports.waiting:2}") int waiting,
                         @Value("${spring.servlet.multipart.max-file-size:60MB}") DataSize maxSize) {
        this.worker = Executors.newFixedThreadPool(Math.max(1, running), r -> {
            Thread t = new Thread(r, "fluvius-import");
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(Math.max(1, running) + Math.max(0, waiting));
        this.maxBytes = maxSize.toBytes();
        this.locations = locations;
        this.meters = meters;
        this.quarters = quarters;
        this.ingest = ingest;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Where an upload's bytes are written: the file a multipart part is moved to, or the request body copied. */
    @FunctionalInterface
    interface Upload {
        void writeTo(Path file) throws IOException;
    }

    /**
     * Starts importing an upload into the meter on an import thread; the job tells how it goes. The upload is
     * written to a temporary file first, deleted when the import ends.
     *
     * @throws ImportRefusedException 429 when as many imports run and wait as allowed, 413 when the upload is
     *                                larger than the multipart limit, 400 when it is empty
     */
    ImportJob start(String meterName, Upload upload) throws IOException {
        if (!slots.tryAcquire()) {
            throw new ImportRefusedException(429, "fluvius.import.busy");
        }
        Path file = null;
        boolean queued = false;
        try {
            Meter meter = meter(meterName);
            file = Files.createTempFile("meterkast-fluvius-", ".csv");
            upload.writeTo(file);
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new ImportRefusedException(413, "fluvius.import.too-large", DataSize.ofBytes(maxBytes).toMegabytes());
            }
            ImportJob job = prepare(meter, meterName, size);
            Path csv = file;
            worker.execute(() -> {
                try (FileChannel channel = FileChannel.open(csv, StandardOpenOption.READ)) {
                    run(job, channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
                } catch (IOException | RuntimeException e) {
                    log.warn("meter '{}': import {} could not read its upload", job.meter, job.id, e);
                    failed(job, 0, "fluvius.import.failed", String.valueOf(e.getMessage()));
                } finally {
                    delete(csv);
                    slots.release();
                }
            });
            queued = true;
            return job;
        } finally {
            if (!queued) {
                if (file != null) {
                    delete(file);
                }
                slots.release();
            }
        }
    }

    /** The most bytes an upload may have. */
    long maxBytes() {
        return maxBytes;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete the uploaded file {}: {}", file, e.getMessage());
        }
    }

    /** Checks the meter and the file's size and makes the job, not yet run. */
    ImportJob prepare(String meterName, byte[] file) {
        return prepare(meter(meterName), meterName, file.length);
    }

    private Meter meter(String meterName) {
        return meters.find(meterName).orElseGet(() -> {
            if (!ingest.isConfigured(meterName)) {
                throw new UnknownMeterException(meterName);
            }
            // a configured meter not read yet (the command line does not read meters): stored now
            return meters.register(meterName, "none");
        });
    }

    private ImportJob prepare(Meter meter, String meterName, long size) {
        if (size == 0) {
            throw new ImportRefusedException(400, "fluvius.import.empty");
        }
        ImportJob job = new ImportJob(UUID.randomUUID().toString(), meterName, meter.id(), clock.instant(), size);
        synchronized (recent) {
            recent.addFirst(job);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        return job;
    }

    /** Reads, checks and stores the file, on the calling thread; the job ends done or failed, never throws. */
    void run(ImportJob job, byte[] file) {
        run(job, ByteBuffer.wrap(file));
    }

    private void run(ImportJob job, ByteBuffer file) {
        try {
            long t0 = System.nanoTime();
            FluviusExport export = FluviusCsvParser.parse(file, (bytes, total, rows) -> {
                job.bytesRead = bytes;
                job.rowsRead = rows;
            });
            long t1 = System.nanoTime();
            job.parseMillis = (t1 - t0) / 1_000_000;
            checkEan(job.meter, export);
            job.export = export;
            int changed = transactions.execute(status -> {
                int n = export.kind() == FluviusExport.Kind.ELECTRICITY
                        ? quarters.saveFluvius(job.meterId, export.quarters())
                        : quarters.saveFluviusGas(job.meterId, export.gasHours());
                job.changed = n;
                record(job, ImportJob.State.DONE);
                return n;
            });
            // done only once committed: whoever sees "done" then reads the quarters
            job.state = ImportJob.State.DONE;
            job.storeMillis = (System.nanoTime() - t1) / 1_000_000;
            log.info("meter '{}': Fluvius {} export of {} imported: {} rows, {} intervals, {} changed, {} missing, "
                            + "{} estimated, {} to {}", job.meter, export.kind().name().toLowerCase(Locale.ROOT), export.ean(),
                    export.rows(), export.intervals(), changed, export.missing(), export.estimates(), export.from(),
                    export.to());
        } catch (FluviusFormatException e) {
            failed(job, e.lineNumber(), "fluvius.import.bad-line", String.valueOf(e.lineNumber()), e.problem());
        } catch (ImportRefusedException e) {
            failed(job, 0, e.code(), e.arguments());
        } catch (RuntimeException e) {
            log.warn("meter '{}': import {} failed", job.meter, job.id, e);
            failed(job, 0, "fluvius.import.failed", String.valueOf(e.getMessage()));
        } finally {
            // the recent jobs stay in memory: they keep what the export says, not its quarters
            FluviusExport e = job.export;
            if (e != null) {
                job.export = new FluviusExport(e.kind(), e.ean(), e.meterSerial(), List.of(), List.of(), List.of(),
                        e.rows(), e.intervals(), e.estimates(), e.missing(), e.from(), e.to());
            }
        }
    }

    private void checkEan(String meter, FluviusExport export) {
        boolean gas = export.kind() == FluviusExport.Kind.GAS;
        // the EAN of the meter's address, else the one in the meter's configuration
        Optional<String> configured = locations.ean(meter, gas)
                .or(() -> gas ? ingest.gasEan(meter) : ingest.ean(meter));
        if (configured.isPresent() && !configured.get().equals(export.ean())) {
            throw new ImportRefusedException(422, gas ? "fluvius.import.wrong-gas-ean" : "fluvius.import.wrong-ean",
                    export.ean(), meter, configured.get());
        }
    }

    private void failed(ImportJob job, int line, String code, Object... arguments) {
        job.fail(line, code, arguments);
        try {
            transactions.executeWithoutResult(status -> record(job, job.state));
        } catch (RuntimeException e) {
            log.warn("meter '{}': the failed import {} could not be recorded", job.meter, job.id, e);
        }
    }

    private void record(ImportJob job, ImportJob.State state) {
        FluviusExport e = job.export;
        jdbc.sql("""
                        INSERT INTO fluvius_import (id, meter_id, started_epoch, state, kind, ean, rows_read, stored,
                            missing, estimates, first_epoch, last_epoch, error_line, error)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(job.id, job.meterId, job.started.getEpochSecond(),
                        state == ImportJob.State.DONE ? "done" : "failed",
                        e == null ? null : e.kind().name().toLowerCase(Locale.ROOT), e == null ? null : e.ean(),
                        e == null ? job.rowsRead : e.rows(), e == null ? 0 : e.intervals(),
                        e == null ? 0 : e.missing(), e == null ? 0 : e.estimates(),
                        e == null ? null : e.from().getEpochSecond(), e == null ? null : e.to().getEpochSecond(),
                        job.errorLine == 0 ? null : job.errorLine, job.errorCode == null ? null : job.errorCode)
                .update();
    }

    /** The import with this id, of this meter, while this server runs. */
    Optional<ImportJob> find(String meter, String id) {
        synchronized (recent) {
            return recent.stream().filter(j -> j.meter.equals(meter) && j.id.equals(id)).findFirst();
        }
    }

    /** The meter's imports since this server started, newest first. */
    List<ImportJob> recent(String meter) {
        synchronized (recent) {
            return new ArrayList<>(recent.stream().filter(j -> j.meter.equals(meter)).toList());
        }
    }

    /** How many imports of the meter were done and failed, ever: {"done": n, "failed": m}. */
    Map<String, Long> counts(int meterId) {
        Map<String, Long> counts = new java.util.TreeMap<>(Map.of("done", 0L, "failed", 0L));
        jdbc.sql("SELECT state, COUNT(*) FROM fluvius_import WHERE meter_id = ? GROUP BY state").param(meterId)
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }


    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
