package io.streamguard.api.security;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;

/**
 * Makes a request that came through a trusted proxy look as the proxy's client sent it: its
 * remote address, and HTTPS when the proxy says so. Done in Tomcat rather than in a servlet filter
 * so that everything sees it, the session cookie's {@code Secure} flag included. From any other
 * peer the forwarding headers are ignored.
 */
final class TrustedProxyValve extends ValveBase {

    private final TrustedProxies proxies;

    TrustedProxyValve(TrustedProxies proxies) {
        super(true);
        this.proxies = proxies;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String socket = request.getRemoteAddr();
        if (!proxies.isTrusted(socket)) {
            getNext().invoke(request, response);
            return;
        }
        String remoteHost = request.getRemoteHost();
        boolean secure = request.isSecure();
        String scheme = request.getScheme();
        int serverPort = request.getServerPort();
        try {
            String forwardedFor = String.join(",", Collections.list(request.getHeaders("X-Forwarded-For")));
            String client = proxies.clientOf(socket, forwardedFor);
            request.setRemoteAddr(client);
            request.setRemoteHost(client);
            String proto = lastValue(request.getHeader("X-Forwarded-Proto"));
            if ("https".equals(proto) || "http".equals(proto)) {
                boolean https = "https".equals(proto);
                request.setSecure(https);
                request.getCoyoteRequest().scheme().setString(https ? "https" : "http");
                String port = lastValue(request.getHeader("X-Forwarded-Port"));
                if (port != null && port.matches("\\d{1,5}")) {
                    request.setServerPort(Integer.parseInt(port));
                } else if (https && serverPort == 80) {
                    request.setServerPort(443);
                }
            }
            getNext().invoke(request, response);
        } finally {
            // Vaadin's push carries on after this returns; Tomcat resets that request when it is done.
            if (!request.isAsync()) {
                request.setRemoteAddr(socket);
                request.setRemoteHost(remoteHost);
                request.setSecure(secure);
                request.getCoyoteRequest().scheme().setString(scheme);
                request.setServerPort(serverPort);
            }
        }
    }

    private static @Nullable String lastValue(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        return header.substring(header.lastIndexOf(',') + 1).strip().toLowerCase(Locale.ROOT);
    }
}
