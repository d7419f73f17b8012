package io.streamguard.api.rules;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.NodeServices;
import io.streamguard.api.rules.PublishedRuleSet.ClientKeywords;
import io.streamguard.api.rules.PublishedRuleSet.ClientRegex;
import io.streamguard.api.rules.PublishedRuleSet.ClientRule;
import io.streamguard.api.rules.PublishedRuleSet.ClientRuleSet;
import io.streamguard.api.rules.PublishedRuleSet.ClientRules;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import io.streamguard.engine.scan.CompiledRuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rule-set versions this node has compiled. A version is immutable, so each is compiled at
 * most once per node; streams start with the newest version this node knows of.
 */
@Service
public class RuleSets implements NodeServices.CompiledRuleSets, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(RuleSets.class);
    private static final TypeReference<List<RuleDefinition>> SNAPSHOT = new TypeReference<>() {};

    private final RuleSetVersions versions;
    private final JsonMapper json;
    private final LoadingCache<Long, PublishedRuleSet> compiled;
    private static final long REREAD_NANOS = 1_000_000_000L;

    private final ITopic<Long> announcements;
    private volatile long latest;
    private volatile long lastReadNanos = System.nanoTime() - REREAD_NANOS - 1;

    RuleSets(RuleSetVersions versions, JsonMapper json, HazelcastInstance hazelcast, StreamGuardProperties properties) {
        this.versions = versions;
        this.json = json;
        // Versions kept compiled are weighed by their keyword automaton (in KiB, at least 1 MiB each), so
        // that many edits of a large keyword list cannot pile up automata: at most twice the budget of
        // one. A version evicted while streams still use it is compiled again when they next need it.
        long budgetKib = 2 * properties.limits().keywordAutomatonBytes() / 1024;
        this.compiled = Caffeine.newBuilder()
                .maximumWeight(budgetKib)
                .weigher((Long version, PublishedRuleSet set) -> (int) Math.min(
                        Integer.MAX_VALUE, Math.max(1024, set.compiled().literalBytes() / 1024)))
                .build(this::load);
        this.announcements = hazelcast.getTopic(ClusterMaps.RULE_SET_ANNOUNCEMENTS);
        this.announcements.addMessageListener(message -> latest = Math.max(latest, message.getMessageObject()));
    }

    /**
     * The newest version. Publishing nodes announce a new version to every member at once; a
     * read from Postgres at most once a second catches anything an announcement missed. While
     * Postgres is away, the newest version this node knows.
     */
    public PublishedRuleSet current() {
        long now = System.nanoTime();
        if (now - lastReadNanos > REREAD_NANOS) {
            try {
                latest = Math.max(latest, versions.latestVersion());
                lastReadNanos = now;
            } catch (DataAccessException | TransactionException e) {
                if (latest == 0) {
                    throw e;
                }
                log.warn(
                        "Rule-set version not readable ({}); using version {}",
                        e.getClass().getSimpleName(),
                        latest);
            }
        }
        return published(latest);
    }

    /** {@code streamguard_rules_version}: the newest version this node knows, so nodes can be compared. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("streamguard.rules.version", this, sets -> sets.latest)
                .description("Newest rule-set version this node knows (0 before its first stream or check)")
                .register(registry);
    }

    /** Called once a new version is committed: this node uses it at once, the others within milliseconds. */
    void announce(long version) {
        latest = Math.max(latest, version);
        announcements.publish(version);
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
        List<ClientRule> clientRuleSet = new ArrayList<>();
        for (RuleDefinition definition : definitions) {
            RuleSpec spec = definition.toSpec(definition.id() == null ? "" : definition.id());
            List<String> problems = RuleValidator.problems(spec);
            if (!problems.isEmpty()) {
                // Saved rules were valid when saved; a stricter engine must not stop a node.
                log.warn("Rule {} of version {} is skipped: {}", spec.id(), version, problems);
                continue;
            }
            specs.add(spec);
            if (definition.clientSide() && costsTooMuchClientSide(spec, version)) {
                continue;
            }
            if (definition.clientSide()) {
                // The SDK's engine is the server's: every client-side rule ships in that form.
                clientRuleSet.add(ClientRule.of(spec));
                switch (spec.kind()) {
                    case REGEX ->
                        clientRegex(spec, definition.action(), version).ifPresent(clientRegex::add);
                    case KEYWORD ->
                        clientKeywords.add(new ClientKeywords(
                                spec.id(),
                                spec.keywords(),
                                spec.caseSensitive(),
                                spec.wholeWord(),
                                definition.action()));
                    default -> {}
                }
            }
        }
        return new PublishedRuleSet(
                version,
                RuleSetCompiler.compile(version, specs),
                new ClientRules(List.copyOf(clientRegex), List.copyOf(clientKeywords)),
                new ClientRuleSet(version, List.copyOf(clientRuleSet)));
    }

    /** A rule saved before the cost check existed, and failing it now, stays server-side only (logged). */
    private boolean costsTooMuchClientSide(RuleSpec spec, long version) {
        List<String> costly = RuleSetCompiler.clientSideCostProblems(spec);
        if (!costly.isEmpty()) {
            log.warn("Rule {} of version {} is not shipped to clients: {}", spec.id(), version, costly);
        }
        return !costly.isEmpty();
    }

    /**
     * The JavaScript form of a client-side regex rule, which means what the engine means (inline flags, \z
     * and the like translated). A rule saved before the backtracking check existed and failing it now stays
     * server-side only rather than stall a browser.
     */
    private Optional<ClientRegex> clientRegex(RuleSpec spec, String action, long version) {
        List<String> unsafe = RuleValidator.clientSideProblems(spec);
        if (!unsafe.isEmpty()) {
            log.warn("Rule {} of version {} is not shipped to clients: {}", spec.id(), version, unsafe);
            return Optional.empty();
        }
        String pattern = Objects.requireNonNull(spec.pattern(), "a regex rule has its pattern");
        if (PortableRegex.compile(pattern, spec.flags()) instanceof PortableRegex.Compiled compiled) {
            PortableRegex regex = compiled.regex();
            return Optional.of(new ClientRegex(spec.id(), regex.clientPattern(), regex.clientFlags(), action));
        }
        return Optional.empty();
    }
}
