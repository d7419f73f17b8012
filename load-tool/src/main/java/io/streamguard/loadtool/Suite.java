package io.streamguard.loadtool;

import io.streamguard.loadtool.answers.AnswerMix;
import io.streamguard.loadtool.report.SuiteResult;
import io.streamguard.loadtool.run.Figures;
import io.streamguard.loadtool.run.Load;
import io.streamguard.loadtool.run.RunResult;
import io.streamguard.loadtool.run.Simulation;
import io.streamguard.loadtool.server.ServerProcesses;
import io.streamguard.loadtool.server.ServerSetup.RulesLoaded;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The measurement points behind docs/performance.md, run one after another against the same nodes.
 * Points that open streams for the memory estimate and hold no abandoned streams come first, so that no
 * stream of an earlier point is still open (or expires) while heap is compared.
 */
final class Suite {

    static final List<String> ALL = List.of("streams", "length", "compare", "target", "capacity", "socket");

    private final Simulation simulation;
    private final Duration point;
    private final long seed;
    private final int tokensPerSecond;
    private final int tokensPerUpdate;

    private final ServerProcesses processes;
    private final @Nullable Path recording;
    private final List<long[]> windows = new ArrayList<>();

    /**
     * {@code tokensPerSecond} is how fast an answer streams (about 30 tokens/s for today's chat models);
     * {@code tokensPerUpdate} is the streaming plugin's cadence. 30 and 15 give 2 updates/s per stream,
     * an update every 500 ms, which is the "500 open streams each updating twice a second".
     */
    Suite(
            Simulation simulation,
            ServerProcesses processes,
            Duration point,
            long seed,
            @Nullable Path recording,
            int tokensPerSecond,
            int tokensPerUpdate) {
        this.simulation = simulation;
        this.processes = processes;
        this.point = point;
        this.seed = seed;
        this.recording = recording;
        this.tokensPerSecond = tokensPerSecond;
        this.tokensPerUpdate = tokensPerUpdate;
    }

    SuiteResult run(
            List<String> scenarios,
            String section,
            String title,
            int nodes,
            String machine,
            String command,
            RulesLoaded rules,
            int compareMessages,
            List<Double> capacityRates)
            throws InterruptedException {
        double perStream = (double) tokensPerSecond / tokensPerUpdate;
        List<Integer> lengths = List.of(1_024, 10_240, 102_400);
        var openStreams = new ArrayList<Figures>();
        var contentLength = new ArrayList<Figures>();
        var capacity = new ArrayList<Figures>();
        Figures target = null;
        Figures streaming = null;
        Figures streamingPerToken = null;
        Figures baseline = null;
        Figures fiveHundredHoldingOneKb = null;
        var transports = new ArrayList<SuiteResult.SideBySide>();
        AnswerMix whole = AnswerMix.fixedLength(1_000, 3_000);
        Load streamingLoad = new Load(
                "streaming, " + tokensPerUpdate + " tokens per update",
                Load.Api.STREAM,
                20,
                perStream,
                point,
                compareMessages,
                whole,
                0,
                seed,
                tokensPerUpdate);
        Load perTokenLoad = new Load(
                "streaming, one token per update",
                Load.Api.STREAM,
                20,
                tokensPerSecond,
                point,
                compareMessages,
                whole,
                0,
                seed,
                1);
        Load targetLoad = new Load(
                "target: 500 streams × " + trim(perStream) + "/s",
                Load.Api.STREAM,
                500,
                perStream,
                point,
                0,
                AnswerMix.realistic(),
                0,
                seed,
                tokensPerUpdate);
        warmUp(scenarios.contains("socket"));
        @Nullable Path recording = this.recording;
        boolean recordingStarted = recording != null && processes.startRecording();
        if (scenarios.contains("streams")) {
            openStreams.add(point(new Load(
                    "50 streams × " + trim(perStream * 10) + "/s",
                    Load.Api.STREAM,
                    50,
                    perStream * 10,
                    point,
                    0,
                    held(perStream * 10),
                    1_024,
                    seed,
                    tokensPerUpdate)));
            fiveHundredHoldingOneKb = point(new Load(
                    "500 streams × " + trim(perStream) + "/s, 1 KB",
                    Load.Api.STREAM,
                    500,
                    perStream,
                    point,
                    0,
                    held(perStream),
                    1_024,
                    seed,
                    tokensPerUpdate));
            openStreams.add(fiveHundredHoldingOneKb);
            openStreams.add(point(new Load(
                    "2,000 streams × " + trim(perStream / 4) + "/s",
                    Load.Api.STREAM,
                    2_000,
                    perStream / 4,
                    point,
                    0,
                    held(perStream / 4),
                    1_024,
                    seed,
                    tokensPerUpdate)));
        }
        if (scenarios.contains("length")) {
            for (int chars : lengths) {
                contentLength.add(point(new Load(
                        "500 streams × " + trim(perStream) + "/s, " + chars / 1024 + " KB",
                        Load.Api.STREAM,
                        500,
                        perStream,
                        point,
                        0,
                        held(perStream),
                        chars,
                        seed,
                        tokensPerUpdate)));
            }
        }
        double[] idle = {Double.NaN, Double.NaN};
        if (scenarios.contains("compare")) {
            idle = idleCores(15);
            System.out.printf(
                    java.util.Locale.ROOT,
                    "-- idle server: %.3f cores (JVM), %.3f with PostgreSQL%n",
                    idle[0],
                    idle[1]);
            streaming = point(streamingLoad);
            streamingPerToken = point(perTokenLoad);
            baseline = point(new Load(
                    "baseline, a check per token",
                    Load.Api.BASELINE,
                    20,
                    tokensPerSecond,
                    point,
                    compareMessages,
                    whole,
                    0,
                    seed,
                    1));
        }
        if (scenarios.contains("target")) {
            target = point(targetLoad);
        }
        if (scenarios.contains("capacity")) {
            for (double rate : capacityRates) {
                Figures step = point(new Load(
                        "500 streams × %s/s".formatted(trim(rate)),
                        Load.Api.STREAM,
                        500,
                        rate,
                        point,
                        0,
                        AnswerMix.realistic(),
                        0,
                        seed,
                        tokensPerUpdate));
                capacity.add(step);
                if (step.updateP99() > 10 || step.updatesPerSecond() < 0.9 * step.offeredUpdatesPerSecond()) {
                    break;
                }
            }
        }
        if (scenarios.contains("socket")) {
            // A plugin's pace: one stream, an update per token every 20 ms, on a warm node. What a
            // request costs when the JVM is otherwise idle between calls, net of that idleness.
            transports.add(overBoth(
                    new Load(
                            "one stream × 50/s, an update per token (a plugin's pace)",
                            Load.Api.STREAM,
                            1,
                            50,
                            point,
                            0,
                            held(50),
                            0,
                            seed,
                            1),
                    null));
            // The same loads over the stream socket; the HTTP figures of this suite where it has them.
            transports.add(overBoth(targetLoad, target));
            transports.add(overBoth(streamingLoad, streaming));
            transports.add(overBoth(perTokenLoad, streamingPerToken));
            for (double rate : capacityRates) {
                String name = "500 streams × %s/s".formatted(trim(rate));
                Figures http = capacity.stream()
                        .filter(step -> step.name().equals(name))
                        .findFirst()
                        .orElse(null);
                var pair = overBoth(
                        new Load(
                                name,
                                Load.Api.STREAM,
                                500,
                                rate,
                                point,
                                0,
                                AnswerMix.realistic(),
                                0,
                                seed,
                                tokensPerUpdate),
                        http);
                transports.add(pair);
                Figures ws = pair.ws();
                if (ws.updateP99() > 10 || ws.updatesPerSecond() < 0.9 * ws.offeredUpdatesPerSecond()) {
                    break;
                }
            }
        }
        String hotMethods = null;
        if (recording != null && recordingStarted && processes.stopRecording(recording)) {
            try {
                hotMethods = HotMethods.summarize(recording, "io.streamguard", 12, windows);
            } catch (IOException e) {
                System.err.println("could not read the recording " + recording + ": " + e.getMessage());
            }
        }
        return new SuiteResult(
                section,
                title,
                nodes,
                machine,
                command,
                rules,
                target,
                capacity,
                contentLength,
                contentLength.isEmpty() ? List.of() : lengths,
                openStreams,
                streaming,
                baseline,
                hotMethods,
                streamingPerToken,
                tokensPerSecond,
                idle[0],
                idle[1],
                transports);
    }

    /** The load over WebSocket, beside its HTTP figures (measured now if this suite has none). */
    private SuiteResult.SideBySide overBoth(Load load, @Nullable Figures http) throws InterruptedException {
        Figures overHttp = http != null ? http : point(load);
        return new SuiteResult.SideBySide(overHttp, point(load.over(Load.Transport.WS)));
    }

    /** The server's CPU with no load, so that per-message CPU can be given net of it. */
    private double[] idleCores(int seconds) throws InterruptedException {
        Thread.sleep(3_000);
        return simulation.idleCores(seconds);
    }

    /**
     * Answers long enough that none ends inside the window (at about 4 chars a token): the points that
     * compare the cost of an update then measure updates alone, and every finish comes after the window.
     */
    private AnswerMix held(double updatesPerSecond) {
        int chars = (int) Math.max(3_000, updatesPerSecond * tokensPerUpdate * 5 * point.toSeconds() * 1.5);
        return new AnswerMix(chars, chars + chars / 2, 0, chars, 0, 0, 0.10);
    }

    /** Lets the server's JIT compile the hot paths before anything is measured; its figures are dropped. */
    private void warmUp(boolean overTheSocketToo) throws InterruptedException {
        System.out.println("-- warming up for " + point.toSeconds() + " s"
                + (overTheSocketToo ? ", then as long over the stream socket" : ""));
        Load streaming = new Load(
                "warm-up", Load.Api.STREAM, 200, 10, point, 0, AnswerMix.realistic(), 0, seed + 1, tokensPerUpdate);
        simulation.run(streaming);
        // The socket's path (Tomcat's frames, the handler, Jackson of the frames) compiles apart from the HTTP
        // path: a socket point measured without this pays the JIT inside its window.
        if (overTheSocketToo) {
            simulation.run(streaming.over(Load.Transport.WS));
        }
        simulation.run(new Load(
                "warm-up",
                Load.Api.BASELINE,
                20,
                20,
                point.dividedBy(2),
                0,
                AnswerMix.fixedLength(1_000, 3_000),
                0,
                seed + 1));
        Thread.sleep(2_000);
    }

    private Figures point(Load load) throws InterruptedException {
        System.out.println("-- " + load.name() + ": " + load.describe());
        RunResult result = simulation.run(load);
        windows.add(new long[] {result.windowStartEpochMillis(), result.windowEndEpochMillis()});
        Figures figures = result.figures();
        Summaries.printOneLine(figures);
        Thread.sleep(2_000);
        return figures;
    }

    private static String trim(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    static Path chartPrefix(Path doc, String section) {
        Path folder = doc.toAbsolutePath().getParent();
        if (folder == null) {
            throw new IllegalArgumentException("the document " + doc + " is not in a folder");
        }
        return folder.resolve("performance-" + section);
    }
}
