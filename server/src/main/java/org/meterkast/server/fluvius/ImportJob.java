package org.meterkast.server.fluvius;

import java.time.Instant;
import org.meterkast.energy.fluvius.FluviusExport;

/**
 * One import of a Fluvius export into a meter, as it goes: read by the request that asks for its state while the
 * import's own thread moves it on, so every field it changes is volatile.
 */
final class ImportJob {
    /** Where an import is. */
    enum State { RUNNING, DONE, FAILED }

    final String id;
    final String meter;
    final int meterId;
    final Instant started;
    final long totalBytes;
    volatile State state = State.RUNNING;
    volatile long bytesRead;
    volatile long rowsRead;
    volatile FluviusExport export;
    volatile int changed;
    volatile long parseMillis;
    volatile long storeMillis;
    /** Why it failed: a message key of the bundles and its arguments; the line is 0 when no line is to blame. */
    volatile String errorCode;
    volatile Object[] errorArguments;
    volatile int errorLine;

    ImportJob(String id, String meter, int meterId, Instant started, long totalBytes) {
        this.id = id;
        this.meter = meter;
        this.meterId = meterId;
        this.started = started;
        this.totalBytes = totalBytes;
    }

    void fail(int line, String code, Object... arguments) {
        errorLine = line;
        errorCode = code;
        errorArguments = arguments;
        state = State.FAILED;
    }
}
