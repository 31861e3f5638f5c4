package org.meterkast.server.fleet;

import java.util.concurrent.CompletableFuture;

/**
 * Where a fleet meter's raw telegrams go, whoever carried them (a shared MQTT subscription today): each answer
 * completes once what must be kept of the telegram is stored, so the carrier acknowledges it only then, and a node that
 * dies before that has it delivered again rather than lost (docs/CLUSTER.md).
 */
public interface TelegramIntake {
    /**
     * Takes one message of the meter named {@code meter} (the meter id in the topic): a telegram, or something that
     * should have been one (counted as rejected, never thrown).
     *
     * @return completes normally once the message is handled and what it must leave is stored; completes
     *         exceptionally when storing failed, in which case the carrier must not acknowledge it
     */
    CompletableFuture<Void> accept(String meter, byte[] payload);
}
