package org.meterkast.sim;

import java.util.ArrayList;
import java.util.List;
import org.meterkast.p1.Frame;
import org.meterkast.p1.FrameListener;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.TelegramParser;

/** Frames bytes strictly (CRC required, any rejection fails the test) and parses every frame, as a reader would. */
final class Frames {
    private final TelegramParser parser = new TelegramParser();
    private final List<Telegram> telegrams = new ArrayList<>();
    private final TelegramFramer framer = new TelegramFramer(new FrameListener() {
        @Override
        public void onFrame(Frame frame) {
            telegrams.add(parser.parse(frame));
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            throw new AssertionError("frame rejected: " + reason + ": " + detail);
        }
    });

    /** Feeds bytes and returns the telegrams they completed. */
    List<Telegram> accept(byte[] bytes) {
        telegrams.clear();
        framer.accept(bytes);
        return List.copyOf(telegrams);
    }
}
