package org.meterkast.p1.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** A capture of P1 bytes in a file, read once from start to end. */
public record FileByteSource(Path path) implements ByteSource {
    public FileByteSource {
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String describe() {
        return "file " + path;
    }

    @Override
    public InputStream open() throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException("cannot read file " + path + ": it is a directory");
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            // the JDK's message is the bare path: say what is wrong with it
            throw new IOException("cannot read file " + path + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read file " + path + ": permission denied", e);
        }
    }

    @Override
    public boolean isFinite() {
        return true;
    }
}
