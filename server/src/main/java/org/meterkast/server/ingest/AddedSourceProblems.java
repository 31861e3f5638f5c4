package org.meterkast.server.ingest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.stream.TelegramListener;

/**
 * What a source added in the app tells its account: a fixed category of the last problem (the key of a message),
 * never what the peer sent nor the system's own words, so the "+" flow cannot serve to read other services'
 * banners. The details go on to the meter's ingest, which logs them for the operator.
 */
final class AddedSourceProblems implements TelegramListener {
    /** Shown while nothing has been received and nothing failed yet. */
    static final String NO_TELEGRAM_YET = "no-telegram";

    private final TelegramListener ingest;
    private volatile String category;

    AddedSourceProblems(TelegramListener ingest) {
        this.ingest = ingest;
    }

    /** The last problem's category, or null. */
    String category() {
        return category;
    }

    @Override
    public void onTelegram(Telegram telegram) {
        ingest.onTelegram(telegram);
    }

    @Override
    public void onRejected(Rejection reason, String detail) {
        category = "not-p1";
        ingest.onRejected(reason, detail);
    }

    @Override
    public void onGarbage(long bytes) {
        category = "not-p1";
        ingest.onGarbage(bytes);
    }

    @Override
    public void onParseError(P1FormatException error) {
        category = "not-p1";
        ingest.onParseError(error);
    }

    @Override
    public void onConnected(String source) {
        ingest.onConnected(source);
    }

    @Override
    public void onOpenFailed(IOException cause, Duration retryIn) {
        category = of(cause);
        ingest.onOpenFailed(cause, retryIn);
    }

    @Override
    public void onDisconnected(IOException cause) {
        // a peer that sent something else and hung up: what it sent is what the household needs to know
        category = cause == null ? ("not-p1".equals(category) ? category : "closed") : of(cause);
        ingest.onDisconnected(cause);
    }

    /** The category of a failure to connect or to read, from its type (never its message). */
    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AddedSourceNetworks.RefusedException refused) {
                return refused.category();
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof TimeoutException) {
                return "timeout";
            }
            if (t instanceof NoRouteToHostException) {
                return "unreachable";
            }
            if (t instanceof ConnectException) {
                return "refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown-host";
            }
        }
        return "not-p1";
    }
}
