package io.streamguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.gitleaks.GitleaksImporter;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the plugin team pays for the SDK: its files as the node serves them (bytes, and gzipped), and the local
 * scan's throughput in Chromium with gitleaks' rules over a realistic text of 262,144 chars, whose answer must
 * be the server engine's. Only printed, not asserted: the machine is shared.
 */
class SdkThroughputIT extends AbstractSdkIT {

    private static final int ROUNDS = 6;

    @Test
    void theBundleSizesAreMeasured() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long total = 0;
        long totalGzip = 0;
        for (String file : List.of("streamguard.js", "streamguard-engine.js", "streamguard.d.ts")) {
            HttpResponse<byte[]> served = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sdk/" + file))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).as("/sdk/%s", file).isEqualTo(200);
            assertThat(served.body()).isNotEmpty();
            int gzip = gzipped(served.body());
            System.out.printf("SDK file /sdk/%s: %,d bytes, %,d gzipped (-9)%n", file, served.body().length, gzip);
            if (file.endsWith(".js")) {
                total += served.body().length;
                totalGzip += gzip;
            }
        }
        System.out.printf(
                "SDK bundle (streamguard.js + streamguard-engine.js): %,d bytes, %,d gzipped%n", total, totalGzip);
    }

    @Test
    void gitleaksRulesScanARealisticTextInThePageAsTheServersEngineDoes() {
        List<RuleSpec> rules = gitleaksRules();
        CompiledRuleSet engine = RuleSetCompiler.compile(1, rules);
        Random random = new Random(262_144);
        StringBuilder big = new StringBuilder();
        while (big.length() < 262_144) {
            big.append(realisticText(random));
        }
        String text = big.substring(0, 262_144);
        List<Violation> expected = engine.check(text);

        openSdkPage();
        JsonNode answer = call("throughput", Map.of("ruleSet", ruleSet(1, rules), "text", text, "rounds", ROUNDS));

        List<String> expectedSpans = new ArrayList<>();
        expected.forEach(v -> expectedSpans.add(
                span(v.ruleId(), v.start(), v.end(), v.action().wireName())));
        expectedSpans.sort(null);
        assertThat(expected).as("the text is dense with credentials").hasSizeGreaterThan(500);
        assertThat(spans(answer.get("violations"))).isEqualTo(expectedSpans);

        long t0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            engine.check(text);
        }
        double jvm = ROUNDS * text.length() / ((System.nanoTime() - t0) / 1e9) / 1e6;
        System.out.printf(
                "SDK local scan in Chromium: %.1f MB/s (gitleaks, %d rules, %,d chars x %d, %,d violations;"
                        + " compile %.0f ms); the same engine on the JVM: %.1f MB/s%n",
                answer.get("charsPerSecond").asDouble() / 1e6,
                rules.size(),
                text.length(),
                ROUNDS,
                expected.size(),
                answer.get("compileMs").asDouble(),
                jvm);
    }

    private static List<RuleSpec> gitleaksRules() {
        Path toml = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && toml == null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus").resolve("gitleaks-rules.toml");
            if (Files.isRegularFile(candidate)) {
                toml = candidate;
            }
        }
        Assumptions.assumeTrue(
                toml != null,
                "skipped: the shared corpus (shared/corpus/gitleaks-rules.toml) is not beside this repository,"
                        + " so the gitleaks rule set is not available");
        try {
            return GitleaksImporter.parse(Files.readString(toml, StandardCharsets.UTF_8))
                    .accepted();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prose with credentials in it, as an LLM might write when asked about configuration. */
    private static String realisticText(Random random) {
        List<String> parts = List.of(
                "Here is how to configure the client. ",
                "Set the environment variable before you start the service.\n",
                "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",
                "github_token = \"ghp_" + alnum(random, 36) + "\"\n",
                "slack: xoxb-" + digits(random, 12) + "-" + digits(random, 12) + "-" + alnum(random, 24) + "\n",
                "-----BEGIN RSA PRIVATE KEY-----\n" + alnum(random, 64) + "\n-----END RSA PRIVATE KEY-----\n",
                "api_key: " + alnum(random, 32) + "\n",
                "The quick brown fox jumps over the lazy dog. ",
                "Then restart the worker and check the logs for errors. ",
                "stripe sk_live_" + alnum(random, 24) + " ",
                "glpat-" + alnum(random, 20) + " ");
        StringBuilder text = new StringBuilder();
        while (text.length() < 4000) {
            text.append(parts.get(random.nextInt(parts.size())));
        }
        return text.toString();
    }

    private static String alnum(Random random, int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(chars.charAt(random.nextInt(chars.length())));
        }
        return s.toString();
    }

    private static String digits(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static int gzipped(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(bytes);
        }
        return out.size();
    }
}
