package org.meterkast.server.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.p1.DemandPeak;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.MbusDevice;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;

/**
 * A simulated Fluvius meter behind a TCP dongle on localhost: a Belgian telegram per simulated second, sent as
 * fast as the socket takes them. Import (day) grows 1 Wh a second (3600 W), export (day) 1 Wh every third
 * second (1200 W); the night registers stand still. The first connection gets the telegrams, then the line
 * stays open and silent, as a dongle's does between telegrams.
 */
final class MeterFeed implements AutoCloseable {
    /**
     * The simulated clock starts 30 s before a quarter boundary, so the first quarter's start is unknown, and
     * three hours before now, so the server takes the telegrams as live ones.
     */
    static final Instant START = Quarter.containing(Instant.now()).start().minusSeconds(3 * 3600 + 30);
    /** The first quarter that starts after the first telegram. */
    static final Instant Q0 = START.plusSeconds(30);
    /** The meter's own month peak (1-0:1.6.0), as every telegram reports it. */
    static final DemandPeak MONTH_PEAK = new DemandPeak(Q0.minusSeconds(86_400), 4_321);
    static final long IMPORT_DAY_0 = 1_234_567;
    static final long EXPORT_DAY_0 = 456_789;

    private final ServerSocket server;
    private final byte[] bytes;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /** Serves the telegrams of simulated seconds [from, to) after {@link #START}. */
    MeterFeed(int from, int to) throws IOException {
        this.bytes = telegrams(from, to);
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "meter-feed");
        thread.setDaemon(true);
        thread.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    static Telegram telegram(int second) {
        Instant at = START.plusSeconds(second);
        // the gas meter reports every 5 minutes; its index grows 1 litre a second
        Instant gasAt = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 300) * 300);
        long gasLitres = 7_000_000 + (gasAt.getEpochSecond() - START.getEpochSecond());
        return Telegram.builder(Dialect.BELGIAN)
                .header("FLU5\\253769484_A")
                .version("50217")
                .equipmentId("1SAG1105000000")
                .timestamp(at)
                .energyImported(Tariff.DAY, IMPORT_DAY_0 + second)
                .energyImported(Tariff.NIGHT, 2_000_000)
                .energyExported(Tariff.DAY, EXPORT_DAY_0 + Math.floorDiv(second, 3))
                .energyExported(Tariff.NIGHT, 3_000)
                .tariff(Tariff.DAY)
                .set(Measurement.POWER_IMPORTED, 3600)
                .set(Measurement.POWER_EXPORTED, 0)
                .set(Measurement.CURRENT_AVERAGE_DEMAND, meterDemand(second))
                .monthPeak(MONTH_PEAK)
                .addMbusDevice(new MbusDevice(1, 3, "7FLO0000000000", null,
                        new MbusReading(gasAt, gasLitres, "m3"), -1, -1))
                .build();
    }

    /** The meter's current average demand (1-0:1.4.0): 3,000 W plus the seconds into the quarter. */
    static long meterDemand(int second) {
        return 3_000 + Math.floorMod(START.getEpochSecond() + second, 900);
    }

    static byte[] telegrams(int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int s = from; s < to; s++) {
            out.writeBytes(TelegramWriter.toBytes(telegram(s)));
        }
        return out.toByteArray();
    }

    private void serve() {
        boolean first = true;
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                if (first) {
                    first = false;
                    OutputStream out = client.getOutputStream();
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException e) {
                return;     // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket c : clients) {
            c.close();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
