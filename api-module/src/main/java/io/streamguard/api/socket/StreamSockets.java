package io.streamguard.api.socket;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.stream.StreamExpiries;
import io.streamguard.api.system.StreamGuardProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node's open stream sockets, and which of them each stream's pushes go to: the socket that started the
 * stream, or the last one that resumed it here. Sends a ping on every socket each heartbeat and closes those
 * not heard from within the idle timeout; their streams stay open in the cluster and expire as usual.
 */
@Component
class StreamSockets implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(StreamSockets.class);
    static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("idle: nothing heard within the idle timeout");

    private final Map<String, StreamSocket> open = new ConcurrentHashMap<>();
    private final Map<String, StreamSocket> pushesTo = new ConcurrentHashMap<>();
    private final StreamExpiries expiries;
    private final ITopic<Long> ruleSets;
    private final JsonMapper json;
    private final StreamGuardProperties.Socket settings;
    private final PartialFrames partialFrames;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stream-socket-heartbeat").factory());
    /** Pushes leave the cluster's event threads at once: a slow client must not hold them up. */
    private final ExecutorService pushes = Executors.newVirtualThreadPerTaskExecutor();

    private @Nullable UUID expiriesRegistration;
    private @Nullable UUID ruleSetsRegistration;

    StreamSockets(
            StreamExpiries expiries, HazelcastInstance hazelcast, JsonMapper json, StreamGuardProperties properties) {
        this.expiries = expiries;
        this.ruleSets = hazelcast.getTopic(ClusterMaps.RULE_SET_ANNOUNCEMENTS);
        this.json = json;
        this.settings = properties.socket();
        this.partialFrames = PartialFrames.ofHeapShare(settings.maxPartialFramesHeapShare());
    }

    PartialFrames partialFrames() {
        return partialFrames;
    }

    /** Whether this client may open another socket on this node. */
    boolean roomFor(UUID clientId) {
        return open.values().stream()
                        .filter(socket -> socket.clientId().equals(clientId))
                        .count()
                < settings.maxSocketsPerClient();
    }

    @PostConstruct
    void start() {
        expiriesRegistration = expiries.listen(expired -> {
            StreamSocket socket = pushesTo.remove(expired.streamId());
            if (socket != null && socket.streams().remove(expired.streamId())) {
                String frame = write(
                        new SocketFrames.Expired("expired", expired.streamId(), expired.auditId(), expired.action()));
                pushes.execute(() -> socket.send(frame));
            }
        });
        ruleSetsRegistration = ruleSets.addMessageListener(message -> {
            String frame = write(new SocketFrames.RulesChanged("rules", message.getMessageObject()));
            open.values().forEach(socket -> pushes.execute(() -> socket.send(frame)));
        });
        long tick = Math.max(
                100,
                Math.min(settings.heartbeat().toMillis(), settings.idleTimeout().toMillis() / 2));
        heartbeat.scheduleWithFixedDelay(this::beat, tick, tick, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        heartbeat.shutdownNow();
        try {
            if (expiriesRegistration != null) {
                expiries.stopListening(expiriesRegistration);
            }
            if (ruleSetsRegistration != null) {
                ruleSets.removeMessageListener(ruleSetsRegistration);
            }
        } catch (RuntimeException clusterGone) {
            log.debug("Socket listeners not removed: {}", clusterGone.getClass().getSimpleName());
        }
        open.values().forEach(socket -> socket.close(CloseStatus.GOING_AWAY));
        pushes.shutdown();
    }

    StreamSocket opened(WebSocketSession session, UUID clientId, @Nullable String keyFingerprint) {
        var socket = new StreamSocket(
                session,
                clientId,
                keyFingerprint,
                (int) Math.min(Integer.MAX_VALUE, settings.sendTimeLimit().toMillis()),
                settings.sendBufferBytes());
        open.put(socket.id(), socket);
        return socket;
    }

    @Nullable
    StreamSocket of(WebSocketSession session) {
        return open.get(session.getId());
    }

    /** The socket is gone; its streams are not finished, only no longer pushed to here. */
    void closed(WebSocketSession session) {
        StreamSocket socket = open.remove(session.getId());
        if (socket != null) {
            socket.release(partialFrames);
            socket.streams().forEach(streamId -> pushesTo.remove(streamId, socket));
        }
    }

    /** From now on the stream's pushes go to this socket (and no longer to another of this node). */
    void pushTo(String streamId, StreamSocket socket) {
        StreamSocket before = pushesTo.put(streamId, socket);
        if (before != null && before != socket) {
            before.streams().remove(streamId);
        }
        socket.streams().add(streamId);
    }

    /** The stream ended, or is unknown: nothing more will be pushed about it. */
    void release(String streamId) {
        StreamSocket socket = pushesTo.remove(streamId);
        if (socket != null) {
            socket.streams().remove(streamId);
        }
    }

    String write(Object frame) {
        return json.writeValueAsString(frame);
    }

    private void beat() {
        try {
            long now = System.nanoTime();
            long idle = settings.idleTimeout().toNanos();
            long interval = settings.heartbeat().toNanos();
            for (StreamSocket socket : open.values()) {
                if (now - socket.lastHeardNanos() >= idle) {
                    log.debug("Closing socket {}: idle", socket.id());
                    pushes.execute(() -> socket.close(IDLE));
                } else if (now - socket.lastPingNanos() >= interval) {
                    pushes.execute(socket::ping);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Socket heartbeat round failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("streamguard.sockets.open", open, Map::size)
                .description("Stream sockets open on this node")
                .register(registry);
    }
}
