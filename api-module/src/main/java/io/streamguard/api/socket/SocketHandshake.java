package io.streamguard.api.socket;

import io.streamguard.api.clients.ApiClientService;
import io.streamguard.api.security.ApiClientPrincipal;
import io.streamguard.api.system.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The handshake, after the API's chain has authenticated the key: the client must speak {@code streamguard.v1}
 * (a browser offers its key as a second subprotocol, which is never chosen), and the socket belongs to the API
 * client whose key it presented. A refused handshake is answered with problem+json, as any request is.
 */
final class SocketHandshake implements HandshakeInterceptor {

    static final String CLIENT_ID = SocketHandshake.class.getName() + ".clientId";
    static final String KEY_FINGERPRINT = SocketHandshake.class.getName() + ".keyFingerprint";
    private static final String BEARER = "Bearer ";

    private final StreamSockets sockets;
    private final ApiClientService clients;

    SocketHandshake(StreamSockets sockets, ApiClientService clients) {
        this.sockets = sockets;
        this.clients = clients;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws IOException {
        if (!new WebSocketHttpHeaders(request.getHeaders())
                .getSecWebSocketProtocol()
                .contains(SocketFrames.PROTOCOL)) {
            refuse(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "Offer the subprotocol '" + SocketFrames.PROTOCOL + "' (header 'Sec-WebSocket-Protocol').");
            return false;
        }
        // Spring would answer a missing key with an empty 400 of its own.
        String key = request.getHeaders().getFirst("Sec-WebSocket-Key");
        if ("websocket".equalsIgnoreCase(request.getHeaders().getUpgrade()) && (key == null || key.isBlank())) {
            refuse(response, HttpStatus.BAD_REQUEST, "A WebSocket handshake carries 'Sec-WebSocket-Key'.");
            return false;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof ApiClientPrincipal client)) {
            refuse(response, HttpStatus.FORBIDDEN, "Only an API key opens a stream socket.");
            return false;
        }
        if (!sockets.roomFor(client.clientId())) {
            refuse(
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "This client has as many sockets open on this node as it may; close some first.");
            return false;
        }
        attributes.put(CLIENT_ID, client.clientId());
        // Each frame asks whether the key was revoked since: a revocation closes the sockets it opened.
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            attributes.put(
                    KEY_FINGERPRINT,
                    clients.fingerprint(authorization.substring(BEARER.length()).strip()));
        }
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            @Nullable Exception exception) {}

    static void refuse(ServerHttpResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody().write(Problems.json(status.value(), detail).getBytes(StandardCharsets.UTF_8));
    }

    /** Spring's handshake, with problem+json instead of its plain-text refusals. */
    static final class Handshakes extends DefaultHandshakeHandler {

        Handshakes() {
            setSupportedProtocols(SocketFrames.PROTOCOL);
        }

        @Override
        protected void handleInvalidUpgradeHeader(ServerHttpRequest request, ServerHttpResponse response)
                throws IOException {
            refuse(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "This is a WebSocket endpoint: open it with 'Upgrade: websocket'.");
        }

        @Override
        protected void handleInvalidConnectHeader(ServerHttpRequest request, ServerHttpResponse response)
                throws IOException {
            refuse(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "This is a WebSocket endpoint: open it with 'Connection: Upgrade'.");
        }

        @Override
        protected void handleWebSocketVersionNotSupported(ServerHttpRequest request, ServerHttpResponse response) {
            response.getHeaders().set("Sec-WebSocket-Version", "13");
            try {
                refuse(response, HttpStatus.UPGRADE_REQUIRED, "Only WebSocket version 13 is spoken here.");
            } catch (IOException e) {
                throw new HandshakeFailureException("could not refuse the handshake", e);
            }
        }
    }
}
