package org.meterkast.server.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.price.DayAheadPrice;
import org.meterkast.energy.quarter.Quarter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.sqlite.SQLiteDataSource;

/** Fetching from ENTSO-E and Energy-Charts, played by a local HTTP server that serves the test files. */
class PriceFetcherTest {
    static final String BE = EntsoeA44Reader.BELGIUM;
    static final String TOKEN = "test-token-0f1e2d3c";
    /** Thursday 15 January 2026, 13:30 in Brussels: tomorrow's prices are published. */
    static final Instant AFTER_PUBLICATION = Instant.parse("2026-01-15T12:30:00Z");

    /** What the test server answers: a status and a body (null: the test file named by the status line). */
    record Answer(int status, String file) {
    }

    @TempDir
    Path folder;

    private HttpServer server;
    private final List<Map<String, String>> requests = new ArrayList<>();
    private Function<Map<String, String>, Answer> answers = q -> new Answer(200, "entsoe-acknowledgement-no-data.xml");
    private DayAheadPriceRepository repository;

    @BeforeEach
    void start() throws IOException {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + folder.resolve("prices.db"));
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().migrate();
        repository = new DayAheadPriceRepository(new JdbcTemplate(ds));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI());
            query.put("path", exchange.getRequestURI().getPath());
            synchronized (requests) {
                requests.add(query);
            }
            Answer answer = answers.apply(query);
            byte[] body;
            try (var in = EntsoeA44ReaderTest.class.getResourceAsStream("/prices/" + answer.file())) {
                body = in == null ? answer.file().getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private PriceFetcher fetcher(PriceSettings.Source source, int backfillDays, Instant now) {
        PriceSettings settings = new PriceSettings(source, TOKEN, base("/api"), base("/price"), BE, backfillDays,
                LocalTime.of(13, 0), Duration.ofMinutes(5), Duration.ofHours(1));
        return new PriceFetcher(settings, repository, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void entsoeIsAskedForEachMissingBrusselsDayWithTheRightParameters() {
        // only the day starting 2026-01-14T23:00Z has prices; the others answer "no matching data"
        answers = q -> new Answer(200, q.get("periodStart").equals("202601142300")
                ? "entsoe-a44-be-2026-01-15.xml" : "entsoe-acknowledgement-no-data.xml");
        PriceFetcher fetcher = fetcher(PriceSettings.Source.ENTSOE, 1, AFTER_PUBLICATION);

        Duration next = fetcher.run();

        // yesterday, today and tomorrow (published at 13:00)
        assertThat(requests).extracting(q -> q.get("periodStart") + "-" + q.get("periodEnd"))
                .containsExactly("202601132300-202601142300", "202601142300-202601152300",
                        "202601152300-202601162300");
        assertThat(requests.get(0)).containsEntry("path", "/api").containsEntry("securityToken", TOKEN)
                .containsEntry("documentType", "A44").containsEntry("in_Domain", BE).containsEntry("out_Domain", BE);
        assertThat(repository.prices(BE, Instant.parse("2026-01-14T23:00:00Z"), Instant.parse("2026-01-15T23:00:00Z"))
                .quarterIndex(Quarter.parse("2026-01-15T22:45:00Z"))).contains(new BigDecimal("88.03"));
        assertThat(fetcher.complete(LocalDate.of(2026, 1, 15))).isTrue();
        PriceFetchCounts counts = fetcher.counts();
        assertThat(counts.requests()).isEqualTo(3);
        assertThat(counts.stored()).isEqualTo(96);
        assertThat(counts.noData()).isEqualTo(2);
        assertThat(counts.lastStored()).isEqualTo(AFTER_PUBLICATION);
        // tomorrow is not there yet: ask again after the first pause, then after twice that, and only for tomorrow
        assertThat(next).isEqualTo(Duration.ofMinutes(5));
        assertThat(fetcher.run()).isEqualTo(Duration.ofMinutes(10));
        assertThat(requests).hasSize(4);
        assertThat(requests.get(3)).containsEntry("periodStart", "202601152300");
    }

    @Test
    void withEverythingStoredTheNextRunIsAtTheNextPublication() {
        answers = q -> new Answer(500, "should not be asked");
        for (String day : List.of("2026-01-14T23:00:00Z", "2026-01-15T23:00:00Z")) {
            List<DayAheadPrice> hours = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                hours.add(new DayAheadPrice(Instant.parse(day).plusSeconds(3600L * h), DayAheadPrice.HOUR,
                        new BigDecimal("50.00")));
            }
            repository.save(BE, hours, "test", AFTER_PUBLICATION);
        }
        PriceFetcher fetcher = fetcher(PriceSettings.Source.ENTSOE, 0, AFTER_PUBLICATION);

        // Friday 16 January at 13:00 in Brussels
        assertThat(fetcher.run()).isEqualTo(Duration.between(AFTER_PUBLICATION, Instant.parse("2026-01-16T12:00:00Z")));
        assertThat(requests).isEmpty();
    }

    @Test
    void energyChartsIsAskedByZoneNameAndDate() {
        answers = q -> new Answer(200, "energy-charts-be-2026-01-15.json");
        // 11:00 in Brussels: tomorrow is not published yet
        Instant morning = Instant.parse("2026-01-15T10:00:00Z");
        PriceFetcher fetcher = fetcher(PriceSettings.Source.ENERGY_CHARTS, 0, morning);

        Duration next = fetcher.run();

        assertThat(requests).singleElement().satisfies(q -> assertThat(q).containsEntry("path", "/price")
                .containsEntry("bzn", "BE").containsEntry("start", "2026-01-15").containsEntry("end", "2026-01-15"));
        assertThat(fetcher.counts().stored()).isEqualTo(96);
        assertThat(repository.prices(BE, morning, morning.plusSeconds(900)).quarterPrices()).hasSize(1);
        // today is whole: the next run is at 13:00 today
        assertThat(next).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aRefusedTokenIsCountedAndNeverShown() {
        answers = q -> new Answer(401, "<html><body>Unauthorized</body></html>");
        PriceFetcher fetcher = fetcher(PriceSettings.Source.ENTSOE, 30, AFTER_PUBLICATION);

        Duration next = fetcher.run();

        // the other 31 days would be refused the same way: one request, then the back-off
        assertThat(requests).hasSize(1);
        assertThat(next).isEqualTo(Duration.ofMinutes(5));
        PriceFetchCounts counts = fetcher.counts();
        assertThat(counts.refused()).isEqualTo(1);
        assertThat(counts.lastProblem()).contains("HTTP 401").contains("meterkast.prices.entsoe-token")
                .doesNotContain(TOKEN);
        assertThat(counts.toString()).doesNotContain(TOKEN);
    }

    @Test
    void anUnreadableAnswerIsAFailureNamingTheProblem() {
        answers = q -> new Answer(200, "<html><body>maintenance</body></html>");
        PriceFetcher fetcher = fetcher(PriceSettings.Source.ENTSOE, 0, AFTER_PUBLICATION);

        assertThat(fetcher.run()).isEqualTo(Duration.ofMinutes(5));

        assertThat(fetcher.counts().failed()).isEqualTo(1);
        assertThat(fetcher.counts().lastProblem()).contains("the root element is <html>").doesNotContain(TOKEN);
    }

    @Test
    void offlineIsCountedAndTheBackOffDoublesUpToItsMaximum() {
        server.stop(0);     // nothing listens on the port any more
        PriceFetcher fetcher = fetcher(PriceSettings.Source.ENERGY_CHARTS, 3, AFTER_PUBLICATION);

        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pauses.add(fetcher.run());
        }

        assertThat(pauses).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
                Duration.ofMinutes(40), Duration.ofHours(1), Duration.ofHours(1));
        assertThat(fetcher.counts().offline()).isEqualTo(6);
        assertThat(fetcher.counts().lastProblem()).contains("no answer");
    }

    @Test
    void settingsAreCheckedWhenBound() {
        assertThatThrownBy(() -> new PriceSettings(PriceSettings.Source.ENTSOE, " ", base("/api"), base("/price"), BE,
                30, LocalTime.of(13, 0), Duration.ofMinutes(5), Duration.ofHours(1)))
                .hasMessageContaining("meterkast.prices.entsoe-token is required");
        assertThatThrownBy(() -> new PriceSettings(PriceSettings.Source.ENERGY_CHARTS, null, base("/api"),
                base("/price"), "10YPL-AREA-----S", 30, LocalTime.of(13, 0), Duration.ofMinutes(5), Duration.ofHours(1)))
                .hasMessageContaining("no Energy-Charts name");
        assertThat(new PriceSettings(PriceSettings.Source.ENTSOE, TOKEN, base("/api"), base("/price"), BE, 30,
                LocalTime.of(13, 0), Duration.ofMinutes(5), Duration.ofHours(1)).toString()).doesNotContain(TOKEN);
    }

    @Test
    void settingsBindFromPropertiesWithTheirDefaults() {
        PriceSettings bound = new Binder(new MapConfigurationPropertySource(Map.of(
                "meterkast.prices.source", "energy-charts", "meterkast.prices.backfill-days", "7")))
                .bindOrCreate("meterkast.prices", Bindable.of(PriceSettings.class));

        assertThat(bound.source()).isEqualTo(PriceSettings.Source.ENERGY_CHARTS);
        assertThat(bound.zone()).isEqualTo(BE);
        assertThat(bound.energyChartsZone()).contains("BE");
        assertThat(bound.backfillDays()).isEqualTo(7);
        assertThat(bound.publication()).isEqualTo(LocalTime.of(13, 0));
        assertThat(bound.entsoeUrl()).isEqualTo(URI.create("https://web-api.tp.entsoe.eu/api"));
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("meterkast.prices", Bindable.of(PriceSettings.class)).source())
                .isEqualTo(PriceSettings.Source.NONE);
    }
}
