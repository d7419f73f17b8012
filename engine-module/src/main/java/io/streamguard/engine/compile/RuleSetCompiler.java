package io.streamguard.engine.compile;

import io.streamguard.engine.keyword.KeywordAutomaton;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.rules.RuleKind;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.ScanBudgetExceededException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
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

    /**
     * Steps per char a client-side regex may cost on text it does not match. The browser runs the same engine
     * five to ten times slower than a server's JVM, on the page's own thread. Realistic rules cost 2 to 5 (all
     * of gitleaks' rules that may run client-side); counted repeats over broad classes that keep hundreds of NFA
     * positions alive cost 50 to 800, which in a page is tens of kilobytes a second down to one.
     */
    public static final int CLIENT_STEPS_PER_CHAR = 20;

    private static final int PROBE_CHARS = 4_096;

    private static final List<String> PROBE_ALPHABETS = List.of(
            "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_/=+'\"\n",
            "abcdefghijklmnopqrstuvwxyz",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/");

    /**
     * What keeps a valid regex rule from running client-side because of its cost per char: the rule alone over
     * probe texts (prose-like, one long word, base64-like, and the chars its own pattern names), within
     * {@link #CLIENT_STEPS_PER_CHAR} steps a char. Steps, not time: the answer is the same on every machine.
     */
    public static List<String> clientSideCostProblems(RuleSpec rule) {
        String pattern = rule.pattern();
        if (rule.kind() != RuleKind.REGEX
                || pattern == null
                || !RuleValidator.problems(rule).isEmpty()) {
            return List.of();
        }
        CompiledRuleSet alone = compile(0, List.of(rule));
        Random random = new Random(pattern.hashCode());
        List<String> alphabets = new ArrayList<>(PROBE_ALPHABETS);
        String own = pattern.chars()
                .filter(c -> c > 0x20 && c < 0x7f && "\\[](){}|?*+^$.".indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        if (!own.isEmpty()) {
            alphabets.add(own);
        }
        for (String alphabet : alphabets) {
            String probe = randomText(random, alphabet);
            try {
                alone.newScan().finish(alone, probe, (long) CLIENT_STEPS_PER_CHAR * probe.length());
            } catch (ScanBudgetExceededException e) {
                return List.of(String.format(
                        Locale.ROOT,
                        "the pattern costs more than %d steps a char on text it does not match (its counted repeats"
                                + " over broad classes keep hundreds of positions alive): in a browser that is seconds"
                                + " per 100 KB on the page's own thread; use smaller bounds or an unbounded repeat"
                                + " ({1,1000} → +), or keep the rule server-side (clientSide false)",
                        CLIENT_STEPS_PER_CHAR));
            }
        }
        return List.of();
    }

    private static String randomText(Random random, String alphabet) {
        StringBuilder text = new StringBuilder(PROBE_CHARS);
        for (int i = 0; i < PROBE_CHARS; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
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
