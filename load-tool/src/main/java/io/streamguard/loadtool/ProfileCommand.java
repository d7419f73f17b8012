package io.streamguard.loadtool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The hot methods of a JFR recording of a server. */
@Command(
        name = "profile",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = "The hot methods of a JFR recording of a server.")
final class ProfileCommand implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "RECORDING.jfr", description = "the recording")
    @Nullable
    Path recording;

    @Option(names = "--markdown", paramLabel = "FILE", description = "also write the summary to this file")
    @Nullable
    Path markdown;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "15",
            description = "how many methods (default: ${DEFAULT-VALUE})")
    int limit = 15;

    @Override
    public Integer call() throws Exception {
        if (recording == null) {
            throw new IllegalStateException("no recording given");
        }
        String summary = HotMethods.summarize(recording, "io.streamguard", limit);
        System.out.print(summary);
        if (markdown != null) {
            Files.writeString(markdown, summary);
        }
        return 0;
    }
}
