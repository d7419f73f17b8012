package io.streamguard.loadtool.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * One node's HTTP API as a plugin and an admin see it. Refuses any node that is not on this machine:
 * the tool generates load, and load belongs on loopback only.
 */
public final class StreamGuardHttp {

    /**
     * An answer with its status, body, the time from sending the request to reading the whole body, and
     * its Retry-After header if it had one.
     */
    public record Reply(
            int status, String body, long nanos, @Nullable String retryAfter) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String adminAuthorization;

    public StreamGuardHttp(URI base, String adminUser, String adminPassword) {
        requireLoopback(base);
        this.base = base;
        this.adminAuthorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    public URI base() {
        return base;
    }

    public Reply postAsPlugin(String apiKey, String path, String json) {
        return send(post(path, json).header("Authorization", "Bearer " + apiKey).build());
    }

    public Reply postAsAdmin(String path, String json) {
        return send(post(path, json).header("Authorization", adminAuthorization).build());
    }

    /** A POST as the admin with a body of another type than JSON, e.g. a gitleaks TOML to import. */
    public Reply postAsAdmin(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .header("Authorization", adminAuthorization)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    public Reply getAsAdmin(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Authorization", adminAuthorization)
                .GET()
                .build());
    }

    /** The node's metrics as {@code /actuator/prometheus} gives them in the format {@code accept} names. */
    public byte[] prometheus(String accept) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/actuator/prometheus"))
                .timeout(TIMEOUT)
                .header("Accept", accept)
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }

    public boolean isHealthy() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build())
                    .isSuccess();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    private static Reply send(HttpRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response =
                    CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            long nanos = System.nanoTime() - started;
            return new Reply(
                    response.statusCode(),
                    response.body(),
                    nanos,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }

    private static void requireLoopback(URI base) {
        try {
            if (base.getHost() == null || !InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException(
                        "load goes to this machine only (127.0.0.1 or localhost), not " + base);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + base, e);
        }
    }
}
