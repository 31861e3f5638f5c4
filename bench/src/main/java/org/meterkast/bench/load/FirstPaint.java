package org.meterkast.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * How soon the dashboard means something, in a real browser (Debian's Chromium, headless) on localhost, for the demo
 * household with three years of quarters: from the navigation's start to the moment the big circle shows a live
 * value and the monthly history has its rows ("meaningful"), next to Chromium's own first contentful paint. The
 * first load (empty cache) is reported apart from the repeat loads (the service worker keeps the app shell).
 */
public final class FirstPaint {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.FirstPaint server/target/meterkast.jar
                     [--history-days N] [--loads N] [--work DIR] [--jvm "FLAGS"] [--chrome PATH] [--driver PATH]
                     [--waterfall yes] [--tasks yes]
              --history-days  the simulated household's history (default 1096: three years)
              --loads         timed page loads after the first (default 30)
              --work          folder for the SQLite file and the log (default /tmp/meterkast-bench)
              --jvm           JVM flags for the server (default: the README's -Xmx64m -XX:+UseSerialGC)
              --chrome        the browser (default /usr/bin/chromium)
              --driver        its driver (default /usr/bin/chromedriver)
              --waterfall     yes: also print the requests of the slowest repeat load and of the new browser's
                              load (start and end in ms from the navigation's start, bytes over the network)
              --watch         how the moment is caught: "observer" (default) records it in the page, from a
                              MutationObserver installed before the page's own scripts; "poll" asks the page every
                              5 ms through chromedriver, as the runs before 2026-12-07 afternoon did (each question
                              runs on the page's main thread, so it delays the page and rounds the moment up)
              --tasks         yes: also print the page's long frames (over 50 ms on its main thread) of the slowest
                              repeat load and of the new browser's load, with the scripts that ran in them
            """;
    private static final Pattern FILLED = Pattern.compile("(\\d+) quarters of history added in (\\d+) ms");
    /** Returns performance.now() once the dashboard has its live value and its months, else null. */
    private static final String MEANINGFUL = """
            const live = document.getElementById('live-value');
            const months = document.querySelectorAll('#history tr[data-month]').length;
            return live && live.textContent.trim() !== '' && months > 0 ? performance.now() : null;""";
    /**
     * Installed before each page's own scripts (Chrome DevTools' Page.addScriptToEvaluateOnNewDocument): records in
     * window.meaningfulAt the first moment the page is meaningful, checked after every change to the page, so that
     * the driver need not ask the page's main thread every few milliseconds.
     */
    private static final String OBSERVER = """
            (() => {
              const meaningful = () => {
                const live = document.getElementById('live-value');
                return live && live.textContent.trim() !== ''
                  && document.querySelector('#history tr[data-month]') !== null;
              };
              const observer = new MutationObserver(() => {
                if (window.meaningfulAt === undefined && meaningful()) {
                  window.meaningfulAt = performance.now();
                  observer.disconnect();
                }
              });
              observer.observe(document, { childList: true, subtree: true, characterData: true });
            })();""";
    private static final String OBSERVED = "return window.meaningfulAt ?? null;";
    /**
     * [first contentful paint, the page's own answer's end, the end of the last module asked before the moment
     * meaningful (arguments[0])], each in ms from the navigation's start, null when not there.
     */
    private static final String CONTENTFUL = """
            const p = performance.getEntriesByName('first-contentful-paint')[0];
            const page = performance.getEntriesByType('navigation')[0];
            const modules = performance.getEntriesByType('resource')
                .filter((e) => /\\.js$/.test(e.name) && e.startTime < arguments[0]).map((e) => e.responseEnd);
            return [p ? p.startTime : null, page ? page.responseEnd : null,
                modules.length ? Math.max(...modules) : null];""";

    /** The page's requests as lines: start, end, bytes transferred (0 from the cache), initiator, address. */
    private static final String WATERFALL = """
            const nav = performance.getEntriesByType('navigation')[0];
            const line = (e, name) => `${e.startTime.toFixed(0).padStart(6)} ${e.responseEnd.toFixed(0).padStart(6)} `
                + `${String(e.transferSize).padStart(7)} ${e.initiatorType.padEnd(14)} ${name}`;
            return [line(nav, '(page) ' + nav.name)].concat(performance.getEntriesByType('resource')
                .map((e) => line(e, e.name.replace(location.origin, '')))).join('\\n');""";

    /**
     * The page's long animation frames (Chromium's Long Animation Frames API: a frame whose main-thread work took over
     * 50 ms) as lines: start, duration, blocking time, the time spent on style and layout; under each, the scripts of
     * over 5 ms in it (start, duration, what called it, the script and function). Answers through the async callback.
     */
    private static final String TASKS = """
            const done = arguments[arguments.length - 1];
            if (!PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
              done('(this browser gives no long-animation-frame entries)');
              return;
            }
            const n = (v) => v.toFixed(0).padStart(6);
            const script = (s) => `${n(s.startTime)} ${n(s.duration)}   `
                + `${s.invokerType} ${s.invoker} ${s.sourceURL.replace(location.origin, '')}`
                + `${s.sourceFunctionName ? ' ' + s.sourceFunctionName : ''}`
                + `${s.forcedStyleAndLayoutDuration
                    ? ', forced layout ' + s.forcedStyleAndLayoutDuration.toFixed(0) + ' ms' : ''}`;
            const show = (entries) => entries.map((f) => {
              const layout = f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0;
              return `${n(f.startTime)} ${n(f.duration)} frame, blocking ${f.blockingDuration.toFixed(0)} ms, `
                + `style and layout ${layout.toFixed(0)} ms\\n` + f.scripts.map(script).join('\\n');
            }).join('\\n');
            const timer = setTimeout(() => done('(no long frames)'), 500);
            new PerformanceObserver((list, observer) => {
              observer.disconnect();
              clearTimeout(timer);
              done(show(list.getEntries()));
            }).observe({ type: 'long-animation-frame', buffered: true });""";

    /** Whether each browser's moment is caught by the observer (else by polling). */
    private static final Map<ChromeDriver, Boolean> watching = new IdentityHashMap<>();

    private FirstPaint() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE, Set.of("history-days", "loads", "work", "jvm", "chrome", "driver",
                "waterfall", "tasks", "watch"));
        boolean waterfall = o.text("waterfall", "no").equals("yes");
        boolean tasks = o.text("tasks", "no").equals("yes");
        int historyDays = o.number("history-days", 1096);
        int loads = o.number("loads", 30);
        boolean observe = switch (o.text("watch", "observer")) {
            case "observer" -> true;
            case "poll" -> false;
            default -> throw new IllegalArgumentException("--watch is observer or poll\n" + USAGE);
        };
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        List<String> jvm = Options.flags(o.text("jvm", "-Xmx64m -XX:+UseSerialGC"));

        Machine.print();
        Files.createDirectories(work);
        Database.Sqlite db = (Database.Sqlite) Database.sqlite(work.resolve("first-paint.db"));
        db.create();
        List<String> serverArgs = new ArrayList<>(List.of("--server.port=0", "--meterkast.meters.home.type=sim",
                "--meterkast.meters.home.history-days=" + historyDays));
        serverArgs.addAll(db.serverArgs());
        try (ServerProcess server = ServerProcess.start(o.serverJar(), jvm, serverArgs, work,
                work.resolve("first-paint.log"), Duration.ofMinutes(2))) {
            Matcher m = server.awaitLog(FILLED, Duration.ofMinutes(10));
            System.out.printf(Locale.ROOT, "server: %,d quarters of history added in %,d ms%n",
                    Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            String base = "http://127.0.0.1:" + server.port();
            String session = Api.demoSession(server.port());

            ChromeDriver browser = browser(o, work, base, session, observe);
            try {
                double[] first = load(browser, base);
                System.out.printf(Locale.ROOT, "first load (empty cache, the server's first requests): "
                        + "first contentful paint %.0f ms, meaningful %.0f ms%n", first[0], first[1]);
                double[] contentful = new double[loads];
                double[] meaningful = new double[loads];
                double[] page = new double[loads];
                double[] modules = new double[loads];
                String slowest = null;
                String slowestTasks = null;
                double slowestTime = -1;
                for (int i = 0; i < loads; i++) {
                    double[] t = load(browser, base);
                    contentful[i] = t[0];
                    meaningful[i] = t[1];
                    page[i] = t[2];
                    modules[i] = t[3];
                    if ((waterfall || tasks) && t[1] > slowestTime) {
                        slowestTime = t[1];
                        slowest = waterfall ? requests(browser) : null;
                        slowestTasks = tasks ? tasks(browser) : null;
                    }
                }
                System.out.printf(Locale.ROOT, "%d repeat loads: first contentful paint p50 %.0f ms p95 %.0f ms; "
                                + "meaningful p50 %.0f ms p95 %.0f ms max %.0f ms%n", loads,
                        Stats.percentile(present(contentful), 50), Stats.percentile(present(contentful), 95),
                        Stats.percentile(meaningful, 50), Stats.percentile(meaningful, 95),
                        Stats.percentile(meaningful, 100));
                System.out.printf(Locale.ROOT, "  the page read by p50 %.0f ms p95 %.0f ms; its modules by p50 %.0f ms "
                                + "p95 %.0f ms%n", Stats.percentile(page, 50), Stats.percentile(page, 95),
                        Stats.percentile(present(modules), 50), Stats.percentile(present(modules), 95));
                int withoutPaint = loads - present(contentful).length;
                if (withoutPaint > 0) {
                    // the figures were there before Chromium had recorded its first contentful paint entry
                    System.out.printf(Locale.ROOT, "  %d of %d loads without a first contentful paint entry yet%n",
                            withoutPaint, loads);
                }
                if (slowest != null) {
                    System.out.printf(Locale.ROOT, "the slowest repeat load's requests (%.0f ms):%n%s%n",
                            slowestTime, slowest);
                }
                if (slowestTasks != null) {
                    System.out.printf(Locale.ROOT, "the slowest repeat load's long frames (%.0f ms):%n%s%n",
                            slowestTime, slowestTasks);
                }
            } finally {
                browser.quit();
            }
            // a second browser with an empty cache, now that the server has served the dashboard before
            ChromeDriver fresh = browser(o, work, base, session, observe);
            try {
                double[] cold = load(fresh, base);
                System.out.printf(Locale.ROOT, "another browser's first load (empty cache, the server warm): "
                        + "first contentful paint %.0f ms, meaningful %.0f ms%n", cold[0], cold[1]);
                if (waterfall) {
                    System.out.printf(Locale.ROOT, "its requests:%n%s%n", requests(fresh));
                }
                if (tasks) {
                    System.out.printf(Locale.ROOT, "its long frames:%n%s%n", tasks(fresh));
                }
            } finally {
                fresh.quit();
            }
        }
        db.drop();
    }

    /** Headless Chromium with a fresh profile, phone-sized, in Dutch, signed in with the session cookie. */
    private static ChromeDriver browser(Options o, Path work, String base, String session, boolean observe)
            throws Exception {
        ChromeOptions options = new ChromeOptions().setBinary(o.text("chrome", "/usr/bin/chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        Path profile = Files.createTempDirectory(work, "chromium-");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=412,915", "--user-data-dir=" + profile, "--lang=nl");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(o.text("driver", "/usr/bin/chromedriver")).toFile()).build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.get(base + "/manifest.webmanifest");
        browser.manage().addCookie(new Cookie("SESSION", session, "/"));
        if (observe) {
            browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", OBSERVER));
        }
        watching.put(browser, observe);
        return browser;
    }

    /** The requests of the page shown, once its late ones (the rest of the dashboard) had 300 ms to end. */
    private static String requests(ChromeDriver browser) throws InterruptedException {
        Thread.sleep(300);
        return String.valueOf(((JavascriptExecutor) browser).executeScript(WATERFALL));
    }

    /** The long frames of the page shown (see {@link #TASKS}). */
    private static String tasks(ChromeDriver browser) {
        return String.valueOf(((JavascriptExecutor) browser).executeAsyncScript(TASKS));
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    /**
     * Loads the dashboard afresh; [first contentful paint, meaningful, the page's answer's end, the last module's
     * end] in ms from the navigation's start.
     */
    private static double[] load(ChromeDriver browser, String base) throws InterruptedException {
        browser.get("about:blank");
        browser.get(base + "/#dashboard");
        JavascriptExecutor js = browser;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Object meaningful = js.executeScript(watching.get(browser) ? OBSERVED : MEANINGFUL);
            if (meaningful != null) {
                List<?> stages = (List<?>) js.executeScript(CONTENTFUL, meaningful);
                return new double[] {number(stages.get(0)), ((Number) meaningful).doubleValue(), number(stages.get(1)),
                        number(stages.get(2))};
            }
            Thread.sleep(watching.get(browser) ? 50 : 5); // the observer has the moment: no need to hurry
        }
        Object page = js.executeScript("return document.getElementById('live-value')?.textContent + ' | '"
                + " + document.querySelectorAll('#history tr').length + ' rows | error: '"
                + " + document.getElementById('error')?.textContent");
        browser.manage().logs().get("browser").forEach(entry -> System.out.println("console: " + entry));
        System.out.println(requests(browser));
        throw new IllegalStateException("the dashboard did not show its live value and months within 30 s: " + page);
    }

    /** The values measured (NaN: the page had no such entry). */
    private static double[] present(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }
}
