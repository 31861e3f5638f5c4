package org.meterkast.p1.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;

/** Keeps everything a reader reports, and closes the reader after a given number of telegrams. */
final class Recorder implements TelegramListener {
    final List<Telegram> telegrams = new ArrayList<>();
    final List<String> rejections = new ArrayList<>();
    final List<P1FormatException> parseErrors = new ArrayList<>();
    final List<String> connected = new ArrayList<>();
    final List<IOException> openFailures = new ArrayList<>();
    /** The causes of the disconnects; an element is null for an orderly end of stream. */
    final List<IOException> disconnects = new ArrayList<>();
    private final int closeAfter;
    private TelegramReader reader;

    Recorder(int closeAfter) {
        this.closeAfter = closeAfter;
    }

    TelegramReader attach(TelegramReader reader) {
        this.reader = reader;
        return reader;
    }

    @Override
    public synchronized void onTelegram(Telegram telegram) {
        telegrams.add(telegram);
        if (telegrams.size() == closeAfter) {
            reader.close();
        }
    }

    @Override
    public synchronized void onRejected(Rejection reason, String detail) {
        rejections.add(reason + ": " + detail);
    }

    @Override
    public synchronized void onParseError(P1FormatException error) {
        parseErrors.add(error);
    }

    @Override
    public synchronized void onConnected(String source) {
        connected.add(source);
    }

    @Override
    public synchronized void onOpenFailed(IOException cause, Duration retryIn) {
        openFailures.add(cause);
    }

    @Override
    public synchronized void onDisconnected(IOException cause) {
        disconnects.add(cause);
    }
}
