package org.meterkast.server.live;

import java.util.Objects;

/**
 * A browser's live stream of a meter began ({@code began}) or ended; published once each way per stream, on the
 * thread that opened or ended it. Fleet mode follows a meter's own topic on the broker while it has streams.
 */
public record LiveWatch(String meter, boolean began) {
    public LiveWatch {
        Objects.requireNonNull(meter, "meter");
    }
}
