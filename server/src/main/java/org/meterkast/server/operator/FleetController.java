package org.meterkast.server.operator;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.meterkast.server.fleet.FleetSettings;
import org.meterkast.server.web.BadParameterException;
import org.springframework.context.MessageSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The operator's view of a fleet (administrators only, see SecurityConfiguration): every meter the nodes heard, with
 * its address and account, searchable and paged; and assigning dongles to accounts from a CSV file.
 */
@RestController
@RequestMapping("/api/fleet")
class FleetController {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    /** The list's page, how many the search matched, and the fleet's counts on top. */
    record MetersPage(long meters, long unknown, long silent, long rejecting, String silentAfter, long total, int page,
                      int size, List<FleetMeter> items) {
    }

    /** One line of an assignment file and what became of it. */
    record AssignedLine(int line, String meterId, String ean, String email, String result) {
    }

    /** The answer to an assignment file: how many addresses it made, how many were there already, line by line. */
    record Assigned(int created, int alreadyThere, boolean changed, List<AssignedLine> lines) {
    }

    private final FleetMeterRepository repository;
    private final FleetAssignments assignments;
    private final FleetSettings settings;
    private final MessageSource messages;
    private final Clock clock;

    FleetController(FleetMeterRepository repository, FleetAssignments assignments, FleetSettings settings,
                    MessageSource messages, Clock clock) {
        this.repository = repository;
        this.assignments = assignments;
        this.settings = settings;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/meters")
    MetersPage meters(@RequestParam(name = "q", required = false) String q,
                      @RequestParam(name = "state", defaultValue = "all") String state,
                      @RequestParam(name = "page", defaultValue = "0") int page,
                      @RequestParam(name = "size", defaultValue = "" + DEFAULT_SIZE) int size) {
        FleetState wanted = state(state);
        if (size < 1 || size > MAX_SIZE) {
            throw new BadParameterException("size", "fleet.size", Integer.toString(size), Integer.toString(MAX_SIZE));
        }
        if (page < 0 || (long) page * size > Integer.MAX_VALUE) {
            throw new BadParameterException("page", "fleet.page", Integer.toString(page));
        }
        // an EAN is often copied from a bill with spaces or dots between its groups
        String prefix = q == null || q.isBlank() ? null : q.strip();
        if (prefix != null && prefix.matches("[\\d .]+")) {
            prefix = prefix.replaceAll("[ .]", "");
        }
        Instant silentBefore = clock.instant().minus(settings.silentAfter());
        FleetMeterRepository.Counts counts = repository.counts(silentBefore);
        FleetMeterRepository.Page found = repository.page(silentBefore, wanted, prefix, page * size, size);
        return new MetersPage(counts.meters(), counts.unknown(), counts.silent(), counts.rejecting(),
                settings.silentAfter().toString(), found.total(), page, size, found.meters());
    }

    private static FleetState state(String text) {
        for (FleetState s : FleetState.values()) {
            if (s.text().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new BadParameterException("state", "error.parameter.not-one-of", "state", text,
                Arrays.stream(FleetState.values()).map(FleetState::text).collect(Collectors.joining(", ")));
    }

    /**
     * Takes an assignment file as a form's file (multipart, field {@code file}) or as the body ({@code text/csv}).
     * 200 with every line's result; 400 with every bad line (nothing stored); 409 when another upload stored one of
     * its meters meanwhile.
     */
    @PostMapping("/assignments")
    ResponseEntity<?> assign(HttpServletRequest request, Locale locale) throws IOException {
        byte[] file = file(request);
        FleetAssignments.Outcome outcome;
        try {
            outcome = assignments.assign(file);
        } catch (DataIntegrityViolationException e) {
            return problem(HttpStatus.CONFLICT, text("fleet.file.changed", locale), Map.of());
        }
        if (!outcome.problems().isEmpty()) {
            List<Map<String, Object>> errors = outcome.problems().stream().map(p -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("line", p.line());
                if (p.column() != null) {
                    error.put("column", p.column());
                    error.put("field", p.column());
                }
                error.put("message", text(p.code(), locale, p.arguments().toArray()));
                return error;
            }).toList();
            long lines = outcome.problems().stream().mapToInt(AssignmentFile.Problem::line).distinct().count();
            // a problem of the whole file (line 0: empty, too large, not UTF-8) is the answer's own text
            String detail = outcome.problems().get(0).line() == 0 ? (String) errors.get(0).get("message")
                    : text("fleet.file.bad-lines", locale, lines);
            return problem(HttpStatus.BAD_REQUEST, detail, Map.of("parameter", "file", "errors", errors));
        }
        List<AssignedLine> lines = outcome.lines().stream().map(d -> new AssignedLine(d.line(), d.meterId(), d.ean(),
                d.email(), d.result().name().toLowerCase(Locale.ROOT).replace('_', '-'))).toList();
        int created = (int) outcome.lines().stream().filter(d -> d.result() == FleetAssignments.Result.CREATED).count();
        return ResponseEntity.ok(new Assigned(created, lines.size() - created, created > 0, lines));
    }

    private byte[] file(HttpServletRequest request) throws IOException {
        if (request instanceof MultipartHttpServletRequest multipart) {
            MultipartFile part = multipart.getFile("file");
            if (part == null) {
                throw new BadParameterException("file", "fleet.file.missing");
            }
            if (part.getSize() > AssignmentFile.MAX_BYTES) {
                throw new BadParameterException("file", "fleet.file.too-large",
                        Integer.toString(AssignmentFile.MAX_BYTES));
            }
            return part.getBytes();
        }
        String type = request.getContentType();
        if (type != null && !isText(type)) {
            throw new BadParameterException("file", "fleet.file.media-type", type);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(AssignmentFile.MAX_BYTES + 1);
            if (body.length > AssignmentFile.MAX_BYTES) {
                throw new BadParameterException("file", "fleet.file.too-large",
                        Integer.toString(AssignmentFile.MAX_BYTES));
            }
            return body;
        }
    }

    private static boolean isText(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equals("text") || MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(type)
                    || type.getSubtype().equals("csv") || type.getSubtype().equals("vnd.ms-excel");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String text(String code, Locale locale, Object... arguments) {
        return messages.getMessage(code, arguments, locale);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, Map<String, ?> members) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        members.forEach(problem::setProperty);
        return ResponseEntity.status(status).body(problem);
    }
}
