package org.meterkast.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A driver's command line: the server jar first, then {@code --name value} options from a known set. */
final class Options {
    private final Path serverJar;
    private final Map<String, List<String>> values = new HashMap<>();

    private Options(Path serverJar) {
        this.serverJar = serverJar;
    }

    /** The options; prints the usage and exits for {@code --help} (status 0) or a wrong command line (status 2). */
    static Options parse(String[] args, String usage, Set<String> known) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(usage);
            System.exit(0);
        }
        if (args.length == 0 || args[0].startsWith("--")) {
            throw fail(usage, "the first argument is the server jar, e.g. server/target/meterkast.jar");
        }
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            throw fail(usage, "no server jar at " + jar + "; build it with mvn -q -DskipTests package");
        }
        return read(new Options(jar), args, 1, usage, known);
    }

    /** The options of a driver that starts no server: every argument is a {@code --name value} option. */
    static Options parseWithoutServer(String[] args, String usage, Set<String> known) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(usage);
            System.exit(0);
        }
        return read(new Options(null), args, 0, usage, known);
    }

    private static Options read(Options o, String[] args, int from, String usage, Set<String> known) {
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw fail(usage, "unknown option '" + name + "'");
            }
            if (i + 1 >= args.length) {
                throw fail(usage, name + " needs a value");
            }
            o.values.computeIfAbsent(name.substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        return o;
    }

    private static IllegalArgumentException fail(String usage, String message) {
        System.err.println(message);
        System.err.print(usage);
        System.exit(2);
        return new IllegalArgumentException(message);      // not reached
    }

    Path serverJar() {
        return serverJar;
    }

    String text(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int number(String name, int fallback) {
        String v = text(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a whole number");
        }
    }

    /** JVM flags given as one space-separated text, e.g. "-Xmx96m -XX:+UseSerialGC". */
    static List<String> flags(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }
}
