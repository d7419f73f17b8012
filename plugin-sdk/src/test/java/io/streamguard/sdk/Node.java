package io.streamguard.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a script against the compiled engine in one {@code node} process: the script sees the bundle's exports as
 * {@code sg}, defines {@code function main(input, out)}, gets one JSON document from stdin and writes one with
 * {@code out(x)}. A missing {@code node} fails the test, with a sentence saying so.
 */
final class Node {

    /** Non-ASCII as {@code \\uXXXX}, so that a lone surrogate in a text reaches JavaScript as itself. */
    static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** Where the build put the compiled engine (process-classes runs before the tests). */
    static final Path BUNDLE = Path.of("target", "classes", "META-INF", "resources", "sdk", "streamguard-engine.js")
            .toAbsolutePath();

    private static final String PRELUDE = """
            const chunks = [];
            process.stdin.on('data', c => chunks.push(c));
            process.stdin.on('end', () => {
              const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              const out = x => process.stdout.write(JSON.stringify(x));
              main(input, out);
            });
            """;

    private Node() {}

    static JsonNode run(String script, Object input) {
        if (!Files.isRegularFile(BUNDLE)) {
            throw new AssertionError("the compiled engine " + BUNDLE + " is missing: build with mvn verify");
        }
        String program =
                "const sg = require(" + JSON.writeValueAsString(BUNDLE.toString()) + ");\n" + script + "\n" + PRELUDE;
        Process process;
        try {
            process = new ProcessBuilder(List.of("node", "-e", program)).start();
        } catch (IOException e) {
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
        }
    }
}
