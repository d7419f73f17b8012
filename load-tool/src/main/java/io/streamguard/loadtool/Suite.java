package io.streamguard.loadtool;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.streamguard.loadtool.answers.AnswerMix;
import io.streamguard.loadtool.report.SuiteResult;
import io.streamguard.loadtool.run.Figures;
import io.streamguard.loadtool.run.Load;
import io.streamguard.loadtool.run.RunResult;
import io.streamguard.loadtool.run.Simulation;
import io.streamguard.loadtool.server.ServerProcesses;
import io.streamguard.loadtool.server.ServerSetup.RulesLoaded;
import org.jspecify.annotations.Nullable;

/**
 * The measurement points behind docs/performance.md, run one after another against the same nodes.
 * Points that open streams for the memory estimate and hold no abandoned streams come first, so that no
 * stream of an earlier point is still open (or expires) while heap is compared.
 */
final class Suite {

    static final List<String> ALL = List.of("streams", "length", "compare", "target", "capacity");

    private final Simulation simulation;
    private final Duration point;
    private final long seed;

    private final ServerProcesses processes;
    private final @Nullable Path recording;

    Suite(Simulation simulation, ServerProcesses processes, Duration point, long seed, @Nullable Path recording) {
        this.simulation = simulation;
        this.processes = processes;
        this.point = point;
        this.seed = seed;
        this.recording = recording;
    }

    SuiteResult run(List<String> scenarios, String section, String title, int nodes, String machine, String command,
            RulesLoaded rules, int compareMessages, List<Double> capacityRates) throws InterruptedException {
        AnswerMix held = new AnswerMix(1_000, 3_000, 0, 1_000, 0, 0, 0.10);
        List<Integer> lengths = List.of(1_024, 10_240, 102_400);
        var openStreams = new ArrayList<Figures>();
        var contentLength = new ArrayList<Figures>();
        var capacity = new ArrayList<Figures>();
        Figures target = null;
        Figures streaming = null;
        Figures baseline = null;
        Figures fiveHundredHoldingOneKb = null;
        warmUp();
        boolean recordingStarted = recording != null && processes.startRecording();
        if (scenarios.contains("streams")) {
            openStreams.add(point(new Load("50 streams × 20/s", Load.Api.STREAM, 50, 20, point, 0, held, 1_024, seed)));
            fiveHundredHoldingOneKb = point(new Load("500 streams × 2/s, 1 KB", Load.Api.STREAM, 500, 2, point, 0, held,
                    1_024, seed));
            openStreams.add(fiveHundredHoldingOneKb);
            openStreams.add(point(new Load("2,000 streams × 0.5/s", Load.Api.STREAM, 2_000, 0.5, point, 0, held, 1_024,
                    seed)));
        }
        if (scenarios.contains("length")) {
            for (int chars : lengths) {
                if (chars == 1_024 && fiveHundredHoldingOneKb != null) {
                    contentLength.add(fiveHundredHoldingOneKb);
                    continue;
                }
                contentLength.add(point(new Load("500 streams × 2/s, " + chars / 1024 + " KB", Load.Api.STREAM, 500, 2,
                        point, 0, held, chars, seed)));
            }
        }
        if (scenarios.contains("compare")) {
            AnswerMix whole = AnswerMix.fixedLength(1_000, 3_000);
            streaming = point(new Load("streaming, " + compareMessages + " answers", Load.Api.STREAM, 20, 40, point,
                    compareMessages, whole, 0, seed));
            baseline = point(new Load("baseline, " + compareMessages + " answers", Load.Api.BASELINE, 20, 40, point,
                    compareMessages, whole, 0, seed));
        }
        if (scenarios.contains("target")) {
            target = point(new Load("target: 500 streams × 2/s", Load.Api.STREAM, 500, 2, point, 0,
                    AnswerMix.realistic(), 0, seed));
        }
        if (scenarios.contains("capacity")) {
            for (double rate : capacityRates) {
                Figures step = point(new Load("500 streams × %s/s".formatted(trim(rate)), Load.Api.STREAM, 500, rate,
                        point, 0, AnswerMix.realistic(), 0, seed));
                capacity.add(step);
                if (step.updateP99() > 10 || step.updatesPerSecond() < 0.9 * step.offeredUpdatesPerSecond()) {
                    break;
                }
            }
        }
        String hotMethods = null;
        if (recordingStarted && processes.stopRecording(recording)) {
            try {
                hotMethods = HotMethods.summarize(recording, "io.streamguard", 12);
            }
            catch (IOException e) {
                System.err.println("could not read the recording " + recording + ": " + e.getMessage());
            }
        }
        return new SuiteResult(section, title, nodes, machine, command, rules, target, capacity, contentLength,
                contentLength.isEmpty() ? List.of() : lengths, openStreams, streaming, baseline, hotMethods);
    }

    /** Lets the server's JIT compile the hot paths before anything is measured; its figures are dropped. */
    private void warmUp() throws InterruptedException {
        System.out.println("-- warming up for " + point.toSeconds() + " s");
        simulation.run(new Load("warm-up", Load.Api.STREAM, 200, 10, point, 0, AnswerMix.realistic(), 0, seed + 1));
        simulation.run(new Load("warm-up", Load.Api.BASELINE, 20, 20, point.dividedBy(2), 0,
                AnswerMix.fixedLength(1_000, 3_000), 0, seed + 1));
        Thread.sleep(2_000);
    }

    private Figures point(Load load) throws InterruptedException {
        System.out.println("-- " + load.name() + ": " + load.describe());
        RunResult result = simulation.run(load);
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
        return folder.resolve("performance-" + section);
    }
}
