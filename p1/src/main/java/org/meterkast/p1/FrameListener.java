package org.meterkast.p1;

/** Receives what a {@link TelegramFramer} finds in a byte stream. */
@FunctionalInterface
public interface FrameListener {
    /** A complete frame with a valid CRC; the frame is only valid during this call. */
    void onFrame(Frame frame);

    /** A frame that was dropped, and why; {@code detail} says what was seen. */
    default void onRejected(Rejection reason, String detail) {
    }
}
