package org.meterkast.server.price;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.p1.stream.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fetches the day-ahead prices that are missing from the configured service, one Brussels day per request: at the
 * first run the last {@code backfill-days} days and today, then today, and tomorrow once it is published. Each run
 * says when the next should be: at the next publication when nothing is missing, after a doubling back-off when
 * something is (not yet published, offline, refused). A failure is counted and logged, never thrown.
 * Not thread-safe: one scheduler thread runs it.
 */
@Component
class PriceFetcher {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final Logger log = LoggerFactory.getLogger(PriceFetcher.class);
    private static final DateTimeFormatter ENTSOE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmm")
            .withZone(ZoneOffset.UTC);

    /** How one request ended. */
    enum Outcome { STORED, NO_DATA, REFUSED, OFFLINE, FAILED }

    private final PriceSettings settings;
    private final DayAheadPriceRepository repository;
    private final Clock clock;
    private final HttpClient http;
    private final Backoff backoff;
    private boolean backfilled;

    private long requests;
    private long stored;
    private long noData;
    private long refused;
    private long offline;
    private long failed;
    private Instant lastStored;
    private String lastProblem;

    PriceFetcher(PriceSettings settings, DayAheadPriceRepository repository, Clock clock) {
        this.settings = settings;
        this.repository = repository;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    }

    synchronized PriceFetchCounts counts() {
        return new PriceFetchCounts(settings.source().key(), requests, stored,
                noData, refused, offline, failed, lastStored, lastProblem);
    }

    /** Fetches what is missing; returns how long to wait before the next run. */
    Duration run() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, BRUSSELS);
        LocalDate tomorrow = today.plusDays(1);
        boolean tomorrowPublished = !now.isBefore(publication(today));
        List<LocalDate> wanted = new ArrayList<>();
        for (LocalDate d = backfilled ? today : today.minusDays(settings.backfillDays()); !d.isAfter(today);
                d = d.plusDays(1)) {
            wanted.add(d);
        }
        if (tomorrowPublished) {
            wanted.add(tomorrow);
        }
        boolean unreachable = false;
        for (LocalDate day : wanted) {
            if (complete(day)) {
                continue;
            }
            Outcome outcome = fetch(day);
            if (outcome == Outcome.OFFLINE || outcome == Outcome.REFUSED || outcome == Outcome.FAILED) {
                unreachable = true;     // the other days would fail the same way: try again after the pause
                break;
            }
        }
        if (!unreachable) {
            backfilled = true;
        }
        if (unreachable || !complete(today) || (tomorrowPublished && !complete(tomorrow))) {
            return backoff.failed();
        }
        backoff.reset();
        Instant next = tomorrowPublished ? publication(tomorrow) : publication(today);
        return Duration.between(now, next);
    }

    private Instant publication(LocalDate day) {
        return day.atTime(settings.publication()).atZone(BRUSSELS).toInstant();
    }

    /** Every quarter of the Brussels day (92, 96 or 100) has a quarter-hour index, its own or its hour's. */
    boolean complete(LocalDate day) {
        Instant start = day.atStartOfDay(BRUSSELS).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(BRUSSELS).toInstant();
        DayAheadPrices prices = repository.prices(settings.zone(), start, end);
        for (Quarter q = new Quarter(start); q.start().isBefore(end); q = q.plus(1)) {
            if (prices.quarterIndex(q).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Asks the service for one Brussels day and stores what it answers. */
    Outcome fetch(LocalDate day) {
        Instant start = day.atStartOfDay(BRUSSELS).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(BRUSSELS).toInstant();
        URI uri = switch (settings.source()) {
            case ENTSOE -> URI.create(settings.entsoeUrl() + "?securityToken="
                    + URLEncoder.encode(settings.entsoeToken(), StandardCharsets.UTF_8)
                    + "&documentType=A44&in_Domain=" + settings.zone() + "&out_Domain=" + settings.zone()
                    + "&periodStart=" + ENTSOE_TIME.format(start) + "&periodEnd=" + ENTSOE_TIME.format(end));
            case ENERGY_CHARTS -> URI.create(settings.energyChartsUrl() + "?bzn="
                    + settings.energyChartsZone().orElseThrow() + "&start=" + day + "&end=" + day);
            case NONE -> throw new IllegalStateException("no price source is configured");
        };
        // the token is part of the URL: only the host and the day ever go into a log or a count
        String what = settings.source().key() + " " + uri.getHost() + " for " + day;
        synchronized (this) {
            requests++;
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return problem(Outcome.OFFLINE, what + ": no answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(Outcome.OFFLINE, what + ": interrupted");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return problem(Outcome.REFUSED, what + ": refused with HTTP " + status
                    + (settings.source() == PriceSettings.Source.ENTSOE ? "; check meterkast.prices.entsoe-token" : ""));
        }
        if (status == 404 && settings.source() == PriceSettings.Source.ENERGY_CHARTS) {
            return noData(what, "HTTP 404");
        }
        boolean entsoeAnswer = settings.source() == PriceSettings.Source.ENTSOE && (status == 200 || status == 400);
        if (status != 200 && !entsoeAnswer) {
            return problem(Outcome.FAILED, what + ": HTTP " + status);
        }
        PricePublication publication;
        try {
            var in = new ByteArrayInputStream(response.body());
            publication = settings.source() == PriceSettings.Source.ENTSOE
                    ? new EntsoeA44Reader(settings.zone()).read(in) : new EnergyChartsReader().read(in);
        } catch (PriceFormatException e) {
            // ENTSO-E answers some bad requests with HTML; a 400 that is no acknowledgement is a failure too
            return problem(Outcome.FAILED, what + ": HTTP " + status + ", " + e.getMessage());
        }
        if (publication.prices().isEmpty()) {
            return noData(what, publication.noDataReason().orElse("no prices in the answer"));
        }
        Instant fetched = clock.instant();
        try {
            repository.save(settings.zone(), publication.prices(), publication.format() + " " + uri.getHost(),
                    fetched);
        } catch (IllegalArgumentException e) {
            return problem(Outcome.FAILED, what + ": " + e.getMessage());
        }
        synchronized (this) {
            stored += publication.prices().size();
            lastStored = fetched;
        }
        log.info("day-ahead prices: {} prices stored from {}", publication.prices().size(), what);
        return Outcome.STORED;
    }

    private Outcome noData(String what, String reason) {
        synchronized (this) {
            noData++;
        }
        log.info("day-ahead prices: none yet from {}: {}", what, reason);
        return Outcome.NO_DATA;
    }

    private Outcome problem(Outcome outcome, String problem) {
        synchronized (this) {
            switch (outcome) {
                case REFUSED -> refused++;
                case OFFLINE -> offline++;
                default -> failed++;
            }
            lastProblem = problem;
        }
        log.warn("day-ahead prices: {}", problem);
        return outcome;
    }
}
