package io.streamguard.loadtool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.loadtool.run.Load;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

class CommandLineTest {

    private static <T> T command(Class<T> type, String... args) {
        ParseResult parsed = LoadTool.commandLine().parseArgs(args);
        assertThat(parsed.hasSubcommand()).isTrue();
        return type.cast(parsed.subcommand().commandSpec().userObject());
    }

    @Test
    void aRepeatedOptionIsRefusedInsteadOfKeepingTheLast() {
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("run", "--streams", "10", "--streams", "20"))
                .isInstanceOf(OverwrittenOptionException.class)
                .hasMessageContaining("--streams")
                .hasMessageContaining("only once");
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("suite", "--server-pids", "1", "--server-pids=2"))
                .isInstanceOf(OverwrittenOptionException.class);
    }

    @Test
    void anUnknownOptionOrArgumentIsRefused() {
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("run", "--stream", "10"))
                .isInstanceOf(UnmatchedArgumentException.class)
                .hasMessageContaining("--stream");
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("suite", "extra"))
                .isInstanceOf(UnmatchedArgumentException.class);
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("walk"))
                .isInstanceOf(UnmatchedArgumentException.class);
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("run", "--streams", "many"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("many");
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("run", "--api", "websocket"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("websocket");
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("suite", "--server-pids", "12,x"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--server-pids");
    }

    @Test
    void runHasTheDefaultsItAlwaysHad() {
        RunCommand run = command(RunCommand.class, "run");

        assertThat(run.api).isEqualTo(Load.Api.STREAM);
        assertThat(run.transport).isEqualTo(Load.Transport.HTTP);
        assertThat(run.streams).isEqualTo(500);
        assertThat(run.rate).isEqualTo(2);
        assertThat(run.seconds).isEqualTo(60);
        assertThat(run.messages).isZero();
        assertThat(run.tokensPerUpdate).isEqualTo(1);
        assertThat(run.prefill).isZero();
        assertThat(run.json).isNull();
        assertThat(run.nodes.urls).containsExactly(URI.create("http://127.0.0.1:8080"));
        assertThat(run.nodes.adminUser).isEqualTo("admin");
        assertThat(run.nodes.corpus).isNull();
        assertThat(run.nodes.serverPids.ids()).isEmpty();
        assertThat(run.nodes.seed).isEqualTo(42);
    }

    @Test
    void runStreamsOverWebSocketWhenAsked() {
        assertThat(command(RunCommand.class, "run", "--transport", "ws").transport)
                .isEqualTo(Load.Transport.WS);
        assertThat(command(RunCommand.class, "run", "--transport", "http").transport)
                .isEqualTo(Load.Transport.HTTP);
        assertThatThrownBy(() -> LoadTool.commandLine().parseArgs("run", "--transport", "carrier-pigeon"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("carrier-pigeon");
    }

    @Test
    void suiteHasTheDefaultsItAlwaysHad() {
        SuiteCommand suite = command(SuiteCommand.class, "suite");

        assertThat(suite.section).isEqualTo("one-node");
        assertThat(suite.title).isEqualTo("Load: one node");
        assertThat(suite.doc).isEqualTo(Path.of("docs/performance.md"));
        assertThat(suite.seconds).isEqualTo(30);
        assertThat(suite.scenarios).containsExactlyElementsOf(Suite.ALL);
        assertThat(suite.capacityRates).containsExactly(4.0, 6.0, 7.0, 8.0, 10.0, 14.0);
        assertThat(suite.compareMessages).isEqualTo(40);
        assertThat(suite.tokensPerSecond).isEqualTo(30);
        assertThat(suite.tokensPerUpdate).isEqualTo(15);
        assertThat(suite.profile).isNull();
        assertThat(suite.reproduce).isNull();
    }

    @Test
    void theDocumentedCommandLinesStillParse() {
        RunCommand run = command(
                RunCommand.class,
                "run",
                "--url",
                "http://127.0.0.1:8080",
                "--streams",
                "500",
                "--rate",
                "2",
                "--tokens-per-update",
                "15",
                "--seconds",
                "60",
                "--api",
                "BASELINE");
        assertThat(run.tokensPerUpdate).isEqualTo(15);
        assertThat(run.api).isEqualTo(Load.Api.BASELINE);

        SuiteCommand suite = command(
                SuiteCommand.class,
                "suite",
                "--url",
                "http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083",
                "--seconds",
                "30",
                "--section",
                "three-nodes",
                "--title",
                "Load: three local nodes",
                "--doc",
                "docs/performance.md",
                "--server-pids",
                "11,12,13",
                "--database-pids",
                "",
                "--reproduce",
                "scripts/perf.sh cluster",
                "--json",
                "out.json",
                "--scenarios=target,capacity",
                "--capacity-rates",
                "4,8");
        assertThat(suite.nodes.urls).hasSize(3);
        assertThat(suite.nodes.serverPids.ids()).containsExactly(11L, 12L, 13L);
        assertThat(suite.nodes.databasePids.ids()).isEmpty();
        assertThat(suite.scenarios).containsExactly("target", "capacity");
        assertThat(suite.capacityRates).containsExactly(4.0, 8.0);

        ProfileCommand profile = command(ProfileCommand.class, "profile", "server.jfr", "--markdown", "hot.md");
        assertThat(profile.recording).isEqualTo(Path.of("server.jfr"));
        assertThat(profile.limit).isEqualTo(15);
    }

    @Test
    void theSuiteWritesItsCommandLineAsAReaderCanRetypeIt() {
        SuiteCommand suite = command(
                SuiteCommand.class,
                "suite",
                "--url",
                "http://127.0.0.1:18080",
                "--seconds",
                "20",
                "--section",
                "one-node",
                "--title",
                "Load: one node",
                "--doc",
                "docs/performance.md",
                "--server-pids",
                "4242",
                "--database-pids",
                "4343",
                "--reproduce",
                "scripts/perf.sh",
                "--json",
                "/tmp/x.json",
                "--profile",
                "load-tool/target/server.jfr");

        assertThat(suite.reproducible())
                .isEqualTo("java -jar load-tool/target/load-tool.jar suite --database-pids "
                        + "<pid,...> --doc docs/performance.md --profile load-tool/target/server.jfr --seconds 20 --section "
                        + "one-node --server-pids <pid,...> --title 'Load: one node' --url http://127.0.0.1:18080");
    }

    @Test
    void aListMayBeRepeatedAndThenHoldsAllItsValues() {
        RunCommand run = command(
                RunCommand.class,
                "run",
                "--url",
                "http://127.0.0.1:8081",
                "--url",
                "http://127.0.0.1:8082,http://127.0.0.1:8083");
        assertThat(run.nodes.urls).extracting(URI::getPort).containsExactly(8081, 8082, 8083);
    }

    @Test
    void everyCommandHasItsHelp() {
        for (String command : List.of("run", "suite", "profile")) {
            var out = new StringWriter();
            int exit = LoadTool.commandLine().setOut(new PrintWriter(out)).execute(command, "--help");
            assertThat(exit).isZero();
            assertThat(out.toString()).contains("Usage:").contains(command);
        }
        var out = new StringWriter();
        assertThat(LoadTool.commandLine().setOut(new PrintWriter(out)).execute("help", "run"))
                .isZero();
        assertThat(out.toString()).contains("--tokens-per-update");
        var overview = new StringWriter();
        assertThat(LoadTool.commandLine().setOut(new PrintWriter(overview)).execute("--help"))
                .isZero();
        assertThat(overview.toString()).contains("run").contains("suite").contains("profile");
    }
}
