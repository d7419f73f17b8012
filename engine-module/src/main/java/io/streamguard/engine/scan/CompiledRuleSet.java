package io.streamguard.engine.scan;

import io.streamguard.engine.keyword.KeywordAutomaton;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.rules.RuleSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rule-set version compiled once: immutable and shared by every stream started with it, on any thread.
 * A full check is a new stream fed the whole text in one update and finished, so the streamed verdict and
 * the full verdict agree by construction.
 */
public final class CompiledRuleSet {

    private final long version;

    private final List<RuleSpec> rules;

    private final ScanProgram program;

    private CompiledRuleSet(long version, List<RuleSpec> rules, ScanProgram program) {
        this.version = version;
        this.rules = List.copyOf(rules);
        this.program = program;
    }

    /**
     * The rule set of valid {@code rules}; {@code regexes.get(i)} is the compiled pattern of rule {@code i} when
     * it is a regex rule, and ignored otherwise. {@code RuleSetCompiler} validates and calls this.
     */
    public static CompiledRuleSet of(long version, List<RuleSpec> rules, List<@Nullable PortableRegex> regexes) {
        return new CompiledRuleSet(version, rules, ScanProgram.build(rules, regexes));
    }

    /**
     * The size of the one literal automaton these rules need (their keywords, their regexes' prefilter literals
     * and their secret near keywords), measured without building its tables.
     */
    public static KeywordAutomaton.Size literalAutomatonSize(
            List<RuleSpec> rules, List<@Nullable PortableRegex> regexes) {
        return ScanProgram.literalAutomatonSize(rules, regexes);
    }

    public long version() {
        return version;
    }

    public List<RuleSpec> rules() {
        return rules;
    }

    ScanProgram program() {
        return program;
    }

    /** Bytes of the literal automaton's tables. */
    public long literalBytes() {
        return program.literalBytes();
    }

    public int literalStates() {
        return program.literalStates();
    }

    /** The automaton of every keyword, prefilter literal and near keyword of the set (for measurements). */
    public KeywordAutomaton literalAutomaton() {
        return program.literals;
    }

    public int regexCount() {
        return program.regexCount();
    }

    public int prefilteredRegexCount() {
        return program.prefilteredRegexCount();
    }

    public StreamScan newScan() {
        return StreamScan.start(this);
    }

    /**
     * All violations of a complete text, sorted by start, then rule id.
     *
     * @throws io.streamguard.engine.scan.ScanBudgetExceededException if checking it needs more than one call's
     *         work budget ({@link EngineLimits#workPerScan()})
     */
    public List<Violation> check(String text) {
        StreamScan scan = newScan();
        scan.finish(this, text, EngineLimits.current().workPerScan());
        return scan.violations();
    }
}
