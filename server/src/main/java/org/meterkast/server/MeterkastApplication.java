package org.meterkast.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.meterkast.server.backup.BackupCommand;
import org.meterkast.server.fluvius.FluviusImportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The Meterkast server: reads a meter, keeps every quarter hour, serves the API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MeterkastApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("import")) {
            // a one-shot command: no web server, no meter read, an exit code
            System.exit(FluviusImportCommand.run(MeterkastApplication.class, Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
        }
        if (args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"))) {
            System.exit(BackupCommand.run(args[0], Arrays.copyOfRange(args, 1, args.length), Path.of(""), System.out,
                    System.err));
        }
        SpringApplication.run(MeterkastApplication.class, args);
    }

    /** The only source of "now": tests replace it, logic never calls Instant.now(). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
