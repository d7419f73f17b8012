package io.streamguard.loadtool.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The rules a run loads: the English bad-word list as keywords and gitleaks' secret regexes, read from
 * the shared corpus folder next to the repository; a small built-in set when that folder is absent.
 */
public record RuleCorpus(
        String source,
        List<String> badWords,
        List<RegexRule> regexes,
        @Nullable String gitleaksToml) {

    /** A regex as the admin API takes it; gitleaks' leading {@code (?i)} becomes the flag {@code i}. */
    public record RegexRule(String name, String pattern, String flags) {}

    static final String BUILT_IN = "built-in (the shared corpus folder was not found)";

    public static RuleCorpus load(Optional<Path> corpus) {
        if (corpus.isEmpty()) {
            return builtIn();
        }
        Path words = corpus.get().resolve("bad-words-en.txt");
        Path gitleaks = corpus.get().resolve("gitleaks-rules.toml");
        if (!Files.isRegularFile(words) || !Files.isRegularFile(gitleaks)) {
            return builtIn();
        }
        try {
            List<String> badWords = Files.readAllLines(words).stream()
                    .map(String::strip)
                    .filter(w -> !w.isEmpty())
                    .distinct()
                    .toList();
            String toml = Files.readString(gitleaks);
            return new RuleCorpus(
                    "shared corpus: bad-words-en.txt, gitleaks-rules.toml", badWords, gitleaksRegexes(toml), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isBuiltIn() {
        return source.equals(BUILT_IN);
    }

    static List<RegexRule> gitleaksRegexes(String toml) {
        JsonNode rules = new TomlMapper().readTree(toml).path("rules");
        var regexes = new ArrayList<RegexRule>();
        for (JsonNode rule : rules) {
            String regex = rule.path("regex").asString("");
            if (regex.isEmpty()) {
                continue;
            }
            String name = "gitleaks " + rule.path("id").asString("rule");
            regexes.add(
                    regex.startsWith("(?i)")
                            ? new RegexRule(name, regex.substring(4), "i")
                            : new RegexRule(name, regex, ""));
        }
        return regexes;
    }

    private static RuleCorpus builtIn() {
        return new RuleCorpus(
                BUILT_IN,
                List.of("damn", "crap", "bloody hell", "project falcon"),
                List.of(
                        new RegexRule("AWS access key", "\\b(?:AKIA|ASIA)[A-Z2-7]{16}\\b", ""),
                        new RegexRule("Private key", "-----BEGIN [A-Z ]*PRIVATE KEY-----", ""),
                        new RegexRule("GitHub token", "ghp_[0-9a-zA-Z]{36}", ""),
                        new RegexRule("Card-like number", "\\b(?:\\d[ -]?){13,16}\\b", "")),
                null);
    }
}
