package io.streamguard.engine.gitleaks;

import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Imports the regex rules of a gitleaks configuration file ({@code [[rules]]} with {@code id} and
 * {@code regex}) as portable regex rules.
 *
 * <p>gitleaks patterns are RE2 (Go). The portable syntax reads RE2's inline flags, {@code \z} and
 * {@code (?P<name>…)} itself; the importer adds two rewrites: a leading {@code (?i)} becomes the i flag, and
 * RE2's POSIX classes inside brackets ({@code [[:alnum:]]}) become the ASCII ranges RE2 gives them. A rule the
 * validator refuses is listed with its reasons, not imported. Rules without a {@code regex} (path-only rules)
 * are skipped. Allowlists, entropy thresholds and keywords are not imported: the engine derives its own
 * prefilter literals from the pattern.
 */
public final class GitleaksImporter {

    private static final ObjectMapper TOML = TomlMapper.builder().build();

    private GitleaksImporter() {}

    public record Import(List<RuleSpec> accepted, List<Refusal> refused) {

        public Import {
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
        }
    }

    public record Refusal(String ruleId, List<String> reasons) {

        public Refusal {
            reasons = List.copyOf(reasons);
        }
    }

    /** Imports with action {@code BLOCK}, each rule's id prefixed {@code gitleaks:}. */
    public static Import parse(String toml) {
        return parse(toml, Action.BLOCK);
    }

    public static Import parse(String toml, Action action) {
        JsonNode root = TOML.readTree(toml);
        List<RuleSpec> accepted = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (JsonNode rule : root.path("rules")) {
            String id = rule.path("id").asString("");
            JsonNode regex = rule.get("regex");
            if (regex == null || !regex.isString()) {
                continue;
            }
            String pattern = posixClasses(regex.asString());
            String flags = "";
            if (pattern.startsWith("(?i)")) {
                pattern = pattern.substring(4);
                flags = "i";
            }
            String description = rule.path("description").asString(id);
            RuleSpec spec = RuleSpec.regex("gitleaks:" + id, name(id, description), pattern, flags, action);
            List<String> problems = RuleValidator.problems(spec);
            if (problems.isEmpty()) {
                accepted.add(spec);
            } else {
                refused.add(new Refusal(id, problems));
            }
        }
        return new Import(accepted, refused);
    }

    /** RE2's ASCII POSIX classes, by name. */
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "0-9A-Za-z"),
            Map.entry("alpha", "A-Za-z"),
            Map.entry("ascii", "\\x00-\\x7F"),
            Map.entry("blank", "\\t "),
            Map.entry("cntrl", "\\x00-\\x1F\\x7F"),
            Map.entry("digit", "0-9"),
            Map.entry("graph", "!-~"),
            Map.entry("lower", "a-z"),
            Map.entry("print", " -~"),
            Map.entry("punct", "!-\\/:-@\\[-`{-~"),
            Map.entry("space", "\\t\\n\\x0B\\f\\r "),
            Map.entry("upper", "A-Z"),
            Map.entry("word", "0-9A-Za-z_"),
            Map.entry("xdigit", "0-9A-Fa-f"));

    /**
     * Replaces {@code [:name:]} inside a bracket class by its ranges; anything else (a negated {@code [:^name:]},
     * an unknown name) is left for the validator to refuse.
     */
    static String posixClasses(String pattern) {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                out.append(c).append(pattern.charAt(++i));
                continue;
            }
            if (inClass && c == '[' && pattern.startsWith("[:", i)) {
                int close = pattern.indexOf(":]", i + 2);
                String ranges = close < 0 ? null : POSIX.get(pattern.substring(i + 2, close));
                if (ranges != null) {
                    out.append(ranges);
                    i = close + 1;
                    continue;
                }
            }
            if (!inClass && c == '[') {
                inClass = true;
                out.append(c);
                // a ']' first in the class (after an optional '^') is a literal
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
                    out.append(']');
                    i++;
                }
                continue;
            }
            if (inClass && c == ']') {
                inClass = false;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String name(String id, String description) {
        String name = id.isEmpty() ? description : id;
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
