package org.meterkast.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.openqa.selenium.chrome.ChromeDriver;

/** axe-core from its webjar (a test dependency: the app never serves it), run on the page a browser test shows. */
final class Axe {
    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    /** axe.min.js of the webjar's version. */
    static Axe load() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = Axe.class
                .getResourceAsStream("/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            pom.load(in);
        }
        String path = "/META-INF/resources/webjars/axe-core/" + pom.getProperty("version") + "/axe.min.js";
        try (InputStream in = Axe.class.getResourceAsStream(path)) {
            return new Axe(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * axe-core's serious and critical violations on the page as it is, one line each with {@code where} and where on
     * the page they are. The console's lines, those logged before axe ran as well, go to {@code logged} for the test's
     * own check, less the one axe itself provokes.
     */
    @SuppressWarnings("unchecked")
    List<String> violations(ChromeDriver browser, String where, List<String> logged) {
        logged.addAll(HeadlessChromium.consoleErrors(browser));
        browser.executeScript(source);
        List<String> found = (List<String>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => `${v.id} (${v.impact}): ${v.help}: `
                      + v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join(', '))))
                  .catch((e) => done([`axe failed: ${e}`]));""");
        // axe's contrast rule reads the pixels behind text from a canvas, and Chromium advises it how to do so faster:
        // axe's line, not the app's (the test alone injects axe)
        logged.addAll(HeadlessChromium.consoleErrors(browser).stream()
                .filter(line -> !line.contains("willReadFrequently")).toList());
        return found.stream().map(line -> where + ": " + line).toList();
    }
}
