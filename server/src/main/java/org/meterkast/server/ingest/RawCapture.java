package org.meterkast.server.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.meterkast.p1.stream.ByteTap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter's raw bytes, exactly as they came in (garbage and broken telegrams too), kept in a file that can be
 * replayed with {@code type=file} or {@code p1-tool --file}. Bounded: when the file reaches half the bound it
 * becomes {@code <file>.1}, replacing the one before, so the two never hold more than the bound together.
 *
 * <p>A capture that cannot be written is given up with one warning; reading the meter goes on.
 */
final class RawCapture implements ByteTap, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RawCapture.class);

    private final Path file;
    private final Path previous;
    private final long halfBound;
    private OutputStream out;
    private long written;
    private boolean failed;

    /**
     * @param file     where the bytes go; its folder is made if missing, an existing file is continued
     * @param maxBytes what the file and its predecessor hold together at most
     */
    RawCapture(Path file, long maxBytes) {
        this.file = Objects.requireNonNull(file, "file");
        this.previous = file.resolveSibling(file.getFileName() + ".1");
        if (maxBytes < 2 * 8192) {
            throw new IllegalArgumentException("a capture must be allowed at least 16 KB, not " + maxBytes + " bytes");
        }
        this.halfBound = maxBytes / 2;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void bytes(byte[] bytes, int offset, int length) {
        if (failed) {
            return;
        }
        try {
            if (out == null) {
                open();
            }
            int done = 0;
            while (done < length) {
                int n = (int) Math.min(length - done, halfBound - written);
                out.write(bytes, offset + done, n);
                written += n;
                done += n;
                if (written >= halfBound) {
                    rotate();
                }
            }
        } catch (IOException e) {
            failed = true;
            log.warn("capture {} stopped: {}", file, e.toString());
            closeQuietly();
        }
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        written = Files.exists(file) ? Files.size(file) : 0;
        if (written >= halfBound) {
            Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
            written = 0;
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void rotate() throws IOException {
        out.close();
        Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        written = 0;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // given up either way
            }
            out = null;
        }
    }
}
