package io.streamguard.api.rules;

import io.streamguard.engine.keyword.KeywordAutomaton;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** One rule-set version as a node uses it: compiled for the server, and the plugin's share in both its forms. */
public record PublishedRuleSet(
        long version, CompiledRuleSet compiled, ClientRules clientRules, ClientRuleSet clientRuleSet) {

    /** The client-side rule set, or null for a client that says it holds this version already. */
    public @Nullable ClientRuleSet clientRuleSetUnless(@Nullable Long cachedVersion) {
        return cachedVersion != null && cachedVersion == version ? null : clientRuleSet;
    }

    /**
     * The client-side rules in the engine's own form, for the plugin SDK's compiled engine
     * (docs/sdk.md): the patterns as authored, not their JavaScript form, so the browser runs
     * exactly the server's automata. A client caches it by {@code version}.
     */
    public record ClientRuleSet(long version, List<ClientRule> rules) {}

    public record ClientRule(
            String id,
            String name,

            @Schema(allowableValues = {"regex", "keyword", "credit_card", "iban", "secret"})
            String kind,

            @Nullable String pattern,
            String flags,
            List<String> keywords,
            boolean caseSensitive,
            boolean wholeWord,

            @Schema(allowableValues = {"allow", "warn", "block"})
            String action) {

        public static ClientRule of(RuleSpec spec) {
            return new ClientRule(
                    spec.id(),
                    spec.name(),
                    spec.kind().wireName(),
                    spec.pattern(),
                    Objects.requireNonNullElse(spec.flags(), ""),
                    spec.keywords(),
                    spec.caseSensitive(),
                    spec.wholeWord(),
                    spec.action().wireName());
        }
    }

    /** The rules an admin marked for client-side checks, in the shape API.md gives. */
    public record ClientRules(List<ClientRegex> regex, List<ClientKeywords> keywords) {}

    public record ClientRegex(String id, String pattern, String flags, String action) {}

    /**
     * A keyword rule for the plugin. When {@code caseSensitive} is false, {@code folded} holds the keywords
     * folded as the engine folds them, in the same order, and {@code foldMap} every UTF-16 unit (other than
     * itself) that folds to a unit of them: a plugin that maps each unit of the text through {@code foldMap}
     * (other units stay as they are) and looks for {@code folded} finds what the server finds, at the same
     * offsets (docs/engine.md, "Case folding"). Both are null when {@code caseSensitive} is true.
     */
    public record ClientKeywords(
            String id,
            List<String> keywords,
            boolean caseSensitive,
            boolean wholeWord,
            String action,

            @Schema(
                    description = "caseSensitive false: the keywords folded as the server folds them, same order; "
                            + "else null")
            @Nullable
            List<String> folded,

            @Schema(
                    description = "caseSensitive false: each UTF-16 unit (other than itself) that folds to a unit "
                            + "of folded, and what it folds to; map every unit of the text through it (others stay), "
                            + "then look for folded. Else null")
            @Nullable
            SortedMap<String, String> foldMap) {

        public ClientKeywords(
                String id, List<String> keywords, boolean caseSensitive, boolean wholeWord, String action) {
            this(
                    id,
                    keywords,
                    caseSensitive,
                    wholeWord,
                    action,
                    caseSensitive
                            ? null
                            : keywords.stream().map(KeywordAutomaton::fold).toList(),
                    caseSensitive ? null : foldMap(keywords));
        }

        private static SortedMap<String, String> foldMap(List<String> keywords) {
            Set<Character> units = new HashSet<>();
            for (String keyword : keywords) {
                for (char c : KeywordAutomaton.fold(keyword).toCharArray()) {
                    units.add(c);
                }
            }
            SortedMap<String, String> map = new TreeMap<>();
            KeywordAutomaton.foldsInto(units).forEach((from, to) -> map.put(from.toString(), to.toString()));
            return map;
        }
    }
}
