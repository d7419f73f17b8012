package io.streamguard.api.socket;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * One client's open socket: the streams it is told about, when it was last heard from, and a frame being
 * received in parts. Frames arrive one at a time; answers and pushes may be sent from several threads at
 * once, which the session decorator serialises (closing the socket of a client that stops reading).
 */
final class StreamSocket {

    private static final Logger log = LoggerFactory.getLogger(StreamSocket.class);

    private static final CloseStatus NOT_READING =
            CloseStatus.POLICY_VIOLATION.withReason("the client does not read its frames");

    /** Stands for a frame that grew beyond what the socket reads; its text is dropped. */
    static final String TOO_LARGE = new String("too large");
    /** Stands for a frame in parts that the node has no room for: all sockets' parts together are at their bound. */
    static final String NODE_BUSY = new String("node busy");

    private final WebSocketSession session;
    /** Undecorated: the decorator would turn any close of a socket over its limits into Spring's own code 4500. */
    private final WebSocketSession raw;

    private final UUID clientId;
    private final @Nullable String keyFingerprint;
    private final Set<String> streams = ConcurrentHashMap.newKeySet();
    private final StringBuilder parts = new StringBuilder();
    private boolean dropping;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();

    StreamSocket(
            WebSocketSession session,
            UUID clientId,
            @Nullable String keyFingerprint,
            int sendTimeLimitMillis,
            int sendBufferBytes) {
        this.keyFingerprint = keyFingerprint;
        this.session = new ConcurrentWebSocketSessionDecorator(
                session,
                sendTimeLimitMillis,
                sendBufferBytes,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        this.raw = session;
        this.clientId = clientId;
    }

    String id() {
        return session.getId();
    }

    UUID clientId() {
        return clientId;
    }

    @Nullable
    String keyFingerprint() {
        return keyFingerprint;
    }

    Set<String> streams() {
        return streams;
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    /**
     * The whole frame once its last part arrived, {@link #TOO_LARGE} if it grew beyond {@code maxChars},
     * {@link #NODE_BUSY} if the node's budget for frames in parts has no room for this part, else
     * null (more parts to come). Called by the one thread that receives this socket's frames.
     */
    @Nullable
    synchronized String assemble(String part, boolean last, int maxChars, PartialFrames budget) {
        if (last && parts.isEmpty() && !dropping) {
            return part.length() > maxChars ? TOO_LARGE : part;
        }
        if (!dropping && parts.length() + part.length() <= maxChars) {
            if (!budget.reserve(part.length())) {
                release(budget);
                return NODE_BUSY;
            }
            parts.append(part);
        } else {
            dropping = true;
            release(budget);
        }
        if (!last) {
            return null;
        }
        String frame = dropping ? TOO_LARGE : parts.toString();
        dropping = false;
        release(budget);
        return frame;
    }

    /**
     * Gives back what the frame in parts held; also when the socket closes with a frame half received
     * (on another thread than the one receiving: hence synchronized, so nothing is given back twice).
     */
    synchronized void release(PartialFrames budget) {
        budget.release(parts.length());
        parts.setLength(0);
        if (parts.capacity() > 65_536) {
            parts.trimToSize();
        }
    }

    void send(String json) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.sendMessage(new TextMessage(json));
        } catch (SessionLimitExceededException notReading) {
            log.debug("Socket {} closed: its client does not read its frames", id());
            closeUnread();
        } catch (IOException | RuntimeException e) {
            log.debug("Frame not sent on socket {}: {}", id(), e.getClass().getSimpleName());
            close(CloseStatus.SERVER_ERROR);
        }
    }

    void ping() {
        lastPingNanos = System.nanoTime();
        if (!session.isOpen()) {
            return;
        }
        try {
            session.sendMessage(new PingMessage());
        } catch (SessionLimitExceededException notReading) {
            closeUnread();
        } catch (IOException | RuntimeException e) {
            log.debug("Ping not sent on socket {}: {}", id(), e.getClass().getSimpleName());
            close(CloseStatus.SERVER_ERROR);
        }
    }

    private void closeUnread() {
        try {
            raw.close(NOT_READING);
        } catch (IOException | RuntimeException e) {
            log.debug("Socket {} not closed cleanly: {}", id(), e.getClass().getSimpleName());
        }
    }

    void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Socket {} not closed cleanly: {}", id(), e.getClass().getSimpleName());
        }
    }
}
