package io.streamguard.api.rules;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.gitleaks.GitleaksImporter;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import io.streamguard.engine.scan.ScanBudgetExceededException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authoring of rules. Every change validates with the engine's validator, then publishes a new
 * rule-set version (a snapshot of all enabled rules) and a line of the rule's history.
 */
@Service
public class RuleService {

    /** Serialises rule changes cluster-wide, so each version's snapshot includes every earlier change. */
    private static final long RULE_CHANGE_LOCK = 0x5347_5255_4c45L;

    private final Rules rules;
    private final RuleSetVersions versions;
    private final RuleChanges changes;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final int maxRules;
    private final RuleSets ruleSets;

    RuleService(
            Rules rules,
            RuleSetVersions versions,
            RuleChanges changes,
            JdbcClient jdbc,
            JsonMapper json,
            StreamGuardProperties properties,
            RuleSets ruleSets) {
        this.maxRules = properties.limits().maxRules();
        this.ruleSets = ruleSets;
        this.rules = rules;
        this.versions = versions;
        this.changes = changes;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public List<RuleView> list() {
        return rules.findAllByOrderByNameAscIdAsc().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public RuleView get(String id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    public List<RuleHistoryEntry> history(String id) {
        return changes.findAllByRuleIdOrderByIdDesc(id).stream()
                .map(c -> new RuleHistoryEntry(
                        c.ruleId(),
                        c.version(),
                        c.change(),
                        c.changedBy(),
                        c.changedAt(),
                        json.readValue(c.ruleJson(), RuleDefinition.class)))
                .toList();
    }

    /** The problems the engine finds in this rule; empty when it may be saved. */
    public List<String> problems(RuleDefinition definition) {
        try {
            RuleSpec spec = definition.authoredSpec(definition.id() == null ? "new" : definition.id());
            List<String> problems = new java.util.ArrayList<>(RuleValidator.problems(spec));
            if (definition.clientSide() && spec.kind() != RuleKind.KEYWORD && spec.kind() != RuleKind.REGEX) {
                problems.add("only keyword and regex rules can run client-side");
            }
            if (definition.clientSide() && problems.isEmpty()) {
                problems.addAll(RuleValidator.clientSideProblems(spec));
                if (problems.isEmpty()) {
                    problems.addAll(RuleSetCompiler.clientSideCostProblems(spec));
                }
            }
            if (problems.isEmpty() && (spec.kind() == RuleKind.KEYWORD || spec.kind() == RuleKind.SECRET)) {
                problems.addAll(RuleSetCompiler.keywordAutomatonProblems(List.of(spec)));
            }
            return problems;
        } catch (Refusal problem) {
            return List.of(problem.detail());
        }
    }

    /**
     * Runs a rule that is not saved yet over sample text, with the same engine the streams use:
     * the console's test bench. Refused like a save if the rule is invalid.
     */
    public List<Violation> tryOut(RuleDefinition definition, String sample) {
        validate(definition);
        RuleSpec spec = definition.authoredSpec(definition.id() == null ? "draft" : definition.id());
        try {
            return RuleSetCompiler.compile(0, List.of(spec)).check(sample).stream()
                    .map(Violation::of)
                    .toList();
        } catch (ScanBudgetExceededException e) {
            throw new RuleRefusal(ErrorCode.SCAN_BUDGET_EXCEEDED, Refusal.SCAN_BUDGET_EXCEEDED);
        }
    }

    @Transactional
    public RuleView create(RuleDefinition authored, String actor) {
        if (authored.id() != null) {
            throw new RuleRefusal(
                    ErrorCode.INVALID_REQUEST,
                    "The rule is refused: the id is given by the server: " + "leave it out (to change rule "
                            + authored.id() + ", PUT it)");
        }
        validate(authored);
        RuleDefinition definition = authored.canonical();
        lockRuleChanges();
        requireRoomFor(1);
        Instant now = Instant.now();
        Rule rule = new Rule(rules.nextId(), actor, now);
        rule.apply(definition, json.writeValueAsString(definition.keywords()), actor, now);
        rules.saveAndFlush(rule);
        publish(rule.id(), "created", actor, now);
        return view(rule);
    }

    /** What an import took (as new rules, in one new rule-set version) and what it refused, and why. */
    public record ImportReport(List<RuleView> created, List<Refused> refused) {}

    public record Refused(String ruleId, List<String> reasons) {}

    /**
     * Imports a gitleaks configuration (TOML): every rule whose regex the engine accepts becomes a
     * regex rule with the given action; the rest are reported with the validator's reasons.
     */
    @Transactional
    public ImportReport importGitleaks(String toml, Action action, String actor) {
        GitleaksImporter.Import parsed;
        try {
            parsed = GitleaksImporter.parse(toml, action);
        } catch (RuntimeException e) {
            throw new RuleRefusal(ErrorCode.INVALID_REQUEST, "The file is not a gitleaks TOML configuration.");
        }
        lockRuleChanges();
        requireRoomFor(parsed.accepted().size());
        Instant now = Instant.now();
        List<Rule> created = new ArrayList<>();
        for (RuleSpec spec : parsed.accepted()) {
            var definition = new RuleDefinition(
                    null,
                    spec.name(),
                    RuleKind.REGEX.wireName(),
                    spec.pattern(),
                    spec.flags(),
                    List.of(),
                    null,
                    null,
                    spec.action().wireName(),
                    false,
                    true,
                    "Imported from gitleaks rule " + spec.id());
            Rule rule = new Rule(rules.nextId(), actor, now);
            rule.apply(definition, "[]", actor, now);
            created.add(rule);
        }
        rules.saveAllAndFlush(created);
        long version = snapshot(actor, now, true);
        for (Rule rule : created) {
            changes.save(new RuleChange(
                    rule.id(), version, "created", actor, now, json.writeValueAsString(definition(rule))));
        }
        return new ImportReport(
                created.stream().map(this::view).toList(),
                parsed.refused().stream()
                        .map(r -> new Refused(r.ruleId(), r.reasons()))
                        .toList());
    }

    @Transactional
    public RuleView update(String id, RuleDefinition authored, String actor) {
        if (authored.id() != null && !authored.id().equals(id)) {
            throw new RuleRefusal(
                    ErrorCode.INVALID_REQUEST,
                    "The rule is refused: its id " + authored.id() + " is not the id in the path, " + id
                            + ": leave it out or make them equal");
        }
        validate(authored);
        RuleDefinition definition = authored.canonical();
        lockRuleChanges();
        Rule rule = find(id);
        Instant now = Instant.now();
        rule.apply(definition, json.writeValueAsString(definition.keywords()), actor, now);
        rules.saveAndFlush(rule);
        publish(id, "updated", actor, now);
        return view(rule);
    }

    @Transactional
    public RuleView setEnabled(String id, boolean enabled, String actor) {
        RuleDefinition current = definition(find(id));
        return update(
                id,
                new RuleDefinition(
                        null,
                        current.name(),
                        current.kind(),
                        current.pattern(),
                        current.flags(),
                        current.keywords(),
                        current.caseSensitive(),
                        current.wholeWord(),
                        current.action(),
                        current.clientSide(),
                        enabled,
                        current.description()),
                actor);
    }

    @Transactional
    public void delete(String id, String actor) {
        lockRuleChanges();
        Rule rule = find(id);
        RuleDefinition before = definition(rule);
        rules.delete(rule);
        rules.flush();
        long version = snapshot(actor, Instant.now(), false);
        changes.save(new RuleChange(id, version, "deleted", actor, Instant.now(), json.writeValueAsString(before)));
    }

    private void validate(RuleDefinition definition) {
        List<String> problems = problems(definition);
        if (!problems.isEmpty()) {
            throw new RuleRefusal(ErrorCode.INVALID_REQUEST, "The rule is refused: " + String.join("; ", problems))
                    .with("errors", problems);
        }
    }

    private void requireRoomFor(int more) {
        long count = rules.count();
        if (count + more > maxRules) {
            throw new RuleRefusal(
                    ErrorCode.INVALID_REQUEST,
                    "There may be at most " + maxRules + " rules; there are " + count + ". Delete some first.");
        }
    }

    private void lockRuleChanges() {
        jdbc.sql("select pg_advisory_xact_lock(:key)")
                .param("key", RULE_CHANGE_LOCK)
                .query()
                .listOfRows();
    }

    private void publish(String ruleId, String change, String actor, Instant now) {
        long version = snapshot(actor, now, true);
        Rule rule = find(ruleId);
        changes.save(new RuleChange(ruleId, version, change, actor, now, json.writeValueAsString(definition(rule))));
    }

    /**
     * Publishes the enabled rules as a new version. All their keywords share one automaton on every
     * node, so a change that would make it larger than the engine's budget is refused here (the
     * transaction rolls back); a deletion only makes it smaller and is never refused.
     */
    private long snapshot(String actor, Instant now, boolean checkSize) {
        List<RuleDefinition> enabled = rules.findAllByEnabledTrueOrderByIdAsc().stream()
                .map(this::definition)
                .toList();
        if (checkSize) {
            List<String> problems = RuleSetCompiler.keywordAutomatonProblems(enabled.stream()
                    .map(d -> d.toSpec(Objects.requireNonNull(d.id(), "a stored rule has its id")))
                    .toList());
            if (!problems.isEmpty()) {
                throw new RuleRefusal(ErrorCode.INVALID_REQUEST, "The rule is refused: " + String.join("; ", problems))
                        .with("errors", problems);
            }
        }
        long version = versions.saveAndFlush(new RuleSetVersion(actor, now, json.writeValueAsString(enabled)))
                .version();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                ruleSets.announce(version);
            }
        });
        return version;
    }

    private Rule find(String id) {
        return rules.findById(id).orElseThrow(() -> new RuleRefusal(ErrorCode.RULE_NOT_FOUND, "No rule " + id));
    }

    private List<String> keywords(Rule rule) {
        return json.readValue(rule.keywordsJson(), new TypeReference<List<String>>() {});
    }

    private RuleDefinition definition(Rule rule) {
        return new RuleDefinition(
                        rule.id(),
                        rule.name(),
                        rule.kind(),
                        rule.pattern(),
                        rule.flags(),
                        keywords(rule),
                        rule.caseSensitive(),
                        rule.wholeWord(),
                        rule.action(),
                        rule.clientSide(),
                        rule.enabled(),
                        rule.description())
                .meaning();
    }

    /** The rule as it means: a rule saved before every field had one meaning shows the one it has. */
    private RuleView view(Rule rule) {
        RuleDefinition meaning = definition(rule);
        return new RuleView(
                rule.id(),
                rule.name(),
                rule.kind(),
                meaning.pattern(),
                meaning.flags() == null ? "" : meaning.flags(),
                Objects.requireNonNullElse(meaning.keywords(), List.of()),
                Boolean.TRUE.equals(meaning.caseSensitive()),
                Boolean.TRUE.equals(meaning.wholeWord()),
                rule.action(),
                rule.clientSide(),
                rule.enabled(),
                rule.description(),
                rule.createdAt(),
                rule.createdBy(),
                rule.updatedAt(),
                rule.updatedBy());
    }
}
