package org.meterkast.server.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.stream.ByteTap;
import org.meterkast.p1.stream.TelegramDecoder;
import org.meterkast.p1.stream.TelegramListener;

/**
 * A meter whose telegrams a data logger POSTs to {@code /api/meters/<name>/telegrams} with
 * {@code Authorization: Bearer <token>}. It reads nothing itself: {@link PushController} hands it each request's
 * body, and it delivers them one at a time, so the meter's pipeline sees one caller at a time however many
 * requests arrive together.
 */
final class PushMeterSource implements MeterSource {
    private static final String BEARER = "bearer ";

    /**
     * What one pushed body gave: telegrams the meter took, decoded telegrams it refused per reason (its clock…) with
     * the time the first of them was stamped (null when none was, or it had no time), frames rejected per reason,
     * frames that did not parse, and what was wrong with the first frame that failed (null when none did).
     */
    record Outcome(int telegrams, Map<String, Integer> refused, Instant firstRefusedAt, Map<String, Integer> rejected,
                   int parseErrors, String firstProblem) {
        Outcome {
            refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
            rejected = Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
        }

        /** Whether the body held anything that looked like a telegram, even a broken one. */
        boolean sawFrame() {
            return telegrams > 0 || !refused.isEmpty() || parseErrors > 0 || !rejected.isEmpty();
        }
    }

    private final String meter;
    private final byte[] tokenDigest;
    private final boolean allowMissingCrc;
    private MeterIngest ingest;
    private TelegramDecoder decoder;
    private ByteTap tap;
    private Tally tally;
    private boolean closed;

    PushMeterSource(String meter, String token, boolean allowMissingCrc) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.tokenDigest = sha256(Objects.requireNonNull(token, "token"));
        this.allowMissingCrc = allowMissingCrc;
    }

    @Override
    public String describe() {
        return "pushed to /api/meters/" + meter + "/telegrams";
    }

    @Override
    public synchronized void capture(ByteTap tap) {
        this.tap = tap;
    }

    @Override
    public synchronized void start(TelegramListener listener) {
        if (decoder != null) {
            throw new IllegalStateException("meter '" + meter + "': " + describe() + " has already started");
        }
        if (listener instanceof MeterIngest meterIngest) {
            ingest = meterIngest;
        }
        tally = new Tally(Objects.requireNonNull(listener, "listener"), ingest);
        decoder = new TelegramDecoder(tally, TelegramFramer.DEFAULT_MAX_FRAME_BYTES, allowMissingCrc);
        decoder.tap(tap);
        listener.onConnected(describe());       // open for pushes from now on
    }

    /**
     * Whether an {@code Authorization} header carries this meter's token. Both sides are hashed before they are
     * compared, so the time taken says nothing about the token, not even its length.
     */
    boolean authorizes(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    /**
     * Decodes one pushed body and delivers its telegrams to the meter's pipeline.
     *
     * @throws IllegalStateException when the source is not started or already closed (the server is stopping)
     */
    synchronized Outcome deliver(byte[] body) {
        requireOpen();
        tally.reset();
        decoder.acceptMessage(body);
        Outcome outcome = tally.outcome();
        if (!outcome.sawFrame() && ingest != null) {
            ingest.onEmptyMessage("a pushed body of " + body.length + " bytes held no P1 telegram: "
                    + HomeWizardMeterSource.preview(body));
        }
        return outcome;
    }

    /** Counts a request refused for its token, in turn with the deliveries. */
    synchronized void refuse(String detail) {
        requireOpen();
        if (ingest != null) {
            ingest.onUnauthorized(detail);
        }
    }

    private void requireOpen() {
        if (decoder == null || closed) {
            throw new IllegalStateException("meter '" + meter + "' is not taking telegrams now");
        }
    }

    /** Stops deliveries; a request that is delivering finishes first, as this waits for it. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Passes the decoder's output to the meter, counting it for the answer to the request: a telegram counts as
     * taken only when the meter's pipeline took it.
     */
    private static final class Tally implements TelegramListener {
        private final TelegramListener listener;
        /** The pipeline that says whether it took a telegram; null for another listener, which takes them all. */
        private final MeterIngest ingest;
        private final Map<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
        private final Map<MeterIngest.Refusal, Integer> refused = new EnumMap<>(MeterIngest.Refusal.class);
        private int telegrams;
        private int parseErrors;
        private String firstProblem;
        private Instant firstRefusedAt;

        Tally(TelegramListener listener, MeterIngest ingest) {
            this.listener = listener;
            this.ingest = ingest;
        }

        void reset() {
            rejected.clear();
            refused.clear();
            telegrams = 0;
            parseErrors = 0;
            firstProblem = null;
            firstRefusedAt = null;
        }

        Outcome outcome() {
            Map<String, Integer> byReason = new LinkedHashMap<>();
            rejected.forEach((reason, n) -> byReason.put(reason.name(), n));
            Map<String, Integer> refusedByReason = new LinkedHashMap<>();
            refused.forEach((reason, n) -> refusedByReason.put(reason.name(), n));
            return new Outcome(telegrams, refusedByReason, firstRefusedAt, byReason, parseErrors, firstProblem);
        }

        @Override
        public void onTelegram(Telegram telegram) {
            listener.onTelegram(telegram);
            MeterIngest.Refusal refusal = ingest == null ? null : ingest.refusal();
            if (refusal == null) {
                telegrams++;
                return;
            }
            if (refused.isEmpty()) {
                firstRefusedAt = telegram.timestamp().orElse(null);
            }
            refused.merge(refusal, 1, Integer::sum);
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            rejected.merge(reason, 1, Integer::sum);
            if (firstProblem == null) {
                firstProblem = reason + ": " + detail;
            }
            listener.onRejected(reason, detail);
        }

        @Override
        public void onParseError(P1FormatException error) {
            parseErrors++;
            if (firstProblem == null) {
                firstProblem = error.getMessage();
            }
            listener.onParseError(error);
        }
    }
}
