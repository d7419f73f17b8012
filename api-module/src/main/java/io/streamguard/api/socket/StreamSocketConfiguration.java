package io.streamguard.api.socket;

import io.streamguard.api.clients.ApiClientService;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Maps {@code /v1/stream/ws} to the stream socket, without {@code @EnableWebSocket} (which would also bring a
 * task scheduler that displaces Boot's). No origin check: the socket is opened with an API key, never with
 * an ambient credential such as a cookie, so a page of another origin gains nothing by opening it.
 */
@Configuration(proxyBeanMethods = false)
class StreamSocketConfiguration {

    static final String PATH = "/v1/stream/ws";

    @Bean
    WebSocketHandlerMapping streamSocketMapping(
            StreamSocketHandler handler, StreamSockets sockets, ApiClientService clients) {
        var endpoint = new WebSocketHttpRequestHandler(handler, new SocketHandshake.Handshakes());
        endpoint.setHandshakeInterceptors(List.of(new SocketHandshake(sockets, clients)));
        var mapping = new WebSocketHandlerMapping();
        mapping.setUrlMap(Map.of(PATH, endpoint));
        mapping.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return mapping;
    }
}
