package io.streamguard.loadtool;

import io.streamguard.loadtool.run.Simulation;
import io.streamguard.loadtool.server.NodeMetrics;
import io.streamguard.loadtool.server.RuleCorpus;
import io.streamguard.loadtool.server.ServerProcesses;
import io.streamguard.loadtool.server.ServerSetup;
import io.streamguard.loadtool.server.StreamGuardHttp;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The nodes under load, with their rules loaded and API keys made. */
record Target(
        List<StreamGuardHttp> nodes, ServerSetup.RulesLoaded rules, ServerProcesses processes, Simulation simulation) {

    static Target connect(NodeOptions options, int plugins) throws InterruptedException {
        String password = System.getenv("STREAMGUARD_ADMIN_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("set STREAMGUARD_ADMIN_PASSWORD to the admin's password");
        }
        var nodes = new ArrayList<StreamGuardHttp>();
        for (URI url : options.urls) {
            nodes.add(new StreamGuardHttp(url, options.adminUser, password));
        }
        for (StreamGuardHttp node : nodes) {
            if (!node.isHealthy()) {
                throw new IllegalStateException(node.base() + " is not healthy (GET /actuator/health)");
            }
        }
        RuleCorpus corpus = RuleCorpus.load(corpus(options.corpus));
        var setup = new ServerSetup(nodes.getFirst());
        ServerSetup.RulesLoaded rules = setup.loadRules(corpus);
        System.out.printf(
                Locale.ROOT,
                "rules: %s; %d keywords, %d regexes accepted, %d refused%s%n",
                rules.source(),
                rules.keywords(),
                rules.regexesAccepted(),
                rules.regexesRefused(),
                rules.alreadyPresent() ? " (already loaded)" : "");
        List<String> keys = setup.createApiKeys(Simulation.apiKeysFor(plugins), "plugins");
        Thread.sleep(1_500);
        var processes = new ServerProcesses(options.serverPids.ids(), options.databasePids.ids());
        return new Target(nodes, rules, processes, new Simulation(nodes, keys, corpus.badWords(), processes));
    }

    String machine() {
        var system = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String server = NodeMetrics.scrape(nodes.getFirst())
                .label("jvm_info", "version")
                .map(version -> "Java " + version)
                .orElse("Java");
        return String.format(
                Locale.ROOT,
                "%d %s of %d cores, %.0f GB RAM, %s; server on %s, the load tool (Java %s) " + "on the same cores",
                nodes.size(),
                nodes.size() == 1 ? "node" : "nodes",
                Runtime.getRuntime().availableProcessors(),
                system.getTotalMemorySize() / 1e9,
                System.getProperty("os.name"),
                server,
                Runtime.version().feature());
    }

    private static Optional<Path> corpus(@Nullable Path given) {
        if (given != null) {
            return Optional.of(given);
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
