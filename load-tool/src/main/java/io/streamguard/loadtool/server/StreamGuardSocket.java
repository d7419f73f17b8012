package io.streamguard.loadtool.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One plugin's stream socket ({@code /v1/stream/ws}, protocol {@code streamguard.v1}): the calls a plugin makes
 * over HTTP, made as frames on one connection, one at a time, each answered as an HTTP {@link StreamGuardHttp.Reply}
 * would be (201 for a start, 200 for other answers, an error frame's status and {@code retryAfterSeconds}), so
 * that a plugin's logic is the same over both. Pushed frames (expiry, rule changes) are not answers and are
 * skipped. A socket found closed is opened again at the next call: streams live in the cluster, not the socket.
 */
public final class StreamGuardSocket implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long TIMEOUT_SECONDS = 60;

    private final URI uri;
    private final String apiKey;
    private @Nullable WebSocket socket;
    private volatile @Nullable CompletableFuture<String> pending;
    private int nextId;

    public StreamGuardSocket(StreamGuardHttp node, String apiKey) {
        URI base = node.base();
        this.uri = URI.create(
                (base.getScheme().equals("https") ? "wss" : "ws") + "://" + base.getAuthority() + "/v1/stream/ws");
        this.apiKey = apiKey;
    }

    /** The frame for a plugin's POST of {@code json} (an object) to {@code path}, answered as HTTP would answer. */
    public synchronized StreamGuardHttp.Reply post(String path, String json) {
        String type = switch (path) {
            case "/v1/stream/start" -> "start";
            case "/v1/stream/update" -> "update";
            case "/v1/stream/finish" -> "finish";
            default -> throw new IllegalArgumentException("no frame for " + path);
        };
        WebSocket open = open();
        String id = Integer.toString(++nextId);
        String frame = "{\"type\":\"" + type + "\",\"id\":\"" + id + "\"," + json.substring(json.indexOf('{') + 1);
        var answer = new CompletableFuture<String>();
        pending = answer;
        long started = System.nanoTime();
        String body;
        try {
            open.sendText(frame, true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            body = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + uri, e);
        } catch (ExecutionException | TimeoutException e) {
            drop();
            throw new UncheckedIOException(uri + ": " + e, new IOException(e));
        }
        long nanos = System.nanoTime() - started;
        JsonNode node = JSON.readTree(body);
        if (!"error".equals(node.path("type").asString(""))) {
            return new StreamGuardHttp.Reply("start".equals(type) ? 201 : 200, body, nanos, null);
        }
        JsonNode retryAfter = node.get("retryAfterSeconds");
        return new StreamGuardHttp.Reply(
                node.path("status").asInt(500),
                body,
                nanos,
                retryAfter == null || retryAfter.isNull() ? null : Long.toString(retryAfter.asLong()));
    }

    private WebSocket open() {
        WebSocket open = socket;
        if (open != null && !open.isInputClosed() && !open.isOutputClosed()) {
            return open;
        }
        try {
            open = CLIENT.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + apiKey)
                    .subprotocols("streamguard.v1")
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, new Frames())
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + uri, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new UncheckedIOException(uri + ": " + e, new IOException(e));
        }
        socket = open;
        return open;
    }

    private void drop() {
        WebSocket open = socket;
        socket = null;
        if (open != null) {
            open.abort();
        }
    }

    @Override
    public synchronized void close() {
        WebSocket open = socket;
        socket = null;
        if (open != null && !open.isOutputClosed()) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "done").whenComplete((done, failed) -> open.abort());
        }
    }

    /** Receives frames on the client's thread; completes the pending call with each answer. */
    private final class Frames implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                // The server writes "type" first; pushes carry no id and answer nothing.
                boolean push = frame.startsWith("{\"type\":\"expired\"") || frame.startsWith("{\"type\":\"rules\"");
                CompletableFuture<String> waiting = pending;
                if (!push && waiting != null) {
                    waiting.complete(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            CompletableFuture<String> waiting = pending;
            if (waiting != null) {
                waiting.completeExceptionally(new IOException("socket closed: " + statusCode + " " + reason));
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            CompletableFuture<String> waiting = pending;
            if (waiting != null) {
                waiting.completeExceptionally(error);
            }
        }
    }
}
