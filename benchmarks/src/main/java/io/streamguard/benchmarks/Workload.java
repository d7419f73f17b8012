package io.streamguard.benchmarks;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.gitleaks.GitleaksImporter;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The realistic workload: the bad-words list as one keyword rule plus every portable gitleaks regex, run over
 * English-like text with a few offending words and secrets sprinkled in. The rule files are read from the
 * shared corpus beside the repository, found by walking up from the working directory.
 */
final class Workload {

    private static final String[] WORDS = ("the of and to in is that it was for on are as with his they at be this "
                    + "have from or one had by word but not what all were we when your can said there use an each which she do "
                    + "how their if will up other about out many then them these so some her would make like him into time has "
                    + "look two more write go see number no way could people my than first water been call who oil its now find "
                    + "long down day did get come made may part model answer stream token output because request server client "
                    + "response example function value return string config deploy password please follow instructions below")
            .split(" ");

    private static final String[] SPRINKLES = {
        "damn",
        "bastard",
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_1234567890abcdefghijABCDEFGHIJ123456",
        "xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJklmn",
        "api_key = \"Zk9q2LmX7pB4vN8rT3yW6s\"",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV"
    };

    /** What the first portable syntax refused: inline or scoped flags, \z, (?P<name>), POSIX classes. */
    private static final java.util.regex.Pattern CLASSIC_REFUSED =
            java.util.regex.Pattern.compile("\\(\\?[a-zA-Z-]+[:)]|\\\\z|\\(\\?P<|\\[\\[:");

    /** A rule whose regex holds a POSIX class (the importer rewrites it, so it is found in the file). */
    private static final java.util.regex.Pattern POSIX_CLASS_RULE =
            java.util.regex.Pattern.compile("id = \"([^\"]+)\"[^\\[]*?regex = '''[^\\n]*\\[\\[:");

    private Workload() {}

    static Path corpus(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("the shared corpus (shared/corpus/" + name
                + ") is not beside this repository: run the benchmarks from the repository root of a full checkout");
    }

    static List<RuleSpec> rules() {
        try {
            List<String> words = Files.readAllLines(corpus("bad-words-en.txt"), StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .distinct()
                    .toList();
            List<RuleSpec> rules = new ArrayList<>();
            rules.add(RuleSpec.keyword("bad-words", "Offensive words", words, false, true, Action.WARN));
            String toml = Files.readString(corpus("gitleaks-rules.toml"));
            List<RuleSpec> gitleaks = GitleaksImporter.parse(toml).accepted();
            if (Boolean.getBoolean("workload.classic")) {
                // the 179 rules the first portable syntax accepted, to compare engines on the same rules
                java.util.Set<String> posix = new java.util.HashSet<>();
                java.util.regex.Matcher m = POSIX_CLASS_RULE.matcher(toml);
                while (m.find()) {
                    posix.add("gitleaks:" + m.group(1));
                }
                gitleaks = gitleaks.stream()
                        .filter(r -> !CLASSIC_REFUSED.matcher(r.pattern()).find() && !posix.contains(r.id()))
                        .toList();
            }
            rules.addAll(gitleaks);
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompiledRuleSet compiled() {
        return RuleSetCompiler.compile(1, rules());
    }

    /** English-like text of about {@code length} chars, one sprinkle about every 400 words. */
    static String text(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(length + 100);
        while (out.length() < length) {
            if (random.nextInt(400) == 0) {
                out.append(SPRINKLES[random.nextInt(SPRINKLES.length)]);
            } else {
                out.append(WORDS[random.nextInt(WORDS.length)]);
            }
            int p = random.nextInt(20);
            out.append(p == 0 ? ". " : p == 1 ? ",\n" : " ");
        }
        out.setLength(length);
        return out.toString();
    }
}
