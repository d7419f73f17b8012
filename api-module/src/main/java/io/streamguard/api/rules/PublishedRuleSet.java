package io.streamguard.api.rules;

import java.util.List;

import io.streamguard.engine.compile.CompiledRuleSet;

/** One rule-set version as a node uses it: compiled for the server, and the plugin's share. */
public record PublishedRuleSet(long version, CompiledRuleSet compiled, ClientRules clientRules) {

    /** The rules an admin marked for client-side checks, in the shape API.md gives. */
    public record ClientRules(List<ClientRegex> regex, List<ClientKeywords> keywords) {
    }

    public record ClientRegex(String id, String pattern, String flags, String action) {
    }

    public record ClientKeywords(String id, List<String> keywords, boolean caseSensitive, boolean wholeWord,
            String action) {
    }
}
