package io.streamguard.api.security;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The stream socket's handshake carries its API key like any request ({@code Authorization: Bearer}), or,
 * from a browser, which cannot set that header on a WebSocket, as the subprotocol {@code bearer.<apiKey>}
 * beside {@code streamguard.v1}: that token is presented to the API key filter as the header would be. A
 * key in the URL would end up in access logs and browser history, so the socket takes no query string at
 * all. Not a bean, for the reason the API key filter is not.
 */
final class SocketCredentials extends OncePerRequestFilter {

    static final String PATH = "/v1/stream/ws";
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final String BEARER_PROTOCOL = "bearer.";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The decoded path, as the handler mapping sees it: an encoded spelling of the path is the same endpoint.
        String pathInfo = request.getPathInfo();
        return !PATH.equals(request.getServletPath() + (pathInfo == null ? "" : pathInfo));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getQueryString() != null) {
            Problems.write(
                    request,
                    response,
                    ErrorCode.INVALID_REQUEST,
                    "The stream socket takes no query parameters: never put an API key in a URL. Send it as"
                            + " 'Authorization: Bearer <apiKey>', or from a browser as the subprotocol"
                            + " 'bearer.<apiKey>' beside 'streamguard.v1'.");
            return;
        }
        List<String> tokens = new ArrayList<>();
        for (String protocol : protocols(request)) {
            if (protocol.regionMatches(true, 0, BEARER_PROTOCOL, 0, BEARER_PROTOCOL.length())) {
                tokens.add(protocol.substring(BEARER_PROTOCOL.length()));
            }
        }
        if (tokens.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (tokens.size() > 1 || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            Problems.write(
                    request,
                    response,
                    ErrorCode.INVALID_REQUEST,
                    "Send one credential: either the header 'Authorization' or one subprotocol 'bearer.<apiKey>'.");
            return;
        }
        chain.doFilter(new WithAuthorization(request, "Bearer " + tokens.getFirst()), response);
    }

    private static List<String> protocols(HttpServletRequest request) {
        List<String> protocols = new ArrayList<>();
        Enumeration<String> headers = request.getHeaders(PROTOCOL_HEADER);
        while (headers != null && headers.hasMoreElements()) {
            for (String protocol : headers.nextElement().split(",")) {
                if (!protocol.isBlank()) {
                    protocols.add(protocol.strip());
                }
            }
        }
        return protocols;
    }

    private static final class WithAuthorization extends HttpServletRequestWrapper {

        private final String authorization;

        WithAuthorization(HttpServletRequest request, String authorization) {
            super(request);
            this.authorization = authorization;
        }

        @Override
        public @Nullable String getHeader(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(authorization))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.add(HttpHeaders.AUTHORIZATION);
            return Collections.enumeration(names);
        }
    }
}
