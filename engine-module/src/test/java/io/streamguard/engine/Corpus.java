package io.streamguard.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared real-world corpus (gitleaks rules, a bad-words list), read where it lies: in a
 * {@code shared/corpus} folder beside the repository, found by walking up from the working directory.
 * It is never copied into the repository; where it is absent, the tests that need it are skipped.
 */
public final class Corpus {

    private Corpus() {}

    public static Path file(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("skipped: the shared corpus (shared/corpus/" + name
                + ") is not beside this repository, so the real-world rule sets are not available");
        throw new AssertionError("unreachable");
    }

    public static String gitleaksToml() {
        return read(file("gitleaks-rules.toml"));
    }

    public static List<String> badWords() {
        return read(file("bad-words-en.txt"))
                .lines()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
