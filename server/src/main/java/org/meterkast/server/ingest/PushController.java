package org.meterkast.server.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Takes the telegrams a data logger pushes to a meter of type {@code push}. The checks come in this order: the
 * meter (404: meter names are not secret, {@code GET /api/meters} lists them), the token (401), the content type
 * (415), the size (413), then the telegrams: 200 when the meter took at least one, 422 when none could be decoded
 * or the meter refused every one it was given (a clock far from the server's), with the counts per outcome.
 */
@RestController
class PushController {
    /** Some hundred telegrams: more than a logger that lost its connection for a few minutes has to send. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * The answer to a push; which fields are present depends on the status. {@code telegrams} counts the telegrams
     * the meter took, {@code refused} the decoded ones it did not take, per reason ({@code CLOCK_AHEAD},
     * {@code CLOCK_BEHIND}, {@code FAILED}), {@code rejected} the frames that were not telegrams, per reason.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PushAnswer(int status, String error, String meter, Integer telegrams, Map<String, Integer> refused,
                      Map<String, Integer> rejected, Integer parseErrors) {
        static PushAnswer of(String meter, PushMeterSource.Outcome outcome) {
            return new PushAnswer(200, null, meter, outcome.telegrams(), outcome.refused(), outcome.rejected(),
                    outcome.parseErrors());
        }

        static PushAnswer refused(HttpStatus status, String error, String meter) {
            return new PushAnswer(status.value(), error, meter, null, null, null, null);
        }
    }

    private final IngestService ingest;
    private final MessageSource messages;
    private final Clock clock;

    PushController(IngestService ingest, MessageSource messages, Clock clock) {
        this.ingest = ingest;
        this.messages = messages;
        this.clock = clock;
    }

    private String text(Locale locale, String code, Object... arguments) {
        return messages.getMessage(code, arguments, locale);
    }

    @PostMapping("/api/meters/{name}/telegrams")
    ResponseEntity<PushAnswer> push(@PathVariable("name") String name, HttpServletRequest request, Locale locale)
            throws IOException {
        Optional<PushMeterSource> found = ingest.reading(name)
                .filter(r -> r.source() instanceof PushMeterSource)
                .map(r -> (PushMeterSource) r.source());
        if (found.isEmpty()) {
            return answer(PushAnswer.refused(HttpStatus.NOT_FOUND, text(locale, "push.not-push-meter", name), name));
        }
        PushMeterSource push = found.get();
        try {
            if (!push.authorizes(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                push.refuse("refused a push from " + request.getRemoteAddr() + ": missing or wrong bearer token");
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"meterkast\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(PushAnswer.refused(HttpStatus.UNAUTHORIZED, text(locale, "push.unauthorized"), name));
            }
            String contentType = request.getContentType();
            if (contentType != null && !isTelegramType(contentType)) {
                return answer(PushAnswer.refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        text(locale, "push.media-type", contentType), name));
            }
            byte[] body = boundedBody(request);
            if (body == null) {
                return answer(PushAnswer.refused(HttpStatus.CONTENT_TOO_LARGE,
                        text(locale, "push.too-large", Integer.toString(MAX_BODY_BYTES)), name));
            }
            PushMeterSource.Outcome outcome = push.deliver(body);
            if (outcome.telegrams() > 0) {
                return answer(PushAnswer.of(name, outcome));
            }
            String error = outcome.refused().isEmpty() ? noTelegram(body, outcome, locale) : noneTaken(outcome, locale);
            return answer(new PushAnswer(422, error, name, 0, outcome.refused(), outcome.rejected(),
                    outcome.parseErrors()));
        } catch (IllegalStateException e) {
            // the source closed under the request: the server is stopping
            return answer(PushAnswer.refused(HttpStatus.SERVICE_UNAVAILABLE, text(locale, "push.stopping"), name));
        }
    }

    private static ResponseEntity<PushAnswer> answer(PushAnswer answer) {
        return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    private static boolean isTelegramType(String contentType) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MediaType.TEXT_PLAIN.equalsTypeAndSubtype(type) || MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(type);
    }

    /** The body, or null when it is longer than {@link #MAX_BODY_BYTES}. */
    private static byte[] boundedBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    /** Every decoded telegram was refused: says how many for what, and the clocks to compare. */
    private String noneTaken(PushMeterSource.Outcome outcome, Locale locale) {
        StringBuilder counts = new StringBuilder();
        outcome.refused().forEach((reason, n) -> counts.append(n).append(' ').append(reason).append(", "));
        counts.setLength(Math.max(0, counts.length() - 2));
        String stamped = outcome.firstRefusedAt() == null ? "?" : outcome.firstRefusedAt().toString();
        return text(locale, "push.none-taken", counts.toString(), stamped, clock.instant().toString(),
                Long.toString(MeterIngest.MAX_AHEAD.toMinutes()), Long.toString(MeterIngest.MAX_BEHIND.toDays()));
    }

    private String noTelegram(byte[] body, PushMeterSource.Outcome outcome, Locale locale) {
        if (body.length == 0) {
            return text(locale, "push.empty");
        }
        if (!outcome.sawFrame()) {
            return text(locale, "push.no-frame", HomeWizardMeterSource.preview(body));
        }
        // the reasons are the framer's and parser's own names (BAD_CRC, …), the same in every language
        StringBuilder counts = new StringBuilder();
        outcome.rejected().forEach((reason, n) -> counts.append(n).append(' ').append(reason).append(", "));
        if (outcome.parseErrors() > 0) {
            counts.append(outcome.parseErrors()).append(" PARSE_ERROR, ");
        }
        counts.setLength(Math.max(0, counts.length() - 2));
        return text(locale, "push.none-decoded", counts.toString(), outcome.firstProblem());
    }
}
