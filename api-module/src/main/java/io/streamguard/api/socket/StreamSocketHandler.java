package io.streamguard.api.socket;

import io.streamguard.api.clients.ApiClientService;
import io.streamguard.api.stream.StreamService;
import io.streamguard.api.stream.UpdateOutcome;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Rejections;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.api.system.StrictJson;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream socket's frames: each is answered like the HTTP request it mirrors, by the same {@link StreamService},
 * so every limit of the HTTP path holds here too. A frame that cannot be read gets an error frame and the socket
 * stays open; a frame too large to read is dropped as it arrives, and refused the same way.
 */
@Component
class StreamSocketHandler extends TextWebSocketHandler {

    private final StreamService streams;
    private final StreamSockets sockets;
    private final JsonMapper json;
    private final Validator validator;
    private final Rejections rejections;
    private final StreamGuardProperties.Limits limits;
    private final int maxStreamsPerSocket;
    private final int maxFrameChars;
    private final ApiClientService clients;

    static final CloseStatus KEY_REVOKED = CloseStatus.POLICY_VIOLATION.withReason("the API key was revoked");
    static final CloseStatus NODE_BUSY = CloseStatus.SERVICE_OVERLOAD.withReason(
            "the node holds as many frames in parts as it may; reconnect and resume");

    StreamSocketHandler(
            StreamService streams,
            StreamSockets sockets,
            JsonMapper json,
            Validator validator,
            Rejections rejections,
            StreamGuardProperties properties,
            ApiClientService clients) {
        this.clients = clients;
        this.streams = streams;
        this.sockets = sockets;
        this.json = json;
        this.validator = validator;
        this.rejections = rejections;
        this.limits = properties.limits();
        this.maxStreamsPerSocket = properties.socket().maxStreams();
        // As for a request body: a frame may be as large as a request may be, the content within it is then
        // refused by its own limit with the frame's id.
        this.maxFrameChars = (int) Math.min(Integer.MAX_VALUE - 16, limits.maxRequestBytes());
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        if (!(session.getAttributes().get(SocketHandshake.CLIENT_ID) instanceof UUID clientId)) {
            throw new IllegalStateException("a socket opened without its client");
        }
        sockets.opened(
                session,
                clientId,
                session.getAttributes().get(SocketHandshake.KEY_FINGERPRINT) instanceof String fingerprint
                        ? fingerprint
                        : null);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        StreamSocket socket = sockets.of(session);
        if (socket == null) {
            return;
        }
        socket.heard();
        if (socket.keyFingerprint() != null && clients.revoked(socket.keyFingerprint())) {
            socket.close(KEY_REVOKED);
            return;
        }
        String frame = socket.assemble(message.getPayload(), message.isLast(), maxFrameChars, sockets.partialFrames());
        if (frame == null) {
            return;
        }
        if (frame == StreamSocket.NODE_BUSY) {
            socket.close(NODE_BUSY);
            return;
        }
        Object answer = frame == StreamSocket.TOO_LARGE ? tooLarge() : answer(socket, frame);
        if (answer instanceof SocketError error) {
            rejections.count(error.code());
            answer = error.frame();
        }
        socket.send(sockets.write(answer));
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        StreamSocket socket = sockets.of(session);
        if (socket != null) {
            socket.heard();
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sockets.closed(session);
    }

    private SocketError tooLarge() {
        return new SocketError(
                null,
                ErrorCode.CONTENT_TOO_LARGE,
                "A frame may be at most " + maxFrameChars + " characters, its content at most "
                        + limits.maxContentChars() + "; the frame was dropped unread.",
                Map.of("maxContentChars", limits.maxContentChars()),
                null);
    }

    private Object answer(StreamSocket socket, String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException notJson) {
            return SocketError.of(
                    null,
                    ErrorCode.INVALID_REQUEST,
                    "The frame is not well-formed JSON: send one JSON object per frame.");
        }
        if (node == null || !node.isObject()) {
            return SocketError.of(
                    null, ErrorCode.INVALID_REQUEST, "A frame is a JSON object with a 'type' and an 'id'.");
        }
        String id = idOf(node.get("id"));
        if (id == null) {
            return SocketError.of(
                    null,
                    ErrorCode.INVALID_REQUEST,
                    "Every frame needs an 'id': well-formed text of 1 to " + SocketFrames.MAX_ID_CHARS
                            + " characters, which its answer repeats.");
        }
        JsonNode type = node.get("type");
        String kind = type != null && type.isString() ? type.asString() : "";
        try {
            return switch (kind) {
                case "start" -> start(socket, read(node, SocketFrames.Start.class));
                case "update" -> update(socket, read(node, SocketFrames.Update.class));
                case "finish" -> finish(socket, read(node, SocketFrames.Finish.class));
                case "resume" -> resume(socket, read(node, SocketFrames.Resume.class));
                case "ping" ->
                    new SocketFrames.Pong(
                            "pong", read(node, SocketFrames.Ping.class).id());
                default ->
                    SocketError.of(
                            id,
                            ErrorCode.INVALID_REQUEST,
                            "Unknown frame type: send 'start', 'update', 'finish', 'resume' or 'ping'.");
            };
        } catch (Unreadable unreadable) {
            return unreadable.error(id);
        } catch (RuntimeException failure) {
            return SocketError.of(id, failure);
        }
    }

    private Object start(StreamSocket socket, SocketFrames.Start frame) {
        if (socket.streams().size() >= maxStreamsPerSocket) {
            return tooManyStreams(frame.id());
        }
        var started = streams.start(socket.clientId(), frame.context());
        sockets.pushTo(started.streamId(), socket);
        return new SocketFrames.Started(
                "started",
                frame.id(),
                started.streamId(),
                started.expiresAt(),
                started.ruleSet().version(),
                started.ruleSet().clientRules(),
                started.ruleSet().clientRuleSetUnless(frame.clientRuleSetVersion()),
                new SocketFrames.Limits(
                        limits.maxContentChars(), limits.maxUpdatesPerSecond(), limits.idleTimeoutSeconds()));
    }

    /** Exactly the HTTP update's rules: one of content and delta, a delta with its position. */
    private Object update(StreamSocket socket, SocketFrames.Update frame) {
        UpdateOutcome.Checked checked;
        try {
            if (frame.content() != null && frame.delta() == null) {
                if (frame.position() != null
                        && frame.position() > frame.content().length()) {
                    return SocketError.of(
                            frame.id(), ErrorCode.INVALID_REQUEST, "position is beyond the end of content");
                }
                checked = streams.updateContent(socket.clientId(), frame.streamId(), frame.content());
            } else if (frame.delta() != null && frame.content() == null) {
                if (frame.position() == null) {
                    return SocketError.of(
                            frame.id(), ErrorCode.INVALID_REQUEST, "a delta needs the position it is appended at");
                }
                checked = streams.appendDelta(socket.clientId(), frame.streamId(), frame.delta(), frame.position());
            } else {
                return SocketError.of(frame.id(), ErrorCode.INVALID_REQUEST, "send exactly one of content and delta");
            }
        } catch (RuntimeException failure) {
            return refusedFor(frame.streamId(), SocketError.of(frame.id(), failure));
        }
        return new SocketFrames.Updated(
                "updated",
                frame.id(),
                checked.action().wireName(),
                checked.newViolations(),
                checked.position(),
                checked.safeOffset(),
                checked.revised(),
                checked.withdrawn());
    }

    private Object finish(StreamSocket socket, SocketFrames.Finish frame) {
        StreamService.Finished finished;
        try {
            finished = streams.finish(socket.clientId(), frame.streamId(), frame.finalContent());
        } catch (RuntimeException failure) {
            return refusedFor(frame.streamId(), SocketError.of(frame.id(), failure));
        }
        sockets.release(frame.streamId());
        return new SocketFrames.Finished(
                "finished",
                frame.id(),
                finished.action().wireName(),
                finished.violations(),
                finished.auditId().toString(),
                finished.position(),
                finished.position(),
                finished.newViolations(),
                finished.revised(),
                finished.withdrawn());
    }

    private Object resume(StreamSocket socket, SocketFrames.Resume frame) {
        if (!socket.streams().contains(frame.streamId()) && socket.streams().size() >= maxStreamsPerSocket) {
            return tooManyStreams(frame.id());
        }
        StreamService.Resumed resumed;
        try {
            resumed = streams.resume(socket.clientId(), frame.streamId());
        } catch (RuntimeException failure) {
            return refusedFor(frame.streamId(), SocketError.of(frame.id(), failure));
        }
        sockets.pushTo(frame.streamId(), socket);
        return new SocketFrames.Resumed(
                "resumed",
                frame.id(),
                resumed.streamId(),
                resumed.action().wireName(),
                resumed.position(),
                resumed.safeOffset());
    }

    private SocketError tooManyStreams(String id) {
        return new SocketError(
                id,
                ErrorCode.TOO_MANY_STREAMS,
                "This socket carries " + maxStreamsPerSocket
                        + " open streams, the most one socket may; finish some first, or open another socket.",
                Map.of("maxStreamsPerSocket", maxStreamsPerSocket),
                Duration.ofSeconds(1));
    }

    /** A stream found ended or unknown is no longer pushed to. */
    private SocketError refusedFor(String streamId, SocketError error) {
        if (error.code() == ErrorCode.STREAM_NOT_FOUND || error.code() == ErrorCode.STREAM_FINISHED) {
            sockets.release(streamId);
        }
        return error;
    }

    private <T> T read(JsonNode node, Class<T> type) {
        T frame;
        try {
            frame = json.treeToValue(node, type);
        } catch (UnrecognizedPropertyException unknown) {
            throw new Unreadable("Unknown field '" + unknown.getPropertyName() + "'.", List.of());
        } catch (JacksonException wrong) {
            String field = wrong.getPath().isEmpty() ? "" : StrictJson.fieldPath(wrong.getPath());
            throw new Unreadable(
                    field.isEmpty()
                            ? "The frame does not have the expected shape."
                            : "The value of '" + field + "' is missing or has the wrong type.",
                    List.of());
        }
        if (frame instanceof SocketFrames.Update update && plainlyValid(update)) {
            return frame;
        }
        Set<ConstraintViolation<T>> violations = validator.validate(frame);
        if (!violations.isEmpty()) {
            List<String> errors = violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .toList();
            throw new Unreadable(String.join("; ", errors), errors);
        }
        return frame;
    }

    /**
     * Whether an update frame plainly meets its constraints, checked by hand: the validator costs a few per cent
     * of a frame's CPU and updates are nearly all frames. Anything this does not accept goes to the validator,
     * which words the refusal; so it only skips the validator where it would have found nothing.
     */
    private static boolean plainlyValid(SocketFrames.Update frame) {
        String streamId = frame.streamId();
        return streamId != null
                && !streamId.isEmpty()
                && streamId.length() <= 64
                && streamId.charAt(0) > ' '
                && !Character.isWhitespace(streamId.charAt(0))
                && (frame.position() == null || frame.position() >= 0)
                && wellFormed(frame.content())
                && wellFormed(frame.delta());
    }

    /** The frame's id if it is one: text of 1 to 64 chars, without NUL or a lone surrogate, so it can be echoed. */
    private static @Nullable String idOf(@Nullable JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        String id = node.asString();
        if (id.isEmpty() || id.length() > SocketFrames.MAX_ID_CHARS || !wellFormed(id)) {
            return null;
        }
        return id;
    }

    /** No NUL and no unpaired surrogate, as {@code @WellFormedText} requires; null passes, as there. */
    private static boolean wellFormed(@Nullable String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A frame that does not have the shape of its type. */
    private static final class Unreadable extends RuntimeException {

        private final String detail;
        private final List<String> errors;

        Unreadable(String detail, List<String> errors) {
            super(detail, null, false, false);
            this.detail = detail;
            this.errors = errors;
        }

        SocketError error(String id) {
            return new SocketError(
                    id,
                    ErrorCode.INVALID_REQUEST,
                    detail,
                    errors.isEmpty() ? Map.of() : Map.of("errors", errors),
                    null);
        }
    }
}
