package io.streamguard.engine.js;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs JavaScript in one {@code node} process: the script reads one JSON document on stdin and writes one on
 * stdout. A missing {@code node} fails the test that needs it, with a sentence saying so.
 */
public final class NodeRunner {

    /** Non-ASCII as {@code \\uXXXX}, so that a lone surrogate in a text reaches JavaScript as itself. */
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** Reads all of stdin as JSON into {@code input}; the caller's script writes its answer with {@code out(x)}. */
    private static final String PRELUDE = """
			const chunks = [];
			process.stdin.on('data', c => chunks.push(c));
			process.stdin.on('end', () => {
			  const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			  const out = x => process.stdout.write(JSON.stringify(x));
			  main(input, out);
			});
			""";

    private NodeRunner() {}

    /** Runs {@code script}, which defines {@code function main(input, out)}, on {@code input}. */
    public static JsonNode run(String script, Object input) {
        Process process;
        try {
            process = new ProcessBuilder(List.of("node", "-e", script + "\n" + PRELUDE))
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "node (JavaScript, v18 or newer) is needed for the JavaScript differential "
                            + "test and was not found on the PATH: install Node.js",
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

    /**
     * For each case {@code {p, f, t}}, the spans {@code [start, end, start, end, …]} of
     * {@code [...t.matchAll(new RegExp(p, f + "g"))]}, or a string if the pattern does not compile.
     */
    public static final String MATCH_ALL = """
			function main(cases, out) {
			  out(cases.map(c => {
			    let re;
			    try { re = new RegExp(c.p, c.f + 'g'); } catch (e) { return 'SyntaxError: ' + e.message; }
			    const spans = [];
			    for (const m of c.t.matchAll(re)) { spans.push(m.index, m.index + m[0].length); }
			    return spans;
			  }));
			}
			""";
}
