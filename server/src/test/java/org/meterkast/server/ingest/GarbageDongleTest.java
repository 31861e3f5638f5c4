package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A dongle that sends noise between its telegrams (a wrong baud rate for a while, a modem's chatter, corrupted
 * bytes): the noise is counted per meter, every telegram around it still goes in, nothing wrong is stored.
 */
class GarbageDongleTest {
    @TempDir
    Path folder;

    @Test
    void noiseIsCountedAndTheTelegramsAroundItGoIn() throws Exception {
        int seconds = 20 * 60;
        Random random = new Random(7);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        long noise = 0;
        for (int s = 0; s < seconds; s++) {
            if (s % 60 == 0) {
                // a burst of noise without '/' (which would start a telegram) or line ends (which are not noise)
                for (int i = 0; i < 500; i++) {
                    int b;
                    do {
                        b = random.nextInt(256);
                    } while (b == '/' || b == '\r' || b == '\n');
                    stream.write(b);
                    noise++;
                }
            }
            byte[] telegram = TelegramWriter.toBytes(MeterFeed.telegram(s));
            if (s == 300) {
                telegram[40] ^= 0x01;       // one bit flipped: a bad CRC, this second is lost and counted
            }
            stream.write(telegram);
        }

        try (ServerSocket dongle = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sender = new Thread(() -> {
                try (Socket client = dongle.accept(); OutputStream out = client.getOutputStream()) {
                    out.write(stream.toByteArray());
                    out.flush();
                    Thread.sleep(60_000);       // stays open and silent, as a dongle does
                } catch (Exception e) {
                    // closed by the test
                }
            });
            sender.setDaemon(true);
            sender.start();
            try (ConfigurableApplicationContext server = new SpringApplicationBuilder(MeterkastApplication.class).run(
                    "--server.port=0", "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("m.db"),
                    "--meterkast.meters.home.type=tcp",
                    "--meterkast.meters.home.address=127.0.0.1:" + dongle.getLocalPort())) {
                ApiClient api = ApiClient.signedIn(server, "home");
                JsonNode counts = api.awaitTelegrams("home", seconds - 1);

                assertThat(counts.get("garbageBytes").asLong()).isEqualTo(noise);
                assertThat(counts.get("rejected").get("BAD_CRC").asLong()).isEqualTo(1);
                assertThat(api.quarters("home", MeterFeed.Q0, MeterFeed.Q0.plusSeconds(3600))).containsExactly(
                        new ClosedQuarter(new Quarter(MeterFeed.Q0), 0, new QuarterEnergy(900, 0, 300, 0), false));
            }
        }
    }
}
