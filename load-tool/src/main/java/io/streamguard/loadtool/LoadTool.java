package io.streamguard.loadtool;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.streamguard.loadtool.answers.AnswerMix;
import io.streamguard.loadtool.report.PerformanceDoc;
import io.streamguard.loadtool.report.SuiteReport;
import io.streamguard.loadtool.report.SuiteResult;
import io.streamguard.loadtool.run.Figures;
import io.streamguard.loadtool.run.Load;
import io.streamguard.loadtool.run.Simulation;
import io.streamguard.loadtool.server.PrometheusText;
import io.streamguard.loadtool.server.RuleCorpus;
import io.streamguard.loadtool.server.ServerProcesses;
import io.streamguard.loadtool.server.ServerSetup;
import io.streamguard.loadtool.server.StreamGuardHttp;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Entry point: {@code java -jar load-tool/target/load-tool.jar <run|suite|profile> [--option value]...}. */
public final class LoadTool {

    private static final String USAGE = """
            StreamGuard load tool: simulated browser plugins against running nodes on this machine.

              run      one load, printed:   --api stream|baseline --streams 500 --rate 2 (updates/s per stream;
                                            0 = as fast as possible) --seconds 60 | --messages 100
                                            --tokens-per-update 1 (streaming: tokens gathered into one update;
                                            the answer streams at rate × tokens-per-update tokens/s)
                                            --prefill 0 (chars each stream holds before measuring) --json FILE
              suite    all the points of docs/performance.md, then writes its section and charts:
                                            --section one-node --title "Load: one node" --doc docs/performance.md
                                            --seconds 30 --scenarios streams,length,compare,target,capacity
                                            --capacity-rates 4,6,7,8,10,14 --compare-messages 40 --json FILE
                                            --tokens-per-second 30 --tokens-per-update 15 (the plugin's cadence)
                                            --profile FILE.jfr (records the first server JVM after the warm-up)
              profile  hot methods of a JFR recording of a server:  profile RECORDING.jfr [--markdown FILE]

            Common: --url http://127.0.0.1:8080[,http://127.0.0.1:8081,...] --admin-user admin
                    (the admin password comes from the environment variable STREAMGUARD_ADMIN_PASSWORD)
                    --corpus DIR (default: ../shared/corpus next to the repository; a built-in set if absent)
                    --server-pids PID,... --database-pids PID,...  (optional, Linux: count the CPU of the
                    server and PostgreSQL processes and read heap after a full GC)  --seed 42
            """;

    private LoadTool() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        switch (options.command()) {
            case "run" -> run(options);
            case "suite" -> suite(options);
            case "profile" -> profile(options);
            default -> System.out.print(USAGE);
        }
        System.exit(0);
    }

    private static void run(Options options) throws Exception {
        var target = Target.connect(options, options.integer("streams", 500));
        double rate = options.decimal("rate", 2);
        int messages = options.integer("messages", 0);
        AnswerMix mix = messages > 0 ? AnswerMix.fixedLength(1_000, 3_000) : AnswerMix.realistic();
        var load = new Load(options.command(), Load.Api.valueOf(options.text("api", "stream").toUpperCase(Locale.ROOT)),
                options.integer("streams", 500), rate, Duration.ofSeconds(options.integer("seconds", 60)), messages, mix,
                options.integer("prefill", 0), options.integer("seed", 42), options.integer("tokens-per-update", 1));
        Figures figures = target.simulation.run(load).figures();
        Summaries.printDetailed(figures);
        writeJson(options, figures);
    }

    private static void suite(Options options) throws Exception {
        var target = Target.connect(options, 2_000);
        List<String> scenarios = options.list("scenarios", String.join(",", Suite.ALL));
        List<Double> rates = options.list("capacity-rates", "4,6,7,8,10,14").stream().map(Double::parseDouble).toList();
        @Nullable Path recording = options.values().containsKey("profile") ? Path.of(options.text("profile", "")) : null;
        var suite = new Suite(target.simulation, target.processes, Duration.ofSeconds(options.integer("seconds", 30)),
                options.integer("seed", 42), recording, options.integer("tokens-per-second", 30),
                options.integer("tokens-per-update", 15));
        String section = options.text("section", "one-node");
        String command = options.values().containsKey("reproduce")
                ? options.text("reproduce", "") + "\n# which runs:\n" + options.reproducible()
                : options.reproducible();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        SuiteResult measured = suite.run(scenarios, section, options.text("title", "Load: one node"),
                target.nodes.size(), target.machine(), command, target.rules, options.integer("compare-messages", 40),
                rates);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String machine = measured.machine() + String.format(Locale.ROOT,
                "; one-minute load average %.2f when the suite began and %.2f when it ended", loadBefore, loadAfter);
        SuiteResult result = new SuiteResult(measured.section(), measured.title(), measured.nodes(), machine,
                measured.command(), measured.rules(), measured.target(), measured.capacity(), measured.contentLength(),
                measured.contentLengthChars(), measured.openStreams(), measured.streaming(), measured.baseline(),
                measured.hotMethods(), measured.streamingPerToken(), measured.tokensPerSecond(), measured.idleJvmCores(),
                measured.idleProcessTreeCores());
        Path doc = Path.of(options.text("doc", "docs/performance.md"));
        Path charts = Suite.chartPrefix(doc, section);
        SuiteReport.charts(result, charts);
        PerformanceDoc.writeSection(doc, section, SuiteReport.markdown(result, charts.toString()));
        System.out.println("wrote section '" + section + "' of " + doc + " and its charts");
        writeJson(options, result);
    }

    private static void profile(Options options) throws IOException {
        if (options.arguments().isEmpty()) {
            System.out.print(USAGE);
            return;
        }
        String summary = HotMethods.summarize(Path.of(options.arguments().getFirst()), "io.streamguard",
                options.integer("limit", 15));
        System.out.print(summary);
        if (options.values().containsKey("markdown")) {
            Files.writeString(Path.of(options.text("markdown", "")), summary);
        }
    }

    private static void writeJson(Options options, Object value) throws IOException {
        if (options.values().containsKey("json")) {
            Path file = Path.of(options.text("json", ""));
            var json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            Files.writeString(file, json.writeValueAsString(value));
            System.out.println("wrote " + file);
        }
    }

    /** The nodes under load, with their rules loaded and API keys made. */
    private record Target(List<StreamGuardHttp> nodes, ServerSetup.RulesLoaded rules, ServerProcesses processes,
            Simulation simulation) {

        static Target connect(Options options, int plugins) throws InterruptedException {
            String password = System.getenv("STREAMGUARD_ADMIN_PASSWORD");
            if (password == null || password.isBlank()) {
                throw new IllegalArgumentException("set STREAMGUARD_ADMIN_PASSWORD to the admin's password");
            }
            var nodes = new ArrayList<StreamGuardHttp>();
            for (String url : options.list("url", "http://127.0.0.1:8080")) {
                nodes.add(new StreamGuardHttp(URI.create(url), options.text("admin-user", "admin"), password));
            }
            for (StreamGuardHttp node : nodes) {
                if (!node.isHealthy()) {
                    throw new IllegalStateException(node.base() + " is not healthy (GET /actuator/health)");
                }
            }
            RuleCorpus corpus = RuleCorpus.load(corpus(options));
            var setup = new ServerSetup(nodes.getFirst());
            ServerSetup.RulesLoaded rules = setup.loadRules(corpus);
            System.out.printf(Locale.ROOT, "rules: %s; %d keywords, %d regexes accepted, %d refused%s%n",
                    rules.source(), rules.keywords(), rules.regexesAccepted(), rules.regexesRefused(),
                    rules.alreadyPresent() ? " (already loaded)" : "");
            List<String> keys = setup.createApiKeys(Simulation.apiKeysFor(plugins), "plugins");
            Thread.sleep(1_500);
            var processes = new ServerProcesses(options.pids("server-pids"), options.pids("database-pids"));
            return new Target(nodes, rules, processes, new Simulation(nodes, keys, corpus.badWords(), processes));
        }

        String machine() {
            var system = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            String server = PrometheusText.parse(nodes.getFirst().prometheus()).samples().stream()
                    .filter(s -> s.name().equals("jvm_info")).findFirst()
                    .map(s -> "Java " + s.labels().get("version")).orElse("Java");
            return String.format(Locale.ROOT, "%d %s of %d cores, %.0f GB RAM, %s; server on %s, the load tool (Java %s) "
                    + "on the same cores", nodes.size(), nodes.size() == 1 ? "node" : "nodes",
                    Runtime.getRuntime().availableProcessors(), system.getTotalMemorySize() / 1e9, System.getProperty(
                            "os.name"), server, Runtime.version().feature());
        }

        private static Optional<Path> corpus(Options options) {
            if (options.values().containsKey("corpus")) {
                return Optional.of(Path.of(options.text("corpus", "")));
            }
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null) {
                if (Files.isDirectory(dir.resolve("load-tool")) && Files.exists(dir.resolve("pom.xml"))) {
                    Path corpus = dir.resolveSibling("shared").resolve("corpus");
                    return Files.isDirectory(corpus) ? Optional.of(corpus) : Optional.empty();
                }
                dir = dir.getParent();
            }
            return Optional.empty();
        }
    }
}
