package org.meterkast.energy.quarter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.stream.TelegramDecoder;
import org.meterkast.p1.stream.TelegramListener;

/**
 * The per-message work of a fleet node (docs/CLUSTER.md): decodes one message of raw P1 bytes, refuses a reading
 * stamped far from the node's clock, takes its registers and its gas and water readings, and asks the meter's
 * {@link MeterCandidates} which boundary pairs they must be stored in. Holds one decoder, reused for every message of
 * every meter: a message is
 * decoded whole and on its own, so nothing carries over from one to the next.
 *
 * <p>Not thread-safe: one per thread.
 */
public final class BoundaryTelegrams {
    /** What became of a message. */
    public enum Outcome {
        /** its reading was taken; the pairs it must be stored in went to the sink (maybe none) */
        TAKEN,
        /** no telegram in it, or a broken one: see {@link #problem()} */
        NOT_A_TELEGRAM,
        /** a telegram without its time or one of the four energy registers */
        NO_REGISTERS,
        /** stamped further ahead of the node's clock than the limit: the meter's or the node's clock is wrong */
        CLOCK_AHEAD,
        /** stamped further behind the node's clock than the limit */
        CLOCK_BEHIND
    }

    private final long maxAheadMs;
    private final long maxBehindMs;
    private final Decoded decoded = new Decoded();
    private final TelegramDecoder decoder = new TelegramDecoder(decoded, TelegramFramer.DEFAULT_MAX_FRAME_BYTES, false);
    private String problem;
    private long delayMs;

    /**
     * @param maxAhead  a telegram stamped further ahead of the node's clock than this is refused
     * @param maxBehind a telegram stamped further behind than this is refused
     */
    public BoundaryTelegrams(Duration maxAhead, Duration maxBehind) {
        this.maxAheadMs = maxAhead.toMillis();
        this.maxBehindMs = maxBehind.toMillis();
    }

    /**
     * Takes one message of the meter whose node-side state is {@code meter}, handing {@code sink} every boundary pair
     * its readings must be stored in. A message with several telegrams gives the outcome of its last.
     *
     * @param nowMs the node's clock, epoch milliseconds
     */
    public Outcome accept(byte[] message, long nowMs, MeterCandidates meter, MeterCandidates.Sink sink) {
        problem = null;
        decoded.telegrams.clear();
        decoded.problem = null;
        decoder.acceptMessage(message);
        if (decoded.telegrams.isEmpty()) {
            problem = decoded.problem != null ? decoded.problem : "holds no telegram (" + message.length + " bytes)";
            return Outcome.NOT_A_TELEGRAM;
        }
        Outcome outcome = Outcome.NOT_A_TELEGRAM;
        for (Telegram telegram : decoded.telegrams) {
            outcome = take(telegram, nowMs, meter, sink);
        }
        decoded.telegrams.clear();
        return outcome;
    }

    private Outcome take(Telegram telegram, long nowMs, MeterCandidates meter, MeterCandidates.Sink sink) {
        Optional<RegisterSnapshot> reading = MeterReadings.registers(telegram);
        if (reading.isEmpty()) {
            problem = "telegram " + telegram.timestamp().map(Object::toString).orElse("without a time")
                    + " lacks one of the four energy registers or its time";
            return Outcome.NO_REGISTERS;
        }
        long offset = reading.get().at().toEpochMilli() - nowMs;
        delayMs = -offset;
        if (offset > maxAheadMs || offset < -maxBehindMs) {
            problem = "telegram stamped " + reading.get().at() + " is " + Duration.ofMillis(Math.abs(offset))
                    + (offset < 0 ? " behind" : " ahead of") + " the node's clock: the meter's or the node's clock "
                    + "is wrong; not stored";
            return offset < 0 ? Outcome.CLOCK_BEHIND : Outcome.CLOCK_AHEAD;
        }
        meter.registers().offer(reading.get(), sink);
        volume(MeterReadings.gas(telegram), meter.gas(), sink);
        volume(MeterReadings.water(telegram), meter.water(), sink);
        return Outcome.TAKEN;
    }

    /** A gas or water reading, as a single meter's ingest takes it: with the time the meter took it. */
    private static void volume(Optional<MbusReading> reading, VolumeCandidates meter, VolumeCandidates.Sink sink) {
        if (reading.isPresent() && reading.get().capturedAt() != null) {
            meter.offer(reading.get().capturedAt().getEpochSecond(), reading.get().thousandths(), sink);
        }
    }

    /**
     * How far the last telegram's own time lay behind the node's clock, in milliseconds (negative: ahead); meaningful
     * once a message had its registers read (any outcome but {@link Outcome#NOT_A_TELEGRAM} and
     * {@link Outcome#NO_REGISTERS}).
     */
    public long delayMs() {
        return delayMs;
    }

    /** Why the last message was not taken, naming the input; null when it was. */
    public String problem() {
        return problem;
    }

    /** Collects what the decoder found in one message. */
    private static final class Decoded implements TelegramListener {
        private final List<Telegram> telegrams = new ArrayList<>(1);
        private String problem;

        @Override
        public void onTelegram(Telegram telegram) {
            telegrams.add(telegram);
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            problem = "rejected, " + reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail;
        }

        @Override
        public void onParseError(P1FormatException error) {
            problem = error.getMessage();
        }
    }
}
