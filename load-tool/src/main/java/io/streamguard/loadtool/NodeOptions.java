package io.streamguard.loadtool;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The options of every command that loads nodes: which nodes, as whom, with which rules and seed. */
final class NodeOptions {

    @Option(
            names = "--url",
            split = ",",
            paramLabel = "URL",
            description = "the nodes to load, comma-separated or the option repeated (this machine only; default: "
                    + "${DEFAULT-VALUE})",
            defaultValue = "http://127.0.0.1:8080")
    List<URI> urls = new ArrayList<>();

    @Option(
            names = "--admin-user",
            paramLabel = "NAME",
            defaultValue = "admin",
            description = "the admin who loads the rules and makes the API keys (default: ${DEFAULT-VALUE})")
    String adminUser = "admin";

    @Option(
            names = "--corpus",
            paramLabel = "DIR",
            description =
                    "the rule corpus (default: ../shared/corpus next to the repository; a built-in set if absent)")
    @Nullable
    Path corpus;

    @Option(
            names = "--server-pids",
            paramLabel = "PID,...",
            converter = ProcessIds.Converter.class,
            description = "the server JVMs (Linux, optional): counts their CPU and reads heap after a full GC")
    ProcessIds serverPids = ProcessIds.NONE;

    @Option(
            names = "--database-pids",
            paramLabel = "PID,...",
            converter = ProcessIds.Converter.class,
            description = "the PostgreSQL processes (Linux, optional): counts their CPU with the server's")
    ProcessIds databasePids = ProcessIds.NONE;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "seed of the random answers (default: ${DEFAULT-VALUE})")
    int seed = 42;

    /**
     * Process ids, comma-separated, given as one value; an empty value names none (scripts pass whatever
     * they found, which may be nothing).
     */
    record ProcessIds(List<Long> ids) {

        static final ProcessIds NONE = new ProcessIds(List.of());

        ProcessIds {
            ids = List.copyOf(ids);
        }

        static final class Converter implements ITypeConverter<ProcessIds> {

            @Override
            public ProcessIds convert(String value) {
                return new ProcessIds(Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .map(Long::parseLong)
                        .toList());
            }
        }
    }
}
