package org.meterkast.server.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.p1.serial.SerialByteSource;
import org.meterkast.p1.serial.SerialSettings;
import org.meterkast.p1.stream.ByteSource;
import org.meterkast.p1.stream.ByteTap;
import org.meterkast.p1.stream.FileByteSource;
import org.meterkast.p1.stream.TcpByteSource;
import org.meterkast.p1.stream.TelegramListener;
import org.meterkast.p1.stream.TelegramReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter read from a byte stream (a serial port, a TCP dongle, a capture file) by p1's reconnecting
 * {@link TelegramReader}.
 */
final class StreamMeterSource implements MeterSource {
    private static final Logger log = LoggerFactory.getLogger(StreamMeterSource.class);
    /** A reader stuck in a listener call longer than this is left behind at shutdown rather than block it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String meter;
    private final ByteSource bytes;
    private final TelegramReader.Options options;
    private TelegramReader reader;
    private Thread thread;
    private ByteTap tap;

    StreamMeterSource(String meter, ByteSource bytes, TelegramReader.Options options) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The source the settings name when it is a byte stream (serial, tcp, file); empty otherwise. */
    static Optional<MeterSource> of(String name, MeterSettings settings) {
        TelegramReader.Options options = TelegramReader.Options.DEFAULTS.withAllowMissingCrc(settings.allowMissingCrc());
        return switch (settings.type()) {
            case TCP -> Optional.of(new StreamMeterSource(name, TcpByteSource.parse(settings.address()), options));
            case FILE -> Optional.of(new StreamMeterSource(name, new FileByteSource(settings.path()), options));
            case SERIAL -> Optional.of(new StreamMeterSource(name,
                    new SerialByteSource(settings.port(), SerialSettings.parse(settings.line())), options));
            default -> Optional.empty();
        };
    }

    @Override
    public synchronized void capture(ByteTap tap) {
        this.tap = tap;
    }

    @Override
    public boolean replays() {
        return bytes.isFinite();
    }

    @Override
    public String describe() {
        return bytes.describe();
    }

    @Override
    public synchronized void start(TelegramListener listener) {
        if (thread != null) {
            throw new IllegalStateException("meter '" + meter + "': " + describe() + " is already being read");
        }
        reader = new TelegramReader(bytes, listener, options);
        reader.tap(tap);
        thread = new Thread(this::read, "meter-" + meter);
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            reader.run();
            log.info("meter '{}': {} ended", meter, describe());
        } catch (IOException e) {
            // a file that cannot be read, for instance; the message names the source
            log.error("meter '{}': {}", meter, e.getMessage());
        } catch (RuntimeException e) {
            log.error("meter '{}': reading {} stopped", meter, describe(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (reader == null) {
            return;
        }
        reader.close();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("meter '{}': the reader of {} did not stop within {}", meter, describe(), STOP_WAIT);
        }
    }
}
