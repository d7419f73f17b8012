package io.streamguard.api.rules;

import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.streamguard.api.cluster.NodeServices;
import io.streamguard.api.rules.PublishedRuleSet.ClientKeywords;
import io.streamguard.api.rules.PublishedRuleSet.ClientRegex;
import io.streamguard.api.rules.PublishedRuleSet.ClientRules;
import io.streamguard.engine.compile.CompiledRuleSet;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rule-set versions this node has compiled. A version is immutable, so each is compiled at
 * most once per node; the newest version is read from Postgres at every stream start, which
 * makes a rule change live for new streams on every node at once.
 */
@Service
public class RuleSets implements NodeServices {

    private static final Logger log = LoggerFactory.getLogger(RuleSets.class);
    private static final TypeReference<List<RuleDefinition>> SNAPSHOT = new TypeReference<>() {
    };

    private final RuleSetVersions versions;
    private final JsonMapper json;
    private final LoadingCache<Long, PublishedRuleSet> compiled;
    private volatile long latestSeen;

    RuleSets(RuleSetVersions versions, JsonMapper json) {
        this.versions = versions;
        this.json = json;
        this.compiled = Caffeine.newBuilder().maximumSize(64).build(this::load);
    }

    /**
     * The newest version, read from Postgres so every node agrees at once; while Postgres is
     * away, the newest this node has seen, so streams can still start.
     */
    public PublishedRuleSet current() {
        long version;
        try {
            version = versions.latestVersion();
            latestSeen = Math.max(latestSeen, version);
        }
        catch (DataAccessException | TransactionException e) {
            if (latestSeen == 0) {
                throw e;
            }
            log.warn("Rule-set version not readable ({}); using version {}", e.getClass().getSimpleName(), latestSeen);
            version = latestSeen;
        }
        return published(version);
    }

    public PublishedRuleSet published(long version) {
        return compiled.get(version);
    }

    @Override
    public CompiledRuleSet ruleSet(long version) {
        return published(version).compiled();
    }

    private PublishedRuleSet load(long version) {
        RuleSetVersion snapshot = versions.findById(version)
                .orElseThrow(() -> new IllegalStateException("Unknown rule-set version " + version));
        List<RuleDefinition> definitions = json.readValue(snapshot.rulesJson(), SNAPSHOT);
        List<RuleSpec> specs = new ArrayList<>();
        List<ClientRegex> clientRegex = new ArrayList<>();
        List<ClientKeywords> clientKeywords = new ArrayList<>();
        for (RuleDefinition definition : definitions) {
            RuleSpec spec = definition.toSpec(definition.id() == null ? "" : definition.id());
            List<String> problems = RuleValidator.problems(spec);
            if (!problems.isEmpty()) {
                // Saved rules were valid when saved; a stricter engine must not stop a node.
                log.warn("Rule {} of version {} is skipped: {}", spec.id(), version, problems);
                continue;
            }
            specs.add(spec);
            if (definition.clientSide()) {
                switch (spec.kind()) {
                    case REGEX -> clientRegex.add(new ClientRegex(spec.id(), spec.pattern(), spec.flags(),
                            definition.action()));
                    case KEYWORD -> clientKeywords.add(new ClientKeywords(spec.id(), spec.keywords(),
                            spec.caseSensitive(), spec.wholeWord(), definition.action()));
                    default -> {
                    }
                }
            }
        }
        return new PublishedRuleSet(version, RuleSetCompiler.compile(version, specs),
                new ClientRules(List.copyOf(clientRegex), List.copyOf(clientKeywords)));
    }
}
