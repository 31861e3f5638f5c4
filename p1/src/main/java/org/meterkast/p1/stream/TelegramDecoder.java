package org.meterkast.p1.stream;

import java.util.Objects;
import org.meterkast.p1.Frame;
import org.meterkast.p1.FrameListener;
import org.meterkast.p1.FramerStatistics;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.TelegramParser;

/**
 * Bytes in, telegrams out: one {@link TelegramFramer} and one {@link TelegramParser} delivering to a
 * {@link TelegramListener}, for sources that are handed bytes rather than reading a stream of their own (an MQTT
 * message, an HTTP request or response body). {@link TelegramReader} uses one for its streams.
 *
 * <p>Not thread-safe: like the framer and parser in it, a decoder belongs to one meter's bytes, fed in order.
 */
public final class TelegramDecoder {
    private final TelegramListener listener;
    private final TelegramFramer framer;
    private final TelegramParser parser = new TelegramParser();
    private long telegrams;
    private long parseErrors;
    private volatile ByteTap tap;
    private long garbageReported;

    /** A decoder that requires the CRC and bounds a frame at the framer's default size. */
    public TelegramDecoder(TelegramListener listener) {
        this(listener, TelegramFramer.DEFAULT_MAX_FRAME_BYTES, false);
    }

    public TelegramDecoder(TelegramListener listener, int maxFrameBytes, boolean allowMissingCrc) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.framer = new TelegramFramer(new Frames(), maxFrameBytes, allowMissingCrc);
    }

    /** Hands every byte fed from now on to {@code tap} too, before it is framed; null stops it. */
    public void tap(ByteTap tap) {
        this.tap = tap;
    }

    /** Feeds the next bytes of the stream; whole telegrams in them are delivered before this returns. */
    public void accept(byte[] chunk, int offset, int length) {
        ByteTap t = tap;
        if (t != null) {
            t.bytes(chunk, offset, length);
        }
        framer.accept(chunk, offset, length);
        reportGarbage();
    }

    private void reportGarbage() {
        long garbage = framer.garbageBytes();
        if (garbage != garbageReported) {
            long skipped = garbage - garbageReported;
            garbageReported = garbage;
            listener.onGarbage(skipped);
        }
    }

    /**
     * Decodes a message that should hold whole telegrams and nothing after them: a telegram it cuts off is
     * counted as truncated now rather than joined to the next message's bytes.
     *
     * @return the number of telegrams delivered from it
     */
    public int acceptMessage(byte[] message) {
        long before = telegrams;
        accept(message, 0, message.length);
        framer.endOfStream();
        return (int) (telegrams - before);
    }

    /** The stream ended: a telegram begun and not finished is counted as truncated and dropped. */
    public void endOfStream() {
        framer.endOfStream();
    }

    /** Telegrams delivered so far. */
    public long telegrams() {
        return telegrams;
    }

    /** Frames with a good CRC that could not be decoded. */
    public long parseErrors() {
        return parseErrors;
    }

    public FramerStatistics framerStatistics() {
        return framer.statistics();
    }

    private final class Frames implements FrameListener {
        @Override
        public void onFrame(Frame frame) {
            Telegram telegram;
            try {
                telegram = parser.parse(frame);
            } catch (P1FormatException e) {
                parseErrors++;
                listener.onParseError(e);
                return;
            }
            telegrams++;
            listener.onTelegram(telegram);
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            listener.onRejected(reason, detail);
        }
    }
}
