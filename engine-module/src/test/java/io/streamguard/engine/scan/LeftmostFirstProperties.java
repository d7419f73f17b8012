package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.rules.RuleValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The engine against {@code java.util.regex}, which is leftmost-first like JavaScript: for random patterns,
 * texts and cuttings, the violations after finish, the full check and {@code Matcher.find()} agree span for
 * span; and after every update the action is that of the rules certain at that prefix — those for which
 * {@code java.util.regex} finds a match lying wholly in the prefix whatever comes next (a word char, another
 * char, a line break, or nothing).
 */
class LeftmostFirstProperties {

    private static final String TEXT_CHARS = "abcx1 \n-_";

    private static final Action[] ACTIONS = {Action.ALLOW, Action.WARN, Action.BLOCK};

    /** What may follow a prefix, as far as any assertion can tell. */
    private static final List<String> CONTINUATIONS = List.of("", "a", " ", "\n");

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(TEXT_CHARS.toCharArray()).ofMaxLength(40);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 1000).list().ofMaxSize(10);
    }

    @Property(tries = 10000)
    void streamedVerdictsAndSpansEqualJavaUtilRegex(
            @ForAll("texts") String text, @ForAll("seeds") long seed, @ForAll("cuts") List<Integer> cuts) {
        Random random = new Random(seed);
        List<RuleSpec> specs = new ArrayList<>();
        List<Pattern> references = new ArrayList<>();
        int rules = 1 + random.nextInt(3);
        while (specs.size() < rules) {
            String pattern = RandomPatterns.pattern(random);
            RuleSpec spec = RuleSpec.regex(
                    "r" + specs.size(),
                    pattern,
                    pattern,
                    random.nextInt(4) == 0 ? "i" : "",
                    ACTIONS[random.nextInt(3)]);
            if (RuleValidator.problems(spec).isEmpty()) {
                specs.add(spec);
                references.add(RandomPatterns.reference(pattern, spec.flags()));
            }
        }
        CompiledRuleSet compiled = RuleSetCompiler.compile(1, specs);
        StreamScan scan = compiled.newScan();
        StreamingLawProperties.Ledger ledger = new StreamingLawProperties.Ledger();
        int sent = 0;
        List<Integer> points = new ArrayList<>(
                cuts.stream().map(c -> c % (text.length() + 1)).sorted().toList());
        points.add(text.length());
        for (int cut : points) {
            ScanUpdate update = scan.append(compiled, sent, text.substring(sent, cut));
            ledger.apply(update, scan);
            sent = cut;
            String prefix = text.substring(0, cut);
            Action expected = Action.ALLOW;
            for (int r = 0; r < specs.size(); r++) {
                if (certain(references.get(r), prefix)) {
                    expected = Action.mostSevere(expected, specs.get(r).action());
                }
            }
            assertThat(update.action())
                    .as("action after %s with %s", quoted(prefix), specs)
                    .isEqualTo(expected);
        }
        ledger.apply(scan.finish(compiled), scan);
        List<String> reference = new ArrayList<>();
        for (int r = 0; r < specs.size(); r++) {
            Matcher m = references.get(r).matcher(text);
            while (m.find()) {
                reference.add(specs.get(r).id() + "@" + m.start() + "-" + m.end());
            }
        }
        assertThat(StreamingLawProperties.keys(compiled.check(text)))
                .as("check of %s with %s", quoted(text), specs)
                .containsExactlyInAnyOrderElementsOf(reference);
        assertThat(ledger.live).isEqualTo(StreamingLawProperties.keys(compiled.check(text)));
    }

    /** Whether a match lies wholly in {@code prefix} whatever follows it. */
    static boolean certain(Pattern pattern, String prefix) {
        for (String next : CONTINUATIONS) {
            Matcher m = pattern.matcher(prefix + next);
            m.region(0, prefix.length());
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            if (!m.find()) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }

    /** Random patterns of the portable syntax, and the same patterns for {@code java.util.regex}. */
    static final class RandomPatterns {

        private static final String[] ATOMS = {
            "a", "b", "c", "x", "1", " ", "-", "abc", "xa1", "c-b", "[ab]", "[^a\\n]", "\\d", "\\w", "\\W", ".",
            "[a-c]", "\\n"
        };

        private static final String[] ASSERTIONS = {"\\b", "\\B", "^", "$"};

        /** Patterns with a required literal (a prefilter) and text that may follow it: the scan lags behind. */
        private static final String[] PREFILTERED = {
            "abc[^x]*x",
            "[a-c]{0,4}abc\\d*1",
            "\\w{0,4}xa1[ab]+",
            "c-b.*?x",
            "(?:ab|ba)c[^x]{1,6}?x",
            "xa1[\\s\\S]*?abc",
            "\\bab[ac]{0,3}c\\b"
        };

        static String pattern(Random random) {
            return random.nextInt(4) == 0 ? PREFILTERED[random.nextInt(PREFILTERED.length)] : alternation(random, 3);
        }

        private static String alternation(Random random, int depth) {
            StringBuilder out = new StringBuilder(sequence(random, depth));
            while (random.nextInt(4) == 0) {
                out.append('|').append(sequence(random, depth));
            }
            return out.toString();
        }

        private static String sequence(Random random, int depth) {
            StringBuilder out = new StringBuilder();
            int items = 1 + random.nextInt(4);
            for (int i = 0; i < items; i++) {
                if (random.nextInt(8) == 0) {
                    out.append(ASSERTIONS[random.nextInt(ASSERTIONS.length)]);
                    continue;
                }
                String atom = depth > 0 && random.nextInt(5) == 0
                        ? "(?:" + alternation(random, depth - 1) + ")"
                        : ATOMS[random.nextInt(ATOMS.length)];
                out.append(atom);
                boolean groupIsNullable = atom.startsWith("(?:");
                switch (random.nextInt(10)) {
                    // a repeat whose body may match nothing is left out: engines differ on empty iterations
                    case 0 -> out.append(groupIsNullable ? "" : "*");
                    case 1 -> out.append(groupIsNullable ? "" : "+");
                    case 2 -> out.append('?');
                    case 3 -> out.append(groupIsNullable ? "" : "{1,3}");
                    case 4 -> out.append(groupIsNullable ? "" : "*?");
                    case 5 -> out.append(groupIsNullable ? "" : "+?");
                    case 6 -> out.append("??");
                    default -> {}
                }
            }
            return out.toString();
        }

        /** The pattern in Java's syntax: {@code $} as the end of the text, {@code .} as JavaScript's dot. */
        static Pattern reference(String pattern, String flags) {
            String java = pattern.replace("$", "\\z")
                    .replace(".", "[^\\n\\r\\u2028\\u2029]")
                    .replace(
                            "\\s",
                            "[ \\t\\n\\x0B\\f\\r\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]");
            return Pattern.compile(java, flags.contains("i") ? Pattern.CASE_INSENSITIVE : 0);
        }
    }
}
