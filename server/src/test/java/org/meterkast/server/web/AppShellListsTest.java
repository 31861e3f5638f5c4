package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The lists of the app's files kept by hand stay complete: index.html asks for every module app.js imports at once
 * ({@code <link rel="modulepreload">}, so that they load side by side instead of level by level), and the service
 * worker keeps every script of the app.
 */
class AppShellListsTest {
    private static final Path STATIC = Path.of("src/main/resources/static");
    private static final Pattern IMPORT = Pattern.compile("^import\\s[^;]*?from\\s+'([^']+)'|^import\\s+'([^']+)'",
            Pattern.MULTILINE | Pattern.DOTALL);
    /** a module asked for by the page: preloaded, or a script of its own (early.js) */
    private static final Pattern PRELOAD = Pattern.compile(
            "<link rel=\"modulepreload\" href=\"([^\"]+)\">|<script src=\"(js/[^\"]+)\" type=\"module\"");
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    /** Every module app.js imports, directly or through another, as a path under static/. */
    private static Set<String> importedByApp() throws IOException {
        Set<String> seen = new TreeSet<>();
        Deque<Path> todo = new ArrayDeque<>();
        todo.add(Path.of("app.js"));
        while (!todo.isEmpty()) {
            Path module = todo.poll();
            Matcher m = IMPORT.matcher(Files.readString(STATIC.resolve(module)));
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                Path parent = module.getParent() == null ? Path.of("") : module.getParent();
                Path imported = parent.resolve(target).normalize();
                if (seen.add(imported.toString().replace('\\', '/'))) {
                    todo.add(imported);
                }
            }
        }
        return seen;
    }

    @Test
    void thePagePreloadsEveryModuleAppJsImports() throws IOException {
        Set<String> preloaded = new TreeSet<>();
        Matcher m = PRELOAD.matcher(Files.readString(STATIC.resolve("index.html")));
        while (m.find()) {
            preloaded.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        assertThat(preloaded).isEqualTo(importedByApp());
    }

    /**
     * The dashboard's first paint reads only the modules app.js imports, each one more file for a busy phone to read
     * and compile (the repeat loads' slow tail in FirstPaint); the tiles and notices under the figures load after them.
     */
    @Test
    void theDashboardsFirstPaintReadsNoTileModule() throws IOException {
        assertThat(importedByApp())
                .doesNotContain("js/dashboard-tiles.js", "js/storage-tiles.js", "js/chargers.js", "js/ev.js",
                        "js/no-live-source.js", "js/prepaid.js")
                .hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void theServiceWorkerKeepsEveryScript() throws IOException {
        String worker = Files.readString(STATIC.resolve("sw.js"));
        String shell = worker.substring(worker.indexOf("const SHELL"), worker.indexOf("];", worker.indexOf("const SHELL")));
        Set<String> kept = new TreeSet<>();
        Matcher m = QUOTED.matcher(shell);
        while (m.find()) {
            kept.add(m.group(1));
        }
        Set<String> scripts = new TreeSet<>();
        try (Stream<Path> files = Files.list(STATIC.resolve("js"))) {
            files.map(f -> "js/" + f.getFileName()).filter(f -> f.endsWith(".js")).forEach(scripts::add);
        }
        assertThat(kept).contains("app.js", "index.html", "app.css").containsAll(scripts).containsAll(importedByApp());
    }
}
