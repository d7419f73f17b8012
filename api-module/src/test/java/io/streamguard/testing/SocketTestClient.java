package io.streamguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the stream socket as the plugin is one: the JDK's own WebSocket, no Spring in between. Answers
 * (frames with an id) and pushes (frames without) are kept apart, so that a test can wait for either.
 */
public final class SocketTestClient implements AutoCloseable {

    public static final String PROTOCOL = "streamguard.v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> answers;
    private final LinkedBlockingQueue<JsonNode> pushes;
    private final CompletableFuture<Integer> closed;
    private int nextId;

    private SocketTestClient(
            WebSocket socket,
            LinkedBlockingQueue<JsonNode> answers,
            LinkedBlockingQueue<JsonNode> pushes,
            CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.answers = answers;
        this.pushes = pushes;
        this.closed = closed;
    }

    /** Opens {@code ws://…/v1/stream/ws} with the key in the header, offering {@code streamguard.v1}. */
    public static SocketTestClient withHeader(String baseWsUrl, String apiKey) {
        return open(baseWsUrl, Map.of("Authorization", "Bearer " + apiKey), PROTOCOL);
    }

    /** As a browser: the key as the subprotocol {@code bearer.<apiKey>} beside {@code streamguard.v1}. */
    public static SocketTestClient withProtocolToken(String baseWsUrl, String apiKey) {
        return open(baseWsUrl, Map.of(), PROTOCOL, "bearer." + apiKey);
    }

    public static SocketTestClient open(String baseWsUrl, Map<String, String> headers, String... protocols) {
        var answers = new LinkedBlockingQueue<JsonNode>();
        var pushes = new LinkedBlockingQueue<JsonNode>();
        var closed = new CompletableFuture<Integer>();
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        if (protocols.length > 0) {
            builder.subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
        }
        var listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    JsonNode frame = JSON.readTree(text.toString());
                    text.setLength(0);
                    (frame.hasNonNull("id") || "error".equals(frame.path("type").asString()) ? answers : pushes)
                            .add(frame);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        };
        try {
            WebSocket socket = builder.buildAsync(URI.create(baseWsUrl + "/v1/stream/ws"), listener)
                    .get(20, TimeUnit.SECONDS);
            return new SocketTestClient(socket, answers, pushes, closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("handshake failed", e);
        }
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends a frame with the next id and waits for its answer. */
    public JsonNode call(String type, Map<String, Object> fields) {
        String id = Integer.toString(++nextId);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("id", id);
        frame.putAll(fields);
        sendText(JSON.writeValueAsString(frame));
        JsonNode answer = nextAnswer();
        if (!id.equals(answer.path("id").asString(null))) {
            throw new AssertionError("answer to another id: " + answer);
        }
        return answer;
    }

    /** Sends text as it is, a frame of the test's making, and waits for the next answer. */
    public JsonNode raw(String text) {
        sendText(text);
        return nextAnswer();
    }

    /** One part of a text frame; the frame ends with the part sent with {@code last}. */
    public void sendPart(String text, boolean last) {
        socket.sendText(text, last).join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public JsonNode nextAnswer() {
        return poll(answers, WAIT, "an answer");
    }

    public JsonNode nextPush(Duration within) {
        return poll(pushes, within, "a push");
    }

    public List<JsonNode> pushesSoFar() {
        List<JsonNode> so = new ArrayList<>();
        pushes.drainTo(so);
        return so;
    }

    /** The close code the server sent, waiting at most {@code within}; -1 if the connection failed instead. */
    public int closeCode(Duration within) {
        try {
            return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the socket was not closed within " + within, e);
        }
    }

    public boolean isOpen() {
        return !socket.isInputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
        socket.abort();
    }

    private static JsonNode poll(LinkedBlockingQueue<JsonNode> queue, Duration within, String what) {
        try {
            JsonNode frame = queue.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no " + what + " within " + within);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's answer to a handshake: its status, and its problem+json body when it refused. */
    public record Handshake(int status, Map<String, String> headers, JsonNode body) {}

    /**
     * A handshake written by hand on a plain TCP socket, to see exactly what the server answers to one it refuses
     * (the JDK's client hides the body). The second form leaves the connection open, e.g. as a client that
     * never answers a ping.
     */
    public static Handshake handshake(int port, String pathAndQuery, Map<String, String> headers) {
        try (Socket tcp = new Socket("localhost", port)) {
            return handshake(tcp, port, pathAndQuery, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Handshake handshake(Socket tcp, int port, String pathAndQuery, Map<String, String> headers)
            throws IOException {
        tcp.setSoTimeout(20_000);
        StringBuilder request = new StringBuilder()
                .append("GET ")
                .append(pathAndQuery)
                .append(" HTTP/1.1\r\n")
                .append("Host: localhost:")
                .append(port)
                .append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ")
                .append(Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)))
                .append("\r\n");
        headers.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        OutputStream out = tcp.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = tcp.getInputStream();
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                responseHeaders.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        JsonNode body = JSON.nullNode();
        if (status != 101) {
            byte[] bytes = readBody(in, responseHeaders);
            if (bytes.length > 0) {
                body = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return new Handshake(status, responseHeaders, body);
    }

    /**
     * On a socket past its handshake, the close code of the first close frame the server sends, skipping its
     * pings unanswered; -1 if the connection ends without one.
     */
    public static int awaitCloseFrame(Socket tcp) throws IOException {
        InputStream in = tcp.getInputStream();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return -1;
            }
            int second = in.read();
            long length = second & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            if ((first & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (n == 0) {
                    readLine(in);
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                readLine(in);
            }
        }
        return new byte[0];
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
