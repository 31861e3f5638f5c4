package org.meterkast.bench;

import org.meterkast.p1.FramerStatistics;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.TelegramParser;

/** Bytes to telegrams as a meter's stream goes: 1 KiB chunks into a framer, each frame into one reused parser. */
final class TelegramPipeline {
    private final ChunkedStream stream;
    private final TelegramFramer framer;
    private final TelegramParser parser = new TelegramParser();
    private Telegram parsed;

    TelegramPipeline(ChunkedStream stream) {
        this.stream = stream;
        this.framer = new TelegramFramer(frame -> parsed = parser.parse(frame));
    }

    /** Feeds chunks until the next telegram comes out. */
    Telegram next() {
        do {
            stream.feed(framer);
        } while (parsed == null);
        Telegram telegram = parsed;
        parsed = null;
        return telegram;
    }

    /** Fails unless the framer delivered telegrams and rejected none. */
    void check() {
        FramerStatistics statistics = framer.statistics();
        if (statistics.rejected() != 0 || statistics.frames() == 0) {
            throw new IllegalStateException("the framer did not deliver every telegram: " + statistics);
        }
    }
}
