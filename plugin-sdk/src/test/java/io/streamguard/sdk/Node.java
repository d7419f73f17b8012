package io.streamguard.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a script against the compiled engine and the SDK in one {@code node} process: the script sees the bundle's
 * exports as {@code sg} and the SDK's ({@code streamguard.js}) as {@code sdk}, defines {@code function main(input,
 * out)} (which may be {@code async}), gets one JSON document from stdin and writes one with {@code out(x)}. Both are
 * ES modules, which node loads as such from a directory whose {@code package.json} says {@code "type": "module"}: the
 * script runs in a copy of the built {@code sdk} directory with that file beside it. A missing {@code node} fails
 * the test, with a sentence saying so.
 */
final class Node {

    /** Non-ASCII as {@code \\uXXXX}, so that a lone surrogate in a text reaches JavaScript as itself. */
    static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** Where the build put the compiled engine and the SDK (process-classes runs before the tests). */
    static final Path SDK =
            Path.of("target", "classes", "META-INF", "resources", "sdk").toAbsolutePath();

    static final Path BUNDLE = SDK.resolve("streamguard-engine.js");

    private static final String HEADER = """
            import * as sg from './streamguard-engine.js';
            import * as sdk from './streamguard.js';
            """;

    private static final String PRELUDE = """
            const chunks = [];
            process.stdin.on('data', c => chunks.push(c));
            process.stdin.on('end', async () => {
              const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              const out = x => process.stdout.write(JSON.stringify(x));
              await main(input, out);
            });
            """;

    private Node() {}

    static JsonNode run(String script, Object input) {
        if (!Files.isRegularFile(BUNDLE)) {
            throw new AssertionError("the compiled engine " + BUNDLE + " is missing: build with mvn verify");
        }
        Path dir = moduleDirectory(HEADER + script + "\n" + PRELUDE);
        Process process;
        try {
            process = new ProcessBuilder(List.of("node", "main.js"))
                    .directory(dir.toFile())
                    .start();
        } catch (IOException e) {
            delete(dir);
            throw new AssertionError(
                    "node (v18 or newer) runs the compiled engine in this test and was not found on the PATH: "
                            + "install Node.js",
                    e);
        }
        try {
            byte[] json = JSON.writeValueAsBytes(input);
            Thread writer = Thread.ofVirtual().start(() -> {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(json);
                } catch (IOException e) {
                    // node died early; its stderr says why
                }
            });
            byte[] stdout = process.getInputStream().readAllBytes();
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("node failed: " + stderr);
            }
            writer.join();
            return JSON.readTree(stdout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new AssertionError("talking to node failed", e);
        } finally {
            process.destroy();
            delete(dir);
        }
    }

    /** A temporary copy of the built {@code sdk} directory, as a directory of ES modules, with the script. */
    private static Path moduleDirectory(String program) {
        try {
            Path dir = Files.createTempDirectory("streamguard-sdk-");
            try (Stream<Path> files = Files.list(SDK)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            Files.writeString(dir.resolve("package.json"), "{\"type\": \"module\"}\n");
            Files.writeString(dir.resolve("main.js"), program);
            return dir;
        } catch (IOException e) {
            throw new AssertionError("could not prepare the scripts for node", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary directory left behind harms nothing
        }
    }
}
