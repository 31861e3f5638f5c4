package org.meterkast.server.fluvius;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meterkast.energy.fluvius.FluviusExport;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Fluvius exports sent to a meter, how their import goes, and the P1 days they replaced beside Fluvius'. */
@RestController
@RequestMapping("/api/meters/{meter}")
class FluviusImportController {
    /** The reconciliation's days are Brussels calendar days, as the daily sums'. */
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    /** A receipt for an import that was started: where to ask how it goes. */
    record ImportStarted(String id, String state, String location) {
    }

    /** A meter's recent imports, and how many were done and failed in all. */
    record ImportList(long done, long failed, List<ImportView> recent) {
    }

    private final FluviusImportService imports;
    private final MeterRepository meters;
    private final QuarterRepository quarters;
    private final MessageSource messages;

    FluviusImportController(FluviusImportService imports, MeterRepository meters, QuarterRepository quarters,
                            MessageSource messages) {
        this.imports = imports;
        this.meters = meters;
        this.quarters = quarters;
        this.messages = messages;
    }

    @PostMapping(path = "/imports", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE,
        MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<ImportStarted> importBody(@PathVariable("meter") String meter, InputStream csv)
            throws IOException {
        return started(meter, imports.start(meter, file -> copy(csv, file, imports.maxBytes())));
    }

    @PostMapping(path = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportStarted> importUpload(@PathVariable("meter") String meter,
                                               @RequestParam("file") MultipartFile file) throws IOException {
        // the part is on disk already (or small): it is moved or written there, never read into the heap
        return started(meter, imports.start(meter, file::transferTo));
    }

    /** Copies a request body to the file, refusing it with 413 once it is larger than allowed. */
    private static void copy(InputStream body, Path file, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new ImportRefusedException(413, "fluvius.import.too-large", maxBytes / (1024 * 1024));
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static ResponseEntity<ImportStarted> started(String meter, ImportJob job) {
        String location = "/api/meters/" + meter + "/imports/" + job.id;
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", location)
                .body(new ImportStarted(job.id, "running", location));
    }

    @GetMapping("/imports/{id}")
    ImportView importState(@PathVariable("meter") String meter, @PathVariable("id") String id, Locale locale) {
        meters.require(meter);
        return imports.find(meter, id).map(j -> view(j, locale))
                .orElseThrow(() -> new ImportRefusedException(404, "fluvius.import.unknown", meter, id));
    }

    @GetMapping("/imports")
    ImportList importList(@PathVariable("meter") String meter, Locale locale) {
        Meter m = meters.require(meter);
        Map<String, Long> counts = imports.counts(m.id());
        return new ImportList(counts.get("done"), counts.get("failed"),
                imports.recent(meter).stream().map(j -> view(j, locale)).toList());
    }

    @GetMapping("/reconciliation")
    List<ReconciliationView> reconciliation(@PathVariable("meter") String meter,
                                            @RequestParam("from") LocalDate from, @RequestParam("to") LocalDate to) {
        Meter m = meters.require(meter);
        return quarters.reconciliation(m.id(), from.atStartOfDay(BRUSSELS).toInstant(),
                to.atStartOfDay(BRUSSELS).toInstant()).stream().map(ReconciliationView::of).toList();
    }

    private ImportView view(ImportJob j, Locale locale) {
        FluviusExport e = j.export;
        String error = j.errorCode == null ? null : messages.getMessage(j.errorCode, j.errorArguments, locale);
        return new ImportView(j.id, j.meter, j.state.name().toLowerCase(Locale.ROOT), j.started, j.bytesRead,
                j.totalBytes, j.rowsRead, e == null ? null : e.kind().name().toLowerCase(Locale.ROOT),
                e == null ? null : e.ean(), e == null ? null : e.meterSerial(), e == null ? null : e.intervals(),
                j.state == ImportJob.State.DONE ? j.changed : null, e == null ? null : e.missing(),
                e == null ? null : e.estimates(), e == null ? null : e.from(), e == null ? null : e.to(), error,
                j.errorLine == 0 ? null : j.errorLine);
    }
}
