package org.meterkast.server.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/backup}: the whole installation as one zip, for the server's administrators (the security
 * rules keep everyone else out). The zip is made in a temporary file first, on the request's thread, and sent from
 * there (the file goes when it is closed); 409 on a server that keeps its data in PostgreSQL: that is pg_dump's job.
 */
@RestController
class BackupController {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final BackupService backups;
    private final Clock clock;

    BackupController(BackupService backups, Clock clock) {
        this.backups = backups;
        this.clock = clock;
    }

    @GetMapping("/api/admin/backup")
    ResponseEntity<?> backup() throws IOException {
        if (!backups.available()) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, BackupService.ON_POSTGRESQL));
        }
        Path zip = Files.createTempFile("meterkast-backup-", ".zip");
        try {
            try (OutputStream out = Files.newOutputStream(zip)) {
                backups.write(out);
            }
            long size = Files.size(zip);
            String file = "meterkast-backup-" + NAME.format(clock.instant()) + ".zip";
            return ResponseEntity.ok()
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build()
                            .toString())
                    .contentType(MediaType.parseMediaType("application/zip"))
                    .contentLength(size)
                    .body(new InputStreamResource(Files.newInputStream(zip, StandardOpenOption.DELETE_ON_CLOSE)));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(zip);
            throw e;
        }
    }
}
