package io.streamguard.loadtool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Entry point: {@code java -jar load-tool/target/load-tool.jar <run|suite|profile> [--option value]...}. */
@Command(
        name = "java -jar load-tool/target/load-tool.jar",
        usageHelpAutoWidth = true,
        description = "StreamGuard load tool: simulated browser plugins against running nodes on this machine.",
        subcommands = {RunCommand.class, SuiteCommand.class, ProfileCommand.class, HelpCommand.class},
        footer = {
            "",
            "The admin password comes from the environment variable STREAMGUARD_ADMIN_PASSWORD.",
            "Each command has its own help, e.g. `help suite` or `suite --help`."
        })
public final class LoadTool implements Runnable {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as the tool parses it; a repeated option or an unknown one is refused. */
    static CommandLine commandLine() {
        return new CommandLine(new LoadTool())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(false)
                .setUnmatchedArgumentsAllowed(false);
    }

    /** Without a command: the overview of the commands, as before. */
    @Override
    public void run() {
        commandLine().usage(System.out);
    }

    static void writeJson(@Nullable Path file, Object value) throws IOException {
        if (file != null) {
            var json = JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build();
            Files.writeString(file, json.writeValueAsString(value));
            System.out.println("wrote " + file);
        }
    }
}
