package io.streamguard.loadtool;

import io.streamguard.loadtool.answers.AnswerMix;
import io.streamguard.loadtool.run.Figures;
import io.streamguard.loadtool.run.Load;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One load, printed. */
@Command(
        name = "run",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = "One load against the nodes, printed.")
final class RunCommand implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;

    @Option(
            names = "--api",
            paramLabel = "API",
            defaultValue = "stream",
            description = "what the plugins call: ${COMPLETION-CANDIDATES} (default: stream)")
    Load.Api api = Load.Api.STREAM;

    @Option(
            names = "--transport",
            paramLabel = "T",
            defaultValue = "http",
            description = "how streaming plugins reach the node: http (a request per call) or ws (one WebSocket per"
                    + " plugin); the baseline is HTTP only (default: http)")
    Load.Transport transport = Load.Transport.HTTP;

    @Option(
            names = "--streams",
            paramLabel = "N",
            defaultValue = "500",
            description = "plugins streaming at once (default: ${DEFAULT-VALUE})")
    int streams = 500;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            defaultValue = "2",
            description = "updates/s per stream; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    double rate = 2;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "how long the load lasts (default: ${DEFAULT-VALUE})")
    int seconds = 60;

    @Option(
            names = "--messages",
            paramLabel = "N",
            defaultValue = "0",
            description = "stop after this many messages instead of after --seconds (1-3 KB answers; default: 0, off)")
    int messages;

    @Option(
            names = "--tokens-per-update",
            paramLabel = "N",
            defaultValue = "1",
            description = "streaming: tokens gathered into one update; the answer streams at rate × tokens-per-update"
                    + " tokens/s (default: ${DEFAULT-VALUE})")
    int tokensPerUpdate = 1;

    @Option(
            names = "--prefill",
            paramLabel = "CHARS",
            defaultValue = "0",
            description = "chars each stream holds before measuring (default: ${DEFAULT-VALUE})")
    int prefill;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON")
    @Nullable
    Path json;

    @Mixin
    NodeOptions nodes = new NodeOptions();

    @Override
    public Integer call() throws Exception {
        var target = Target.connect(nodes, streams);
        AnswerMix mix = messages > 0 ? AnswerMix.fixedLength(1_000, 3_000) : AnswerMix.realistic();
        var load = new Load(
                "run",
                api,
                streams,
                rate,
                Duration.ofSeconds(seconds),
                messages,
                mix,
                prefill,
                nodes.seed,
                tokensPerUpdate,
                transport);
        Figures figures = target.simulation().run(load).figures();
        Summaries.printDetailed(figures);
        LoadTool.writeJson(json, figures);
        return 0;
    }
}
