package io.streamguard.engine.compile;

import io.streamguard.engine.keyword.KeywordAutomaton;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import io.streamguard.engine.scan.CompiledRuleSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Validates every rule of a set and compiles the set once into a {@link CompiledRuleSet}. */
public final class RuleSetCompiler {

    private RuleSetCompiler() {}

    /** @throws InvalidRuleException for the first invalid rule, naming all of its problems */
    public static CompiledRuleSet compile(long version, List<RuleSpec> rules) throws InvalidRuleException {
        Set<String> ids = new HashSet<>();
        List<@Nullable PortableRegex> regexes = new ArrayList<>();
        for (RuleSpec rule : rules) {
            List<String> problems = new ArrayList<>(RuleValidator.problems(rule));
            if (!ids.add(rule.id())) {
                problems.add("the rule id '" + rule.id() + "' is used twice in the set: give each rule its own id");
            }
            if (!problems.isEmpty()) {
                throw new InvalidRuleException(rule.id(), problems);
            }
            regexes.add(compiledRegex(rule));
        }
        return CompiledRuleSet.of(version, rules, regexes);
    }

    /**
     * What is wrong with the size of the one keyword automaton that all keywords of these rules share (with
     * their regexes' prefilter literals and secret near keywords): empty when it fits
     * {@link KeywordAutomaton#maxBytes()}. The rules must each be valid. A rule store checks this for the
     * enabled rules on every change, so that a saved rule set always compiles within the budget.
     */
    public static List<String> keywordAutomatonProblems(List<RuleSpec> rules) {
        List<@Nullable PortableRegex> regexes = new ArrayList<>();
        for (RuleSpec rule : rules) {
            regexes.add(compiledRegex(rule));
        }
        KeywordAutomaton.Size size = CompiledRuleSet.literalAutomatonSize(rules, regexes);
        if (size.withinBudget()) {
            return List.of();
        }
        return List.of(String.format(
                Locale.ROOT,
                "the keywords would need a keyword automaton of %.1f MiB (%,d states over %,d distinct chars), "
                        + "more than the %.1f MiB allowed (keyword-automaton-bytes): all keywords of all enabled "
                        + "rules share one automaton, so use fewer or shorter keywords, or fewer distinct "
                        + "characters, or disable other keyword rules",
                size.bytes() / 1048576.0,
                size.states(),
                size.alphabet() - 1,
                KeywordAutomaton.maxBytes() / 1048576.0));
    }

    /** The regex of a valid rule, compiled; null for every other kind. */
    private static @Nullable PortableRegex compiledRegex(RuleSpec rule) {
        if (rule.kind() != RuleKind.REGEX) {
            return null;
        }
        String pattern = Objects.requireNonNull(rule.pattern(), "a valid regex rule has a pattern");
        return PortableRegex.compile(pattern, rule.flags()) instanceof PortableRegex.Compiled c ? c.regex() : null;
    }
}
