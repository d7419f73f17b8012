package io.streamguard.loadtool;

import io.streamguard.loadtool.report.PerformanceDoc;
import io.streamguard.loadtool.report.SuiteReport;
import io.streamguard.loadtool.report.SuiteResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** All the points of docs/performance.md, then its section and charts. */
@Command(
        name = "suite",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = "All the points of docs/performance.md, then writes its section and charts.")
final class SuiteCommand implements Callable<Integer> {

    /** Options that name this machine's processes: the reproducible command line shows a placeholder. */
    private static final List<String> MACHINE_SPECIFIC = List.of("--server-pids", "--database-pids");

    /** Options that say where this run's own output goes, not what it measured. */
    private static final List<String> NOT_REPRODUCED = List.of("--reproduce", "--json");

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;

    @Option(
            names = "--section",
            paramLabel = "NAME",
            defaultValue = "one-node",
            description = "the section of the document to write (default: ${DEFAULT-VALUE})")
    String section = "one-node";

    @Option(
            names = "--title",
            paramLabel = "TEXT",
            defaultValue = "Load: one node",
            description = "its title (default: ${DEFAULT-VALUE})")
    String title = "Load: one node";

    @Option(
            names = "--doc",
            paramLabel = "FILE",
            defaultValue = "docs/performance.md",
            description = "the document (default: ${DEFAULT-VALUE})")
    Path doc = Path.of("docs/performance.md");

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "30",
            description = "seconds per measurement point (default: ${DEFAULT-VALUE})")
    int seconds = 30;

    @Option(
            names = "--scenarios",
            split = ",",
            paramLabel = "NAME",
            defaultValue = "streams,length,compare,target,capacity,socket",
            description = "which points, comma-separated or the option repeated (default: ${DEFAULT-VALUE})")
    List<String> scenarios = new ArrayList<>();

    @Option(
            names = "--capacity-rates",
            split = ",",
            paramLabel = "PER_SECOND",
            defaultValue = "4,6,7,8,10,14",
            description = "updates/s per stream of the capacity steps, comma-separated or the option repeated "
                    + "(default: ${DEFAULT-VALUE})")
    List<Double> capacityRates = new ArrayList<>();

    @Option(
            names = "--compare-messages",
            paramLabel = "N",
            defaultValue = "40",
            description = "messages of each streaming-versus-baseline run (default: ${DEFAULT-VALUE})")
    int compareMessages = 40;

    @Option(
            names = "--tokens-per-second",
            paramLabel = "N",
            defaultValue = "30",
            description = "how fast an answer streams (default: ${DEFAULT-VALUE})")
    int tokensPerSecond = 30;

    @Option(
            names = "--tokens-per-update",
            paramLabel = "N",
            defaultValue = "15",
            description = "the streaming plugin's cadence (default: ${DEFAULT-VALUE})")
    int tokensPerUpdate = 15;

    @Option(
            names = "--profile",
            paramLabel = "FILE.jfr",
            description = "records the first server JVM after the warm-up (needs --server-pids)")
    @Nullable
    Path profile;

    @Option(
            names = "--reproduce",
            paramLabel = "COMMAND",
            description = "the command a reader runs to reproduce the section, shown above this tool's own line")
    @Nullable
    String reproduce;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON")
    @Nullable
    Path json;

    @Mixin
    NodeOptions nodes = new NodeOptions();

    @Spec
    @Nullable
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (String scenario : scenarios) {
            if (!Suite.ALL.contains(scenario)) {
                throw new ParameterException(
                        commandSpec().commandLine(),
                        "unknown scenario '" + scenario + "'; the scenarios are " + String.join(",", Suite.ALL));
            }
        }
        var target = Target.connect(nodes, 2_000);
        var suite = new Suite(
                target.simulation(),
                target.processes(),
                Duration.ofSeconds(seconds),
                nodes.seed,
                profile,
                tokensPerSecond,
                tokensPerUpdate);
        String command = reproduce != null ? reproduce + "\n# which runs:\n" + reproducible() : reproducible();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        SuiteResult measured = suite.run(
                scenarios,
                section,
                title,
                target.nodes().size(),
                target.machine(),
                command,
                target.rules(),
                compareMessages,
                capacityRates);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String machine = measured.machine()
                + String.format(
                        Locale.ROOT,
                        "; one-minute load average %.2f when the suite began and %.2f when it ended",
                        loadBefore,
                        loadAfter);
        SuiteResult result = new SuiteResult(
                measured.section(),
                measured.title(),
                measured.nodes(),
                machine,
                measured.command(),
                measured.rules(),
                measured.target(),
                measured.capacity(),
                measured.contentLength(),
                measured.contentLengthChars(),
                measured.openStreams(),
                measured.streaming(),
                measured.baseline(),
                measured.hotMethods(),
                measured.streamingPerToken(),
                measured.tokensPerSecond(),
                measured.idleJvmCores(),
                measured.idleProcessTreeCores(),
                measured.transports());
        Path charts = Suite.chartPrefix(doc, section);
        SuiteReport.charts(result, charts);
        PerformanceDoc.writeSection(doc, section, SuiteReport.markdown(result, charts.toString()));
        System.out.println("wrote section '" + section + "' of " + doc + " and its charts");
        LoadTool.writeJson(json, result);
        return 0;
    }

    /**
     * The command line as given, in a form a reader can retype: options sorted by name, process ids as
     * placeholders, the output-only options left out. The admin password is never on it (it comes from the
     * environment).
     */
    String reproducible() {
        var line = new StringBuilder("java -jar load-tool/target/load-tool.jar suite");
        commandSpec().commandLine().getParseResult().matchedOptions().stream()
                .filter(o -> !NOT_REPRODUCED.contains(o.longestName()) && !o.usageHelp())
                .sorted(Comparator.comparing(OptionSpec::longestName))
                .forEach(o -> {
                    for (String value : o.originalStringValues()) {
                        line.append(' ')
                                .append(o.longestName())
                                .append(' ')
                                .append(MACHINE_SPECIFIC.contains(o.longestName()) ? "<pid,...>" : quoted(value));
                    }
                });
        return line.toString();
    }

    private CommandSpec commandSpec() {
        if (spec == null) {
            throw new IllegalStateException("the suite runs from its command line, which picocli injects");
        }
        return spec;
    }

    private static String quoted(String value) {
        return value.matches("[\\w./:,=@+-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
