package io.streamguard.loadtool.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an admin does before the plugins come: loads the rule set and creates API clients. Rules the tool
 * created earlier on the same server are recognised by name and not loaded twice.
 * <p>
 * Setup makes as few admin calls as it can, since each pays the bcrypt check of HTTP Basic (about 70 ms
 * of server CPU): the bad-word list is one keyword rule, and gitleaks' regexes go in through the bulk
 * import endpoint in one call. All of it happens before any measured window.
 */
public final class ServerSetup {

    /** How the rule import went: the server refuses patterns its validator finds unsafe or non-portable. */
    public record RulesLoaded(
            String source,
            int keywordRules,
            int keywords,
            int regexesAccepted,
            int regexesRefused,
            boolean alreadyPresent) {}

    static final String PREFIX = "load-tool: ";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final StreamGuardHttp admin;

    public ServerSetup(StreamGuardHttp admin) {
        this.admin = admin;
    }

    public RulesLoaded loadRules(RuleCorpus corpus) {
        StreamGuardHttp.Reply existing = admin.getAsAdmin("/v1/admin/rules");
        require(existing, "list rules");
        boolean present = false;
        int regexes = 0;
        for (JsonNode rule : JSON.readTree(existing.body())) {
            present |= rule.path("name").asString("").equals(PREFIX + "offensive language");
            regexes += "regex".equals(rule.path("kind").asString("")) ? 1 : 0;
        }
        if (present) {
            return new RulesLoaded(corpus.source(), 1, corpus.badWords().size(), regexes, 0, true);
        }
        var keywordRule = new LinkedHashMap<String, Object>();
        keywordRule.put("name", PREFIX + "offensive language");
        keywordRule.put("kind", "keyword");
        keywordRule.put("keywords", corpus.badWords());
        keywordRule.put("caseSensitive", false);
        keywordRule.put("wholeWord", true);
        keywordRule.put("action", "warn");
        require(admin.postAsAdmin("/v1/admin/rules", JSON.writeValueAsString(keywordRule)), "create the keyword rule");
        if (corpus.gitleaksToml() != null) {
            StreamGuardHttp.Reply imported = admin.postAsAdmin(
                    "/v1/admin/rules/import/gitleaks?action=block", corpus.gitleaksToml(), "application/toml");
            require(imported, "import the gitleaks rules");
            JsonNode report = JSON.readTree(imported.body());
            return new RulesLoaded(
                    corpus.source(),
                    1,
                    corpus.badWords().size(),
                    report.path("created").size(),
                    report.path("refused").size(),
                    false);
        }
        int accepted = 0;
        int refused = 0;
        for (RuleCorpus.RegexRule regex : corpus.regexes()) {
            var rule = new LinkedHashMap<String, Object>();
            rule.put("name", PREFIX + regex.name());
            rule.put("kind", "regex");
            rule.put("pattern", regex.pattern());
            rule.put("flags", regex.flags());
            rule.put("action", "block");
            StreamGuardHttp.Reply reply = admin.postAsAdmin("/v1/admin/rules", JSON.writeValueAsString(rule));
            if (reply.isSuccess()) {
                accepted++;
            } else if (reply.status() == 400) {
                refused++;
            } else {
                require(reply, "create rule " + regex.name());
            }
        }
        return new RulesLoaded(corpus.source(), 1, corpus.badWords().size(), accepted, refused, false);
    }

    public List<String> createApiKeys(int count, String label) {
        var keys = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            StreamGuardHttp.Reply reply = admin.postAsAdmin(
                    "/v1/admin/api-clients", JSON.writeValueAsString(Map.of("name", PREFIX + label + " " + (i + 1))));
            require(reply, "create an API client");
            keys.add(JSON.readTree(reply.body()).path("apiKey").asString());
        }
        return keys;
    }

    private static void require(StreamGuardHttp.Reply reply, String what) {
        if (!reply.isSuccess()) {
            throw new IllegalStateException("could not " + what + ": HTTP " + reply.status() + " " + reply.body());
        }
    }
}
