package org.meterkast.sim.ev;

import eu.chargetime.ocpp.AuthenticationException;
import eu.chargetime.ocpp.JSONServer;
import eu.chargetime.ocpp.ServerEvents;
import eu.chargetime.ocpp.feature.profile.ServerCoreEventHandler;
import eu.chargetime.ocpp.feature.profile.ServerCoreProfile;
import eu.chargetime.ocpp.feature.profile.ServerRemoteTriggerProfile;
import eu.chargetime.ocpp.feature.profile.ServerReservationProfile;
import eu.chargetime.ocpp.feature.profile.ServerSmartChargingProfile;
import eu.chargetime.ocpp.model.Confirmation;
import eu.chargetime.ocpp.model.Request;
import eu.chargetime.ocpp.model.SessionInformation;
import eu.chargetime.ocpp.model.core.AuthorizationStatus;
import eu.chargetime.ocpp.model.core.AuthorizeConfirmation;
import eu.chargetime.ocpp.model.core.AuthorizeRequest;
import eu.chargetime.ocpp.model.core.BootNotificationConfirmation;
import eu.chargetime.ocpp.model.core.BootNotificationRequest;
import eu.chargetime.ocpp.model.core.DataTransferConfirmation;
import eu.chargetime.ocpp.model.core.DataTransferRequest;
import eu.chargetime.ocpp.model.core.DataTransferStatus;
import eu.chargetime.ocpp.model.core.HeartbeatConfirmation;
import eu.chargetime.ocpp.model.core.HeartbeatRequest;
import eu.chargetime.ocpp.model.core.IdTagInfo;
import eu.chargetime.ocpp.model.core.MeterValuesConfirmation;
import eu.chargetime.ocpp.model.core.MeterValuesRequest;
import eu.chargetime.ocpp.model.core.RegistrationStatus;
import eu.chargetime.ocpp.model.core.StartTransactionConfirmation;
import eu.chargetime.ocpp.model.core.StartTransactionRequest;
import eu.chargetime.ocpp.model.core.StatusNotificationConfirmation;
import eu.chargetime.ocpp.model.core.StatusNotificationRequest;
import eu.chargetime.ocpp.model.core.StopTransactionConfirmation;
import eu.chargetime.ocpp.model.core.StopTransactionRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An OCPP 1.6J central system that is not ours: ChargeTimeEU's Java-OCA-OCPP {@code JSONServer} on a loopback
 * port, accepting one charge point id with one password, answering every request as a permissive back office
 * does, and keeping every request it received for the test to look at.
 */
public final class ForeignCentralSystem implements AutoCloseable {
    public static final String PASSWORD = "sixteen-chars-secret";
    public static final int FIRST_TRANSACTION_ID = 42;

    /** One request from a charge point, with the identity it connected as. */
    record Received(String identity, Request request) {
    }

    private final JSONServer server;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, UUID> sessions = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextTransactionId = new AtomicInteger(FIRST_TRANSACTION_ID);
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private final int heartbeatSeconds;

    public ForeignCentralSystem(int heartbeatSeconds) throws IOException {
        this.heartbeatSeconds = heartbeatSeconds;
        this.port = freePort();
        ServerCoreProfile core = new ServerCoreProfile(new Handler());
        server = new JSONServer(core);
        server.addFeatureProfile(new ServerSmartChargingProfile());
        server.addFeatureProfile(new ServerRemoteTriggerProfile());
        server.addFeatureProfile(new ServerReservationProfile());
        server.open("127.0.0.1", port, new ServerEvents() {
            @Override
            public void authenticateSession(SessionInformation info, String username, byte[] password)
                    throws AuthenticationException {
                String pw = password == null ? null : new String(password, StandardCharsets.UTF_8);
                String identity = identity(info);
                if (!identity.equals(username) || !PASSWORD.equals(pw)) {
                    refusals.add(identity + " as " + username);
                    throw new AuthenticationException(401, "wrong id or password for " + identity);
                }
            }

            @Override
            public void newSession(UUID session, SessionInformation info) {
                sessions.put(identity(info), session);
                sessionsOpened.incrementAndGet();
            }

            @Override
            public void lostSession(UUID session) {
                sessions.values().remove(session);
            }
        });
    }

    /** The charge point's id: the last segment of the path, which the library gives with a leading slash. */
    private static String identity(SessionInformation info) {
        String path = info.getIdentifier();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public URI address() {
        return URI.create("ws://127.0.0.1:" + port + "/ocpp");
    }

    List<String> refusals() {
        return refusals;
    }

    int sessionsOpened() {
        return sessionsOpened.get();
    }

    boolean isConnected(String id) {
        return sessions.containsKey(id);
    }

    /** Every request of this type, in the order received. */
    public <T extends Request> List<T> all(Class<T> type) {
        return received.stream().map(Received::request).filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits for a request of this type, received after the first {@code skip} of its kind, that matches. */
    public <T extends Request> T await(Class<T> type, int skip, Predicate<T> matching) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            List<T> all = all(type);
            for (int i = skip; i < all.size(); i++) {
                if (matching.test(all.get(i))) {
                    return all.get(i);
                }
            }
            pause();
        }
        throw new AssertionError("no " + type.getSimpleName() + " as expected within 10 s; received: " + received);
    }

    /** Sends a request to the charge point and waits for its answer (the library's own future never times out). */
    <C extends Confirmation> C send(String id, Request request, Class<C> answer) throws Exception {
        UUID session = sessions.get(id);
        if (session == null) {
            throw new AssertionError(id + " is not connected");
        }
        Confirmation c = server.send(session, request).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).get();
        return answer.cast(c);
    }

    /** Drops the charge point's connection, as a restarting server or a lost network does. */
    void drop(String id) {
        UUID session = sessions.get(id);
        if (session != null) {
            server.closeSession(session);
        }
    }

    static void until(BooleanSupplier condition, String what) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 10 s: " + what);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(Duration.ofMillis(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private final class Handler implements ServerCoreEventHandler {
        private String id(UUID session) {
            return sessions.entrySet().stream().filter(e -> e.getValue().equals(session)).map(Map.Entry::getKey)
                    .findFirst().orElse("?");
        }

        private void keep(UUID session, Request r) {
            received.add(new Received(id(session), r));
        }

        @Override
        public AuthorizeConfirmation handleAuthorizeRequest(UUID session, AuthorizeRequest r) {
            keep(session, r);
            return new AuthorizeConfirmation(new IdTagInfo(AuthorizationStatus.Accepted));
        }

        @Override
        public BootNotificationConfirmation handleBootNotificationRequest(UUID session, BootNotificationRequest r) {
            keep(session, r);
            return new BootNotificationConfirmation(ZonedDateTime.now(), heartbeatSeconds, RegistrationStatus.Accepted);
        }

        @Override
        public DataTransferConfirmation handleDataTransferRequest(UUID session, DataTransferRequest r) {
            keep(session, r);
            return new DataTransferConfirmation(DataTransferStatus.UnknownVendorId);
        }

        @Override
        public HeartbeatConfirmation handleHeartbeatRequest(UUID session, HeartbeatRequest r) {
            keep(session, r);
            return new HeartbeatConfirmation(ZonedDateTime.now());
        }

        @Override
        public MeterValuesConfirmation handleMeterValuesRequest(UUID session, MeterValuesRequest r) {
            keep(session, r);
            return new MeterValuesConfirmation();
        }

        @Override
        public StartTransactionConfirmation handleStartTransactionRequest(UUID session, StartTransactionRequest r) {
            keep(session, r);
            return new StartTransactionConfirmation(new IdTagInfo(AuthorizationStatus.Accepted),
                    nextTransactionId.getAndIncrement());
        }

        @Override
        public StatusNotificationConfirmation handleStatusNotificationRequest(UUID session,
                                                                              StatusNotificationRequest r) {
            keep(session, r);
            return new StatusNotificationConfirmation();
        }

        @Override
        public StopTransactionConfirmation handleStopTransactionRequest(UUID session, StopTransactionRequest r) {
            keep(session, r);
            return new StopTransactionConfirmation();
        }
    }
}
