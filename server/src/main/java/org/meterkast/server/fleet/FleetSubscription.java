package org.meterkast.server.fleet;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.meterkast.p1.stream.Backoff;
import org.meterkast.server.ingest.MqttSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's share of the fleet's telegrams: one MQTT 3.1.1 connection to the broker of {@code meterkast.mqtt.*},
 * subscribed to {@code $share/<group>/<topic>} at QoS 1, each message handed to the {@link TelegramIntake} with the
 * meter id of its topic, and acknowledged only once the intake's answer completes normally. The connection is Netty's
 * (one event-loop thread, Netty's MQTT codec); this class keeps the session's rules (docs/CLUSTER.md, "The broker",
 * says why each choice here is made):
 *
 * <ul>
 *   <li>The client id is the node's ({@code meterkast-fleet-<meterkast.fleet.node>}) and the session persists (clean
 *       session false): a node killed with messages in flight gets them again when it comes back. How long the broker
 *       keeps the session of a node that does not come back is the broker's setting (Mosquitto:
 *       {@code persistent_client_expiration}).</li>
 *   <li>At most {@code meterkast.fleet.most-unacknowledged} messages are held unanswered: the next ones wait, the
 *       connection stops reading (Netty's auto-read off), and the broker's writes wait in TCP. A broker that sends a
 *       long queue at once, beyond any in-flight window (Mosquitto 2.0 does, when a node comes back to its session),
 *       is thus read only as fast as the node stores.</li>
 *   <li>Acknowledgements go out in the order the messages came, many in one write, so one that is never acknowledged
 *       holds back all later ones. One that fails is therefore counted and, after a back-off, the connection is made
 *       again: the broker sends every unacknowledged message once more, the failed one first.</li>
 *   <li>A message whose topic does not match the pattern is counted and acknowledged: nobody will ever take it.</li>
 * </ul>
 *
 * <p>The event-loop thread decodes a whole read (up to 64 KiB, dozens of telegrams) at once and hands each message
 * to the intake, which only decides and queues (its writer thread stores). A read that brought only a few messages
 * is followed by a pause of 2 ms before the next, and acknowledgements wait up to 2 ms to go out together: the
 * broker writes each message on its own, and without the pauses each message would cost its own wake-up, read and
 * write. A keep-alive PINGREQ goes out when nothing
 * was written for half the keep-alive; while reading is paused, the broker's answer waits in TCP like the rest, and
 * the connection counts as lost only when the broker said nothing for one and a half keep-alives while the node was
 * reading. A clean stop leaves the group: unsubscribe, wait until every message held is answered, disconnect, and end
 * the session.
 */
@Component
@ConditionalOnProperty(name = "meterkast.fleet.enabled", havingValue = "true")
public class FleetSubscription implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FleetSubscription.class);
    /** The default of {@code meterkast.fleet.most-unacknowledged}: messages held unanswered before reading stops. */
    static final int MOST_UNACKNOWLEDGED = 10_000;
    /** How long a clean stop waits for the intake to answer the messages it holds. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    /** The largest MQTT packet read: a telegram is 1-3 KB; a larger packet closes the connection. */
    static final int LARGEST_PACKET = 1 << 20;
    private static final int SUBSCRIBE_ID = 1;
    private static final int UNSUBSCRIBE_ID = 2;
    /** A PUBACK: fixed header, remaining length 2, packet identifier. */
    private static final int PUBACK_BYTES = 4;
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    /**
     * A read that brought fewer messages than this is followed by a pause of {@link #READ_LINGER_MICROS} before the
     * next: the broker writes each message on its own, so at a few thousand a second every read would bring one or
     * two, each read costing a wake-up and two system calls. Waiting lets a few milliseconds' worth come at once.
     */
    static final int FEW_MESSAGES = 32;
    static final long READ_LINGER_MICROS = 2_000;
    /** Acknowledgements wait this long to go out together, unless {@link #ACKNOWLEDGE_AT_ONCE} are ready. */
    static final long ACKNOWLEDGE_LINGER_MICROS = 2_000;
    static final int ACKNOWLEDGE_AT_ONCE = 256;

    /**
     * What the subscription has done since the start.
     *
     * @param received     messages taken from the broker
     * @param acknowledged messages acknowledged: after the intake stored or judged them, and the foreign ones
     * @param failed       messages the intake could not store (not acknowledged: the broker sends them again)
     * @param foreign      messages on a topic without a meter id (acknowledged)
     * @param connections  connections made
     * @param waits        times reading paused because {@code most-unacknowledged} were held
     */
    public record Counts(long received, long acknowledged, long failed, long foreign, long connections, long waits) {
    }

    private final FleetSettings fleet;
    private final MqttSettings mqtt;
    private final MqttSettings.Broker broker;
    private final TelegramIntake intake;
    private final int mostUnacknowledged;
    private final MeterTopic topics;
    private final String clientId;
    private final String filter;

    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final AtomicLong connections = new AtomicLong();
    /** Messages handed to the intake and not answered yet. */
    private final AtomicLong pending = new AtomicLong();
    /** Guarded by lock. */
    private final Backoff backoff;
    /** The back-off grew since a message was last acknowledged. */
    private volatile boolean backedOff;

    private final Object lock = new Object();
    // guarded by lock
    private EventLoopGroup loop;
    private Session session;
    private volatile boolean running;
    private volatile boolean stopping;
    /** Which connection is up: a message remembers the one it came on, and is acknowledged only on that one. */
    private volatile long generation;
    /** The connection whose subscription the broker granted. */
    private volatile long subscribedOn;
    /** A connection attempt is scheduled; guarded by lock. */
    private boolean connectScheduled;
    /** The connection whose failed message has a reconnect scheduled already; guarded by lock. */
    private long recycling = -1;
    /** Failed messages on the current connection: the session must be kept for them; guarded by lock. */
    private long unanswered;

    /** For {@code ssl://}: the JVM's default context (its trust store), or a test's. */
    private final TlsContext tls;

    /** Where the TLS context comes from: {@link SSLContext#getDefault()} but in tests. */
    @FunctionalInterface
    interface TlsContext {
        SSLContext get() throws NoSuchAlgorithmException;
    }

    @Autowired
    FleetSubscription(FleetSettings fleet, MqttSettings mqtt, TelegramIntake intake,
                      @Value("${meterkast.fleet.most-unacknowledged:" + MOST_UNACKNOWLEDGED + "}")
                      int mostUnacknowledged) {
        this(fleet, mqtt, intake, mostUnacknowledged, SSLContext::getDefault);
    }

    FleetSubscription(FleetSettings fleet, MqttSettings mqtt, TelegramIntake intake, int mostUnacknowledged,
                      TlsContext tls) {
        this.tls = tls;
        this.fleet = fleet;
        this.mqtt = mqtt;
        this.broker = mqtt.requireUrlFor("meterkast.fleet.enabled=true");
        this.intake = intake;
        if (mostUnacknowledged < 1 || mostUnacknowledged > 60_000) {
            throw new IllegalArgumentException("meterkast.fleet.most-unacknowledged must be 1 to 60000 (below MQTT's "
                    + "65535 packet identifiers), not " + mostUnacknowledged);
        }
        this.mostUnacknowledged = mostUnacknowledged;
        this.topics = new MeterTopic(fleet);
        this.clientId = "meterkast-fleet-" + fleet.node();
        this.filter = "$share/" + fleet.group() + "/" + fleet.topic();
        this.backoff = new Backoff(mqtt.initialBackoff(), mqtt.maxBackoff());
    }

    /** The client id this node's subscription uses, stable across restarts of the node. */
    public String clientId() {
        return clientId;
    }

    /** The shared filter subscribed to. */
    public String filter() {
        return filter;
    }

    /** Whether the broker granted the subscription on the connection that is up now. */
    boolean subscribed() {
        return generation > 0 && subscribedOn == generation && running && !stopping;
    }

    public Counts counts() {
        return new Counts(received.sum(), acknowledged.sum(), failed.sum(), foreign.sum(), connections.get(),
                waits.sum());
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fleet-mqtt", true),
                    NioIoHandler.newFactory());
            running = true;
            stopping = false;
            log.info("fleet: connecting to {} as {} for {}", broker, clientId, filter);
        }
        connect();
    }

    /** Connects with the node's session; a failure is tried again after the back-off. */
    private void connect() {
        Session fresh;
        Session old;
        synchronized (lock) {
            if (!running || stopping) {
                return;
            }
            old = session;
            fresh = new Session(++generation, false);
            session = fresh;
        }
        if (old != null) {
            old.close();
        }
        open(fresh).addListener(f -> {
            if (!f.isSuccess()) {
                again(fresh.g, f.cause());
            }
        });
    }

    /** Opens the TCP (and TLS) connection of {@code s}; its handler sends CONNECT once the channel is active. */
    private ChannelFuture open(Session s) {
        EventLoopGroup group;
        synchronized (lock) {
            group = loop;
        }
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws NoSuchAlgorithmException {
                        ChannelPipeline p = ch.pipeline();
                        if (broker.tls()) {
                            // the context's trust (in production the JVM's default trust store, which
                            // javax.net.ssl.trustStore may name), host name checked
                            SSLEngine engine = tls.get().createSSLEngine(broker.host(), broker.port());
                            engine.setUseClientMode(true);
                            SSLParameters params = engine.getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(params);
                            p.addLast(new SslHandler(engine));
                        }
                        int keepAlive = (int) mqtt.keepAlive().toSeconds();
                        if (keepAlive > 0) {
                            p.addLast(new IdleStateHandler(keepAlive * 3L / 2, Math.max(1, keepAlive / 2), 0,
                                    TimeUnit.SECONDS));
                        }
                        p.addLast(new MqttDecoder(LARGEST_PACKET), MqttEncoder.INSTANCE, s);
                        s.channel = ch;
                    }
                })
                .connect(broker.host(), broker.port());
    }

    /** After connection {@code g} failed or was lost: connects again after the back-off, once. */
    private void again(long g, Throwable cause) {
        synchronized (lock) {
            if (!running || stopping || g != generation || connectScheduled) {
                return;
            }
            Duration pause = backoff.failed();
            backedOff = true;
            log.warn("fleet: connection to {} lost or refused: {}; again in {}", broker, explain(cause), pause);
            connectScheduled = true;
            loop.schedule(this::reconnect, pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reconnect() {
        synchronized (lock) {
            connectScheduled = false;
        }
        connect();
    }

    /**
     * One connection: its messages in the order they came, acknowledged from the oldest on as the store answers them,
     * as MQTT asks (4.6). It also spares the broker: Mosquitto looks an acknowledgement up in its list of messages in
     * flight from the oldest on, so one out of order costs a walk past every older one still waiting. A message whose
     * store failed stays at the head and holds the later ones back until the connection is made again.
     */
    private final class Session extends SimpleChannelInboundHandler<MqttMessage> {
        final long g;
        /** A connection only to end the session (MQTT 3.1.1: connect with clean session, then disconnect). */
        final boolean ending;
        final CompletableFuture<Boolean> connack = new CompletableFuture<>();
        final CompletableFuture<Void> unsuback = new CompletableFuture<>();
        volatile Channel channel;
        /** The messages not acknowledged yet, oldest first; guarded by itself. */
        private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();
        /** Packet ids stored in order and not written yet; guarded by arrivals. */
        private int[] toAcknowledge = new int[64];
        private int acknowledgements;
        /** A write of the acknowledgements is scheduled: after the linger, and at once. */
        private boolean acknowledging;
        private boolean acknowledgingNow;
        /** Messages read since the last read completed; only on the event loop. */
        private int readThisTime;
        /** Reading pauses after a read that brought few messages; only on the event loop. */
        private boolean lingering;
        /** Messages taken while {@code most-unacknowledged} were held; only on the event loop. */
        private final ArrayDeque<MqttPublishMessage> parked = new ArrayDeque<>();
        private volatile boolean paused;
        /** When reading last resumed: the broker's silence counts only from then. */
        private long readingSince = System.nanoTime();

        Session(long g, boolean ending) {
            super(false);
            this.g = g;
            this.ending = ending;
        }

        boolean current() {
            return g == generation && !ending;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(clientId).cleanSession(ending)
                    .keepAlive((int) mqtt.keepAlive().toSeconds());
            if (mqtt.username() != null && !mqtt.username().isEmpty()) {
                connect.hasUser(true).username(mqtt.username());
                if (mqtt.password() != null) {
                    connect.hasPassword(true).password(mqtt.password().getBytes(StandardCharsets.UTF_8));
                }
            }
            ctx.writeAndFlush(connect.build());
            ctx.executor().schedule(() -> {
                if (!connack.isDone()) {
                    ctx.close();
                    connack.completeExceptionally(new java.util.concurrent.TimeoutException(
                            "no CONNACK within " + CONNECT_TIMEOUT_MILLIS + " ms"));
                }
            }, CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
            if (message.decoderResult().isFailure()) {
                ctx.close();
                if (current()) {
                    again(g, message.decoderResult().cause());
                }
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case PUBLISH -> publish(ctx, (MqttPublishMessage) message);
                case CONNACK -> connected(ctx, (MqttConnAckMessage) message);
                case SUBACK -> granted((MqttSubAckMessage) message);
                case UNSUBACK -> unsuback.complete(null);
                case PINGRESP -> {
                }
                default -> {
                    log.warn("fleet: {} sent an unexpected {}; connecting again", broker,
                            message.fixedHeader().messageType());
                    ctx.close();
                }
            }
        }

        private void connected(ChannelHandlerContext ctx, MqttConnAckMessage ack) {
            MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
            if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                connack.completeExceptionally(new IllegalStateException("the broker refused: " + code));
                ctx.close();
                return;
            }
            connack.complete(true);
            if (ending) {
                return;
            }
            synchronized (lock) {
                if (!running || stopping || !current()) {
                    ctx.close();
                    return;
                }
                connections.incrementAndGet();
                unanswered = 0;
            }
            log.info("fleet: connected to {} as {}", broker, clientId);
            // asked on every connection: harmless when the session still has it, needed when the broker dropped it
            ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(SUBSCRIBE_ID)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, filter).build());
        }

        private void granted(MqttSubAckMessage ack) {
            List<Integer> granted = ack.payload().grantedQoSLevels();
            if (granted.size() == 1 && granted.get(0) <= 2) {
                subscribedOn = g;
                log.info("fleet: subscribed to '{}' on {}", filter, broker);
            } else {
                log.warn("fleet: {} refused the subscription to '{}'; connecting again", broker, filter);
                recycle(g);
            }
        }

        private void publish(ChannelHandlerContext ctx, MqttPublishMessage message) {
            if (!current()) {
                // a retired connection's: not acknowledged, so the broker sends it again
                message.release();
                return;
            }
            if (message.fixedHeader().qosLevel() == MqttQoS.EXACTLY_ONCE) {
                message.release();
                log.warn("fleet: {} sent a QoS 2 message on a QoS 1 subscription; connecting again", broker);
                ctx.close();
                return;
            }
            received.increment();
            readThisTime++;
            if (!parked.isEmpty() || pending.get() >= mostUnacknowledged) {
                park(ctx, message);
                return;
            }
            deliver(message);
        }

        /** Keeps a message until the intake answered some of those it holds, and stops reading meanwhile. */
        private void park(ChannelHandlerContext ctx, MqttPublishMessage message) {
            parked.add(message);
            if (!paused) {
                paused = true;
                waits.increment();
                ctx.channel().config().setAutoRead(false);
                // an answer that came between the check and the pause saw no pause: look again
                if (pending.get() < mostUnacknowledged) {
                    ctx.executor().execute(this::resume);
                }
            }
        }

        /** On the event loop, when the intake answered enough: hands the parked messages over, then reads again. */
        void resume() {
            Channel ch = channel;
            while (!parked.isEmpty() && pending.get() < mostUnacknowledged) {
                MqttPublishMessage next = parked.poll();
                if (current()) {
                    deliver(next);
                } else {
                    next.release();
                }
            }
            if (parked.isEmpty() && paused) {
                paused = false;
                readingSince = System.nanoTime();
                readIfFree(ch);
            }
        }

        /** Reading goes on once neither the store ({@link #paused}) nor a pause after a small read holds it. */
        private void readIfFree(Channel ch) {
            if (ch != null && !paused && !lingering) {
                ch.config().setAutoRead(true);
            }
        }

        /** After a read that brought few messages, waits a moment for more before reading again. */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            int read = readThisTime;
            readThisTime = 0;
            ctx.fireChannelReadComplete();
            if (read == 0 || read >= FEW_MESSAGES || lingering || paused) {
                return;
            }
            lingering = true;
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                lingering = false;
                readIfFree(ctx.channel());
            }, READ_LINGER_MICROS, TimeUnit.MICROSECONDS);
        }

        private void deliver(MqttPublishMessage message) {
            int id = message.fixedHeader().qosLevel() == MqttQoS.AT_MOST_ONCE ? -1
                    : message.variableHeader().packetId();
            String meter = topics.meterOf(message.variableHeader().topicName());
            byte[] payload = ByteBufUtil.getBytes(message.payload());
            message.release();
            Arrival arrival = new Arrival(id);
            synchronized (arrivals) {
                arrivals.add(arrival);
            }
            if (meter == null) {
                // no meter at this topic, ever: acknowledged, or it would come again and again
                foreign.increment();
                settle(arrival);
                return;
            }
            CompletableFuture<Void> answer;
            try {
                answer = intake.accept(meter, payload);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            pending.incrementAndGet();
            answer.whenComplete((done, failure) -> answered(this, arrival, failure));
        }

        /** Marks {@code a} stored and acknowledges every stored message from the oldest on, in one write. */
        boolean settle(Arrival a) {
            boolean any = false;
            boolean later = false;
            boolean now = false;
            synchronized (arrivals) {
                a.stored = true;
                for (Arrival head; (head = arrivals.peek()) != null && head.stored; ) {
                    arrivals.poll();
                    any = true;
                    if (head.id < 0) {
                        acknowledged.increment();
                        continue;
                    }
                    if (acknowledgements == toAcknowledge.length) {
                        toAcknowledge = java.util.Arrays.copyOf(toAcknowledge, acknowledgements * 2);
                    }
                    toAcknowledge[acknowledgements++] = head.id;
                }
                if (acknowledgements > 0 && !acknowledging) {
                    acknowledging = true;
                    later = true;
                } else if (acknowledgements >= ACKNOWLEDGE_AT_ONCE && !acknowledgingNow) {
                    acknowledgingNow = true;
                    now = true;
                }
            }
            Channel ch = channel;
            if (ch != null && later) {
                ch.eventLoop().schedule(this::writeAcknowledgements, ACKNOWLEDGE_LINGER_MICROS, TimeUnit.MICROSECONDS);
            } else if (ch != null && now) {
                ch.eventLoop().execute(this::writeAcknowledgements);
            }
            return any;
        }

        /**
         * Writes the PUBACKs waiting, in order, as one buffer: four bytes each, as MQTT 3.1.1 frames them (the codec
         * would make an object and a buffer for each). Only on the connection they came on: after a reconnect the
         * broker sends them again anyway, and their packet identifiers may name other messages now.
         */
        private void writeAcknowledgements() {
            int[] ids;
            int n;
            synchronized (arrivals) {
                ids = toAcknowledge;
                n = acknowledgements;
                toAcknowledge = new int[Math.max(64, n)];
                acknowledgements = 0;
                acknowledging = false;
                acknowledgingNow = false;
            }
            Channel ch = channel;
            if (n == 0 || ch == null || !ch.isActive() || !current()) {
                return;
            }
            ByteBuf out = ch.alloc().buffer(n * PUBACK_BYTES);
            for (int i = 0; i < n; i++) {
                out.writeByte(MqttMessageType.PUBACK.value() << 4).writeByte(2).writeShort(ids[i]);
            }
            ch.writeAndFlush(out);
            acknowledged.add(n);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.WRITER_IDLE) {
                    ctx.writeAndFlush(MqttMessage.PINGREQ);
                } else if (idle.state() == IdleState.READER_IDLE && !paused
                        && System.nanoTime() - readingSince > mqtt.keepAlive().toNanos()) {
                    log.warn("fleet: {} said nothing for one and a half keep-alives; connecting again", broker);
                    ctx.close();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            for (MqttPublishMessage m; (m = parked.poll()) != null; ) {
                m.release();
            }
            connack.completeExceptionally(new IllegalStateException("connection closed"));
            unsuback.completeExceptionally(new IllegalStateException("connection closed"));
            if (current()) {
                again(g, new IllegalStateException("connection closed"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("fleet: connection to {}: {}", broker, cause.toString());
            ctx.close();
            if (current()) {
                again(g, cause);
            }
        }

        void close() {
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }
    }

    /** A message of one connection, until it is acknowledged; {@code id} -1 for QoS 0 (nothing to send back). */
    private static final class Arrival {
        final int id;
        /** Guarded by the arrivals of its {@link Session}. */
        boolean stored;

        Arrival(int id) {
            this.id = id;
        }
    }

    // on whichever thread completed the answer
    private void answered(Session s, Arrival arrival, Throwable failure) {
        try {
            if (failure != null) {
                failed.increment();
                synchronized (lock) {
                    if (s.g == generation) {
                        unanswered++;
                    }
                }
                log.debug("fleet: telegram {} not stored, not acknowledged: {}", arrival.id, failure.toString());
                recycle(s.g);
            } else if (s.settle(arrival) && backedOff) {
                synchronized (lock) {
                    backoff.reset();
                    backedOff = false;
                }
            }
        } finally {
            if (pending.decrementAndGet() < mostUnacknowledged && s.paused) {
                Channel ch = s.channel;
                if (ch != null) {
                    ch.eventLoop().execute(s::resume);
                }
            }
        }
    }

    /** Drops connection {@code g} after a back-off, once however many of its messages fail, and connects again. */
    private void recycle(long g) {
        synchronized (lock) {
            if (!running || stopping || recycling == g || g != generation) {
                return;
            }
            recycling = g;
            Duration pause = backoff.failed();
            backedOff = true;
            log.warn("fleet: a telegram was not stored; the connection is made again in {} so that the broker sends "
                    + "what is not acknowledged again", pause);
            loop.schedule(() -> {
                synchronized (lock) {
                    if (!running || stopping || generation != g || connectScheduled) {
                        return;
                    }
                }
                connect();
            }, pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Leaves the group: unsubscribes, waits until the intake answered every message held (at most {@link #DRAIN}),
     * then disconnects and ends the session when all were acknowledged, or keeps it, as after a kill, when some were
     * not, so that they come again when the node is back.
     */
    @Override
    public void stop() {
        Session s;
        synchronized (lock) {
            if (!running) {
                return;
            }
            stopping = true;
            s = session;
        }
        Channel ch = s == null ? null : s.channel;
        boolean connected = ch != null && ch.isActive() && s.connack.isDone() && !s.connack.isCompletedExceptionally();
        if (connected) {
            ch.writeAndFlush(MqttMessageBuilders.unsubscribe().messageId(UNSUBSCRIBE_ID).addTopicFilter(filter)
                    .build());
            try {
                s.unsuback.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                connected = false;
                log.debug("fleet: unsubscribing failed: {}", e.toString());
            }
        }
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long seen = -1;
        try {
            // until nothing is pending and nothing came for a moment (messages sent before the unsubscribe)
            while (System.nanoTime() < deadline && (pending.get() > 0 || received.sum() != seen)) {
                seen = received.sum();
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean drained;
        synchronized (lock) {
            drained = pending.get() == 0 && unanswered == 0 && connected;
            running = false;
        }
        if (ch != null) {
            if (connected && ch.isActive()) {
                // the acknowledgements queued on the event loop go out before the DISCONNECT
                ch.eventLoop().submit(() -> {
                    s.writeAcknowledgements();      // those lingering
                    ch.writeAndFlush(MqttMessage.DISCONNECT);
                }).awaitUninterruptibly(2_000);
            }
            ch.close().awaitUninterruptibly(2_000);
        }
        if (drained) {
            endSession();
        } else {
            log.warn("fleet: stopped with {} telegram(s) unanswered or not stored; the broker keeps them in the "
                    + "session of {}", pending.get() + unanswered, clientId);
        }
        EventLoopGroup group;
        synchronized (lock) {
            group = loop;
            loop = null;
            session = null;
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    /** MQTT 3.1.1 ends a session by a connection with clean session. */
    private void endSession() {
        Session end = new Session(-1, true);
        try {
            ChannelFuture opened = open(end);
            if (!opened.awaitUninterruptibly(CONNECT_TIMEOUT_MILLIS) || !opened.isSuccess()) {
                throw new IllegalStateException("could not connect", opened.cause());
            }
            end.connack.get(5, TimeUnit.SECONDS);
            end.channel.writeAndFlush(MqttMessage.DISCONNECT).awaitUninterruptibly(2_000);
            log.info("fleet: left the group '{}' on {}", fleet.group(), broker);
        } catch (Exception e) {
            log.warn("fleet: could not end the session of {} on {}: {}", clientId, broker, explain(e));
        } finally {
            Channel ch = end.channel;
            if (ch != null) {
                ch.close().awaitUninterruptibly(2_000);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first and starts last among the server's parts, so the intake outlives the messages it is handed. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** The innermost cause's message: "Connection refused", not the wrappers' class names. */
    private static String explain(Throwable failure) {
        if (failure == null) {
            return "no reason given";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
