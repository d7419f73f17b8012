package io.streamguard.loadtool.run;

import io.streamguard.loadtool.answers.Answer;
import io.streamguard.loadtool.answers.AnswerGenerator;
import io.streamguard.loadtool.answers.Rewrites;
import io.streamguard.loadtool.run.Latencies.Call;
import io.streamguard.loadtool.server.ServerProcesses;
import io.streamguard.loadtool.server.ServerSnapshot;
import io.streamguard.loadtool.server.StreamGuardHttp;
import io.streamguard.loadtool.server.StreamGuardSocket;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one {@link Load}: one virtual thread per plugin, each streaming answer after answer to its node.
 * All plugins start their first stream (and send its prefill) before the measured window opens; the
 * server's counters are read when it opens and after the last plugin is done. When the window closes a
 * plugin finishes the answer it is in at its next slot, as a user who stops the generation would; the
 * finishes stay spread over one interval instead of arriving together.
 */
public final class Simulation {

    /** Plugins per API key: well below the server's cap of open streams per client, abandoned ones included. */
    public static final int PLUGINS_PER_KEY = 250;

    private static final int PREFILL_CHUNK = 8_192;

    /**
     * At most this many plugins open their stream (and send its prefill) at once before the window opens.
     * Thousands of plugins starting together open thousands of TCP connections in the same instant, which
     * overflows the server's accept queue (Tomcat's accept count is 100) and made connects time out at
     * 2,000 streams; real plugins open their streams over minutes, not in one millisecond.
     */
    private static final int SETUP_CONCURRENCY = 64;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<StreamGuardHttp> nodes;
    private final List<String> apiKeys;
    private final List<String> badWords;
    private final ServerProcesses processes;

    public Simulation(
            List<StreamGuardHttp> nodes, List<String> apiKeys, List<String> badWords, ServerProcesses processes) {
        this.nodes = List.copyOf(nodes);
        this.apiKeys = List.copyOf(apiKeys);
        this.badWords = List.copyOf(badWords);
        this.processes = processes;
    }

    /** Server cores busy over {@code seconds} with no load: JVM alone, and with PostgreSQL (NaN if unknown). */
    public double[] idleCores(int seconds) throws InterruptedException {
        ServerSnapshot before = ServerSnapshot.take(nodes, processes);
        Thread.sleep(seconds * 1000L);
        var delta = ServerSnapshot.take(nodes, processes).since(before);
        return new double[] {delta.jvmCpuSeconds() / delta.seconds(), delta.processTreeCpuSeconds() / delta.seconds()};
    }

    /** CPU time this load tool's JVM used so far, all its threads. */
    private static long toolCpuNanos() {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime();
    }

    public static int apiKeysFor(int plugins) {
        return (plugins + PLUGINS_PER_KEY - 1) / PLUGINS_PER_KEY;
    }

    public RunResult run(Load load) throws InterruptedException {
        var run = new Run(load, new AnswerGenerator(badWords, load.mix()));
        double heapBefore = load.prefillChars() > 0 ? heapInUse() : Double.NaN;
        ServerSnapshot before;
        long opened;
        long openedAtMillis;
        try (var plugins = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < load.streams(); i++) {
                int index = i;
                plugins.submit(() -> run.plugin(index));
            }
            run.ready.await();
            double heapOpen = load.prefillChars() > 0 ? heapInUse() : Double.NaN;
            run.heapPerOpenStream = (heapOpen - heapBefore) / load.streams();
            before = ServerSnapshot.take(nodes, processes);
            opened = System.nanoTime();
            openedAtMillis = System.currentTimeMillis();
            run.toolCpuAtOpen = toolCpuNanos();
            run.deadline = load.isCountBound()
                    ? Long.MAX_VALUE
                    : opened + load.duration().toNanos();
            run.go.countDown();
            if (!load.isCountBound()) {
                plugins.submit(() -> {
                    try {
                        Thread.sleep(Duration.ofNanos(Math.max(0, run.deadline - System.nanoTime())));
                        run.toolCpuAtClose = toolCpuNanos();
                        run.atClose = ServerSnapshot.take(nodes, processes);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        System.err.println("could not read the server's counters at the window's end: " + e);
                    }
                });
            }
        }
        long closed = load.isCountBound() ? System.nanoTime() : Math.min(System.nanoTime(), run.deadline);
        ServerSnapshot after = settled(before, run.counts.finishes.sum() + run.counts.checks.sum());
        long closedAtMillis = System.currentTimeMillis();
        ServerSnapshot atClose = run.atClose;
        long toolCpu = (atClose == null ? toolCpuNanos() : run.toolCpuAtClose) - run.toolCpuAtOpen;
        var summaries = new EnumMap<Call, Latencies.Summary>(Call.class);
        for (Call call : Call.values()) {
            summaries.put(call, run.latencies.summary(call));
        }
        String memoryMethod = processes.isKnown() ? "heap after a full GC" : "heap in use without a forced GC";
        return new RunResult(
                load,
                (closed - opened) / 1e9,
                run.counts.totals(),
                summaries,
                after.since(before),
                run.heapPerOpenStream,
                memoryMethod,
                atClose == null ? null : atClose.since(before),
                atClose == null ? null : after.since(atClose),
                openedAtMillis,
                closedAtMillis,
                toolCpu / 1e9);
    }

    /**
     * The server's counters once the audit rows of this run's answers are in: a finish answers before its
     * row is written (the server appends it soon after, off the request), so the counters are read again
     * until every finished message or check has its row, or they stop moving, for at most 10 s.
     */
    private ServerSnapshot settled(ServerSnapshot before, long answered) throws InterruptedException {
        ServerSnapshot after = ServerSnapshot.take(nodes, processes);
        double rows = Double.NaN;
        for (int i = 0; i < 40; i++) {
            var delta = after.since(before);
            double now = delta.auditRows("finished") + delta.auditRows("checked");
            if (now >= answered || now == rows) {
                break;
            }
            rows = now;
            Thread.sleep(250);
            after = ServerSnapshot.take(nodes, processes);
        }
        return after;
    }

    private double heapInUse() throws InterruptedException {
        if (processes.collectGarbage()) {
            return ServerSnapshot.take(nodes, processes).heapUsedBytes();
        }
        double lowest = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            lowest = Math.min(lowest, ServerSnapshot.take(nodes, processes).heapUsedBytes());
            Thread.sleep(1000);
        }
        return lowest;
    }

    /** The state one run shares among its plugins. */
    private final class Run {

        final Load load;
        final AnswerGenerator answers;
        final Latencies latencies = new Latencies();
        final Counts counts = new Counts();
        final CountDownLatch ready;
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicInteger messagesLeft;
        final AtomicInteger errorsShown = new AtomicInteger();
        final Semaphore setup = new Semaphore(SETUP_CONCURRENCY);
        volatile long deadline = Long.MAX_VALUE;
        volatile @Nullable ServerSnapshot atClose;
        volatile long toolCpuAtOpen;
        volatile long toolCpuAtClose;
        double heapPerOpenStream = Double.NaN;
        final Retry retry;

        Run(Load load, AnswerGenerator answers) {
            this.load = load;
            this.answers = answers;
            this.ready = new CountDownLatch(load.streams());
            this.messagesLeft = new AtomicInteger(load.messages());
            this.retry = new Retry(
                    Retry.Policy.PLUGIN, Thread::sleep, () -> windowClosed() && !load.isCountBound(), this::callFailed);
        }

        private void callFailed(UncheckedIOException e) {
            counts.errors.increment();
            if (errorsShown.getAndIncrement() < 5) {
                System.err.println("   call failed: " + e.getMessage());
            }
        }

        boolean windowClosed() {
            return System.nanoTime() >= deadline;
        }

        boolean nextMessage() {
            return load.isCountBound() ? messagesLeft.getAndDecrement() > 0 : !windowClosed();
        }

        void plugin(int index) {
            var plugin = new Plugin(this, index);
            try {
                plugin.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                counts.errors.increment();
                System.err.println("plugin " + index + " stopped: " + e.getMessage());
            } finally {
                plugin.close();
            }
        }
    }

    /** One browser plugin: a node, an API key, its own random answers. */
    private final class Plugin {

        private final Run run;
        private final int index;
        private final SplittableRandom random;
        private final StreamGuardHttp node;
        private final String apiKey;
        private final Map<String, Object> context;
        /** Over WebSocket, the plugin's one socket, opened at its first call; over HTTP none. */
        private final @Nullable StreamGuardSocket socket;

        private int conversation;
        private @Nullable Pacer pacer;

        Plugin(Run run, int index) {
            this.run = run;
            this.index = index;
            this.random = new SplittableRandom(run.load.seed() * 1_000_003L + index);
            this.node = nodes.get(index % nodes.size());
            this.apiKey = apiKeys.get(index / PLUGINS_PER_KEY % apiKeys.size());
            this.context = new LinkedHashMap<>(Map.of("userId", "u-" + index, "botId", "chatgpt"));
            this.socket = run.load.transport() == Load.Transport.WS ? new StreamGuardSocket(node, apiKey) : null;
        }

        /** A plugin's call to the stream API, over the load's transport. */
        private StreamGuardHttp.Reply post(String path, String body) {
            return socket != null ? socket.post(path, body) : node.postAsPlugin(apiKey, path, body);
        }

        void close() {
            if (socket != null) {
                socket.close();
            }
        }

        void run() throws InterruptedException {
            Answer first;
            String prefill;
            @Nullable String streamId = null;
            boolean hasFirst;
            try {
                run.setup.acquire();
            } catch (InterruptedException e) {
                run.ready.countDown();
                throw e;
            }
            try {
                first = run.answers.next(random);
                prefill = run.load.prefillChars() > 0 ? run.answers.text(run.load.prefillChars(), 0, random) : "";
                hasFirst = !run.load.isCountBound() || run.messagesLeft.getAndDecrement() > 0;
                if (hasFirst && run.load.api() == Load.Api.STREAM) {
                    streamId = start();
                    if (streamId != null && !prefill.isEmpty()) {
                        sendPrefill(streamId, prefill);
                    }
                }
            } finally {
                run.setup.release();
                run.ready.countDown();
            }
            run.go.await();
            pacer = new Pacer(run.load.updatesPerSecond(), random);
            if (!hasFirst) {
                return;
            }
            if (run.load.api() == Load.Api.STREAM) {
                if (streamId != null) {
                    stream(first, streamId, prefill);
                }
                while (run.nextMessage()) {
                    @Nullable String next = start();
                    if (next != null) {
                        stream(run.answers.next(random), next, "");
                    }
                }
            } else {
                check(first, prefill);
                while (run.nextMessage()) {
                    check(run.answers.next(random), "");
                }
            }
        }

        private void newConversation() {
            context.put("sessionId", "tab-" + index + "-" + (++conversation));
        }

        private @Nullable String start() throws InterruptedException {
            newConversation();
            String body = JSON.writeValueAsString(Map.of("context", context));
            StreamGuardHttp.Reply reply =
                    run.retry.send(() -> post("/v1/stream/start", body), run.counts.calls, run.counts.tooManyStreams);
            if (reply == null) {
                return null;
            }
            if (reply.status() == 201) {
                run.latencies.record(Call.START, reply.nanos());
                run.counts.starts.increment();
                return JSON.readTree(reply.body()).path("streamId").asString();
            }
            failed(reply);
            return null;
        }

        private void sendPrefill(String streamId, String prefill) throws InterruptedException {
            for (int at = 0; at < prefill.length(); at += PREFILL_CHUNK) {
                String chunk = prefill.substring(at, Math.min(prefill.length(), at + PREFILL_CHUNK));
                String body = JSON.writeValueAsString(Map.of("streamId", streamId, "delta", chunk, "position", at));
                run.retry.send(() -> post("/v1/stream/update", body), run.counts.prefillCalls, run.counts.rateLimited);
            }
        }

        /**
         * Streams one answer at the load's cadence: the tokens gathered since the last update go out as one
         * delta every {@code tokensPerUpdate} tokens (and before a rewrite, and at the answer's end).
         */
        private void stream(Answer answer, String streamId, String alreadySent) throws InterruptedException {
            var sent = new StringBuilder(alreadySent);
            var gathered = new StringBuilder();
            int tokens = 0;
            int perUpdate = run.load.tokensPerUpdate();
            List<String> deltas = answer.deltas();
            for (int i = 0; i < deltas.size() && !run.windowClosed(); i++) {
                gathered.append(deltas.get(i));
                tokens++;
                boolean due = tokens >= perUpdate || i == deltas.size() - 1 || i == answer.rewriteAfter();
                if (i == answer.abandonAfter()) {
                    run.counts.abandoned.increment();
                    return;
                }
                if (!due) {
                    continue;
                }
                pace();
                if (!update(streamId, gathered.toString(), sent)) {
                    return;
                }
                gathered.setLength(0);
                tokens = 0;
                if (i == answer.rewriteAfter()) {
                    pace();
                    String rewritten = Rewrites.editEarlierWord(sent.toString(), random);
                    if (!rewrite(streamId, rewritten)) {
                        return;
                    }
                    sent.setLength(0);
                    sent.append(rewritten);
                }
            }
            pace();
            finish(streamId);
        }

        private boolean update(String streamId, String delta, StringBuilder sent) throws InterruptedException {
            String body =
                    JSON.writeValueAsString(Map.of("streamId", streamId, "delta", delta, "position", sent.length()));
            StreamGuardHttp.Reply reply = send("/v1/stream/update", body);
            if (reply == null) {
                return false;
            }
            if (reply.status() == 200) {
                run.latencies.record(Call.UPDATE, reply.nanos());
                run.counts.updates.increment();
                sent.append(delta);
                return true;
            }
            if (reply.status() == 409 && reply.body().contains("position_mismatch")) {
                run.counts.positionMismatches.increment();
                sent.append(delta);
                return rewrite(streamId, sent.toString());
            }
            failed(reply);
            return false;
        }

        private boolean rewrite(String streamId, String content) throws InterruptedException {
            String body = JSON.writeValueAsString(Map.of("streamId", streamId, "content", content));
            StreamGuardHttp.Reply reply = send("/v1/stream/update", body);
            if (reply == null) {
                return false;
            }
            if (reply.status() == 200) {
                run.latencies.record(Call.REWRITE, reply.nanos());
                run.counts.rewrites.increment();
                return true;
            }
            failed(reply);
            return false;
        }

        private void finish(String streamId) throws InterruptedException {
            String body = JSON.writeValueAsString(Map.of("streamId", streamId));
            StreamGuardHttp.Reply reply = send("/v1/stream/finish", body);
            if (reply == null) {
                return;
            }
            if (reply.status() == 200) {
                run.latencies.record(Call.FINISH, reply.nanos());
                run.counts.finishes.increment();
                run.counts.messages.increment();
                if (!run.windowClosed()) {
                    run.counts.messagesInWindow.increment();
                }
                countVerdict(reply.body());
                return;
            }
            failed(reply);
        }

        /** Today's plugin: the whole text so far to /v1/check on every token, one audit row each time. */
        private void check(Answer answer, String alreadyShown) throws InterruptedException {
            newConversation();
            var shown = new StringBuilder(alreadyShown);
            List<String> deltas = answer.deltas();
            String verdict = "";
            for (int i = 0; i < deltas.size() && !run.windowClosed(); i++) {
                pace();
                shown.append(deltas.get(i));
                verdict = checkContent(shown.toString());
                if (i == answer.rewriteAfter()) {
                    pace();
                    String rewritten = Rewrites.editEarlierWord(shown.toString(), random);
                    shown.setLength(0);
                    shown.append(rewritten);
                    verdict = checkContent(rewritten);
                }
                if (i == answer.abandonAfter()) {
                    run.counts.abandoned.increment();
                    return;
                }
            }
            run.counts.messages.increment();
            if (!run.windowClosed()) {
                run.counts.messagesInWindow.increment();
            }
            countVerdict(verdict);
        }

        private String checkContent(String content) throws InterruptedException {
            String body = JSON.writeValueAsString(Map.of("context", context, "content", content));
            StreamGuardHttp.Reply reply = send("/v1/check", body);
            if (reply == null) {
                return "";
            }
            if (reply.status() == 200) {
                run.latencies.record(Call.CHECK, reply.nanos());
                run.counts.checks.increment();
                return reply.body();
            }
            failed(reply);
            return "";
        }

        private void countVerdict(String body) {
            if (body.isEmpty()) {
                return;
            }
            JsonNode verdict = JSON.readTree(body);
            if ("block".equals(verdict.path("action").asString(""))) {
                run.counts.blockedMessages.increment();
            }
        }

        private void failed(StreamGuardHttp.Reply reply) {
            run.counts.errors.increment();
            if (run.errorsShown.getAndIncrement() < 5) {
                System.err.println("   unexpected HTTP " + reply.status() + ": "
                        + reply.body().substring(0, Math.min(300, reply.body().length())));
            }
        }

        private void pace() throws InterruptedException {
            Pacer started = pacer;
            if (started == null) {
                throw new IllegalStateException("a plugin paces its calls only once the window is open");
            }
            if (!started.await()) {
                run.counts.late.increment();
            }
        }

        /** A call within the window, retried while rate limited; null when it failed with an I/O error. */
        private StreamGuardHttp.@Nullable Reply send(String path, String body) throws InterruptedException {
            Supplier<StreamGuardHttp.Reply> call =
                    path.equals("/v1/check") ? () -> node.postAsPlugin(apiKey, path, body) : () -> post(path, body);
            return run.retry.send(call, run.counts.calls, run.counts.rateLimited);
        }
    }
}
