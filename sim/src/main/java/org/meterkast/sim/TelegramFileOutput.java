package org.meterkast.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Objects;

/** Writes telegrams to a file, or to a serial device or pseudo-terminal (e.g. one end of a socat pty pair). */
public final class TelegramFileOutput {
    private TelegramFileOutput() {
    }

    /**
     * Opens {@code path} for writing: a regular file (or a new one) is created or emptied; an existing device,
     * pty or pipe is written as it is, since a device can be neither created nor truncated.
     *
     * @throws IOException naming the path and what is wrong with it
     */
    public static OutputStream open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        if (Files.isDirectory(path)) {
            throw new IOException("cannot write telegrams to " + path + ": it is a directory");
        }
        boolean device = Files.exists(path) && !Files.isRegularFile(path);
        try {
            return device ? Files.newOutputStream(path, StandardOpenOption.WRITE)
                    : Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot write telegrams to " + path + ": its directory does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write telegrams to " + path + ": permission denied", e);
        }
    }

    /**
     * Writes telegrams to {@code out}, flushing each so a reader on a pty sees it at once, until the telegrams end
     * or {@code limit} were written (0 or less: no limit). Returns how many were written.
     */
    public static long write(Iterator<byte[]> telegrams, OutputStream out, long limit) throws IOException {
        Objects.requireNonNull(telegrams, "telegrams");
        Objects.requireNonNull(out, "out");
        long written = 0;
        while ((limit <= 0 || written < limit) && telegrams.hasNext()) {
            out.write(telegrams.next());
            out.flush();
            written++;
        }
        return written;
    }
}
