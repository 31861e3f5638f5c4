package org.meterkast.server.price;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meterkast.energy.price.DayAheadPrice;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.Quarter;
import org.springframework.context.MessageSource;
import org.meterkast.server.web.Parameters;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Day-ahead prices: imported from an uploaded ENTSO-E A44 document or Energy-Charts answer, shown per quarter as
 * the two indexes supplier formulas use, and what fetching them from the configured service has done.
 */
@RestController
@RequestMapping("/api/prices")
class PriceController {
    /** A year of quarter prices in A44 is about 3 MB; more in one upload is a mistake. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** A bound on one answer's size: about 38,000 quarters. */
    static final Duration LONGEST_RANGE = Duration.ofDays(400);
    /**
     * The lowest and highest price an upload may hold, in €/MWh: ENTSO-E's harmonised minimum and maximum clearing
     * prices for the single day-ahead coupling. A price outside them is a mistake or an attack on every household's
     * dynamic bill, so the whole upload is refused.
     */
    static final BigDecimal LOWEST_EUR_PER_MWH = BigDecimal.valueOf(-500);
    static final BigDecimal HIGHEST_EUR_PER_MWH = BigDecimal.valueOf(4_000);

    /** How many prices of one resolution an upload stored, and the start of the first and of the last. */
    record Stored(String resolution, int count, Instant first, Instant last) {
    }

    /** The answer to an upload. */
    record Imported(String format, String zone, List<Stored> stored) {
    }

    /** A quarter's two indexes in €/MWh; null where not known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QuarterPrices(Instant start, BigDecimal quarterIndex, BigDecimal hourIndex) {
    }

    /** A refused request: what is wrong, and the parameter it is about if any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PriceError(int status, String error, String parameter) {
    }

    /** A request this controller refuses, with the message key and its arguments. */
    static final class RefusedException extends RuntimeException {
        final HttpStatus status;
        final String parameter;
        final String code;
        final Object[] arguments;

        RefusedException(HttpStatus status, String parameter, String code, Object... arguments) {
            super(code);
            this.status = status;
            this.parameter = parameter;
            this.code = code;
            this.arguments = arguments;
        }
    }

    private final DayAheadPriceRepository repository;
    private final PriceSettings settings;
    private final PriceFetcher fetcher;
    private final MessageSource messages;
    private final Clock clock;

    PriceController(DayAheadPriceRepository repository, PriceSettings settings, PriceFetcher fetcher,
                    MessageSource messages, Clock clock) {
        this.repository = repository;
        this.settings = settings;
        this.fetcher = fetcher;
        this.messages = messages;
        this.clock = clock;
    }

    @PostMapping
    Imported upload(HttpServletRequest request) throws IOException {
        byte[] body = boundedBody(request);
        PricePublication publication = read(body, request.getContentType());
        if (publication.prices().isEmpty()) {
            throw new RefusedException(HttpStatus.UNPROCESSABLE_CONTENT, null, "prices.no-data", settings.zone(),
                    publication.noDataReason().orElse("-"));
        }
        checkRange(publication.prices());
        try {
            repository.save(settings.zone(), publication.prices(), publication.format() + " upload", clock.instant());
        } catch (IllegalArgumentException e) {
            throw new RefusedException(HttpStatus.UNPROCESSABLE_CONTENT, null, "prices.unreadable", e.getMessage());
        }
        DayAheadPrices stored = DayAheadPrices.of(publication.prices());
        List<Stored> counts = new ArrayList<>();
        summary("PT15M", stored.quarterPrices(), counts);
        summary("PT60M", stored.hourPrices(), counts);
        return new Imported(publication.format(), settings.zone(), counts);
    }

    private static void checkRange(List<DayAheadPrice> prices) {
        for (DayAheadPrice price : prices) {
            if (price.eurPerMwh().compareTo(LOWEST_EUR_PER_MWH) < 0 || price.eurPerMwh().compareTo(HIGHEST_EUR_PER_MWH) > 0) {
                throw new RefusedException(HttpStatus.BAD_REQUEST, null, "prices.out-of-range",
                        price.eurPerMwh().toPlainString(), price.start().toString(), LOWEST_EUR_PER_MWH.toPlainString(),
                        HIGHEST_EUR_PER_MWH.toPlainString());
            }
        }
    }

    private static void summary(String resolution, Map<Instant, BigDecimal> prices, List<Stored> into) {
        if (!prices.isEmpty()) {
            var sorted = new ArrayList<>(prices.keySet());
            into.add(new Stored(resolution, sorted.size(), sorted.get(0), sorted.get(sorted.size() - 1)));
        }
    }

    private PricePublication read(byte[] body, String contentType) {
        boolean xml;
        if (contentType != null && !contentType.isBlank() && !isAnyType(contentType)) {
            MediaType type = mediaType(contentType);
            if (type.getSubtype().equals("xml") || type.getSubtype().endsWith("+xml")) {
                xml = true;
            } else if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
                xml = false;
            } else {
                throw new RefusedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, "prices.media-type", contentType);
            }
        } else {
            xml = firstCharacter(body) == '<';     // curl --data-binary without a type: the document tells
        }
        try {
            InputStream in = new ByteArrayInputStream(body);
            return xml ? new EntsoeA44Reader(settings.zone()).read(in) : new EnergyChartsReader().read(in);
        } catch (PriceFormatException e) {
            throw new RefusedException(HttpStatus.UNPROCESSABLE_CONTENT, null, "prices.unreadable", e.getMessage());
        }
    }

    private static boolean isAnyType(String contentType) {
        MediaType type = mediaType(contentType);
        return MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(type)
                || MediaType.TEXT_PLAIN.equalsTypeAndSubtype(type)
                || MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type);   // curl -d's default
    }

    private static MediaType mediaType(String contentType) {
        try {
            return MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, "prices.media-type", contentType);
        }
    }

    private static int firstCharacter(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf
                ? 3 : 0;    // a UTF-8 byte order mark
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        return i < body.length ? body[i] : -1;
    }

    private static byte[] boundedBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if (firstCharacter(body) < 0) {
            throw new RefusedException(HttpStatus.BAD_REQUEST, null, "prices.empty");
        }
        return body;
    }

    private static RefusedException tooLarge() {
        return new RefusedException(HttpStatus.CONTENT_TOO_LARGE, null, "prices.too-large",
                Integer.toString(MAX_BODY_BYTES));
    }

    /**
     * Every quarter of [from, to) with a price, oldest first. {@code from} and {@code to} are ISO instants or dates,
     * a date meaning its midnight in Brussels.
     */
    @GetMapping
    List<QuarterPrices> prices(@RequestParam("from") String from, @RequestParam("to") String to) {
        Parameters.Period period = Parameters.period(from, to, LONGEST_RANGE);
        Instant start = period.from();
        Instant end = period.to();
        DayAheadPrices prices = repository.prices(settings.zone(), start, end);
        List<QuarterPrices> out = new ArrayList<>();
        for (Quarter q = Quarter.containing(start); q.start().isBefore(end); q = q.plus(1)) {
            BigDecimal quarter = prices.quarterIndex(q).orElse(null);
            BigDecimal hour = prices.hourIndex(q).orElse(null);
            if (quarter != null || hour != null) {
                out.add(new QuarterPrices(q.start(), quarter, hour));
            }
        }
        return out;
    }

    /** What fetching from the configured service has done since the start. */
    @GetMapping("/fetch")
    PriceFetchCounts fetch() {
        return fetcher.counts();
    }

    @ExceptionHandler
    ResponseEntity<PriceError> refused(RefusedException e, Locale locale) {
        return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON).body(new PriceError(
                e.status.value(), messages.getMessage(e.code, e.arguments, locale), e.parameter));
    }
}
