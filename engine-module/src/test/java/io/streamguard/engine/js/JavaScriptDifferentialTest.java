package io.streamguard.engine.js;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.Corpus;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.gitleaks.GitleaksImporter;
import io.streamguard.engine.regex.BacktrackingRisk;
import io.streamguard.engine.regex.Node;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.regex.RegexSampler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shipped client form, run by JavaScript itself ({@code node}), against the engine: for random portable
 * patterns over a small alphabet full of case-folding traps, and for gitleaks' rules over texts built to match
 * them, {@code [...t.matchAll(new RegExp(clientPattern, clientFlags + "g"))]} must give the engine's spans.
 * Where Java reads the author's pattern the same way, {@code java.util.regex} {@code find()} must agree too:
 * that checks the parser, not just the printer.
 */
class JavaScriptDifferentialTest {

    /** One text checked against one pattern. */
    record Case(
            String pattern,
            String flags,
            String clientPattern,
            String clientFlags,
            String text,
            List<Integer> engine,
            List<Integer> java,
            String kind) {}

    private static final List<Case> cases = new ArrayList<>();

    private static final List<List<Integer>> javascript = new ArrayList<>();

    private static int randomPatterns;

    private static int refusedPatterns;

    private static int unsafePatterns;

    private static double nodeSeconds;

    @BeforeAll
    static void runEverythingOnceInNode() {
        long started = System.nanoTime();
        Random random = new Random(20261130);
        while (randomPatterns < 3000) {
            String flags = randomFlags(random);
            String pattern = randomPattern(random);
            if (!(PortableRegex.compile(pattern, flags) instanceof PortableRegex.Compiled compiled)) {
                refusedPatterns++;
                continue;
            }
            // only what may ship: a pattern that can backtrack exponentially would stall node, as it would a browser
            if (!BacktrackingRisk.problems(compiled.regex().tree()).isEmpty()) {
                unsafePatterns++;
                continue;
            }
            randomPatterns++;
            CompiledRuleSet engine = engine(compiled.regex());
            for (int k = 0; k < 4; k++) {
                String text = randomText(random);
                if (random.nextInt(3) == 0) {
                    text = text + RegexSampler.sample(pattern, flags, random) + randomText(random);
                }
                addCase(compiled.regex(), engine, text);
            }
        }
        GitleaksImporter.Import imported = GitleaksImporter.parse(Corpus.gitleaksToml());
        for (RuleSpec rule : imported.accepted()) {
            PortableRegex regex =
                    ((PortableRegex.Compiled) PortableRegex.compile(rule.pattern(), rule.flags())).regex();
            CompiledRuleSet engine = engine(regex);
            for (int k = 0; k < 6; k++) {
                String text = randomText(random)
                        + RegexSampler.sample(rule.pattern(), rule.flags(), random)
                        + randomText(random);
                addCase(regex, engine, text);
            }
        }
        long engineDone = System.nanoTime();
        List<Map<String, String>> input = new ArrayList<>();
        for (Case c : cases) {
            input.add(Map.of("p", c.clientPattern(), "f", c.clientFlags(), "t", c.text()));
        }
        JsonNode answers = NodeRunner.run(NodeRunner.MATCH_ALL, input);
        long nodeDone = System.nanoTime();
        for (JsonNode answer : answers) {
            List<Integer> spans = new ArrayList<>();
            if (answer.isString()) {
                spans.add(-1);
            } else {
                answer.forEach(n -> spans.add(n.asInt()));
            }
            javascript.add(spans);
        }
        nodeSeconds = (nodeDone - engineDone) / 1e9;
        System.out.printf(
                "JavaScript differential: %d random patterns (%d refused as invalid, %d as unsafe "
                        + "client-side), %d gitleaks rules, %d cases; engine %.1f s, node %.1f s%n",
                randomPatterns,
                refusedPatterns,
                unsafePatterns,
                imported.accepted().size(),
                cases.size(),
                (engineDone - started) / 1e9,
                nodeSeconds);
    }

    private static CompiledRuleSet engine(PortableRegex regex) {
        return RuleSetCompiler.compile(
                1, List.of(RuleSpec.regex("r", "r", regex.pattern(), regex.flags(), Action.WARN)));
    }

    private static void addCase(PortableRegex regex, CompiledRuleSet rules, String text) {
        List<Integer> engine = new ArrayList<>();
        rules.check(text).forEach(v -> {
            engine.add(v.start());
            engine.add(v.end());
        });
        cases.add(new Case(
                regex.pattern(),
                regex.flags(),
                regex.clientPattern(),
                regex.clientFlags(),
                text,
                engine,
                JavaReading.spans(regex.pattern(), regex.flags(), text),
                kind(regex.tree())));
    }

    @Test
    void everyClientFormCompilesInJavaScript() {
        for (int i = 0; i < cases.size(); i++) {
            assertThat(javascript.get(i))
                    .as(
                            "client form /%s/%s of %s",
                            cases.get(i).clientPattern(),
                            cases.get(i).clientFlags(),
                            cases.get(i).pattern())
                    .doesNotContain(-1);
        }
        assertThat(cases).hasSizeGreaterThan(5000);
    }

    @Test
    void patternsThatMayShipRunQuicklyInABacktrackingEngine() {
        // about a second is node's start and JSON; minutes would mean a pattern that passed the check backtracks
        assertThat(nodeSeconds).isLessThan(20);
        assertThat(unsafePatterns).isPositive();
    }

    @Test
    void javaScriptAndTheEngineAgreeOnWhetherARuleFires() {
        List<String> differences = new ArrayList<>();
        Map<String, Long> byKind = new java.util.TreeMap<>();
        int firing = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            boolean byJs = !javascript.get(i).isEmpty();
            firing += byJs ? 1 : 0;
            if (byJs != !c.engine().isEmpty()) {
                differences.add(describe(c, javascript.get(i)));
                byKind.merge(c.kind(), 1L, Long::sum);
            }
        }
        System.out.printf(
                "JavaScript differential, which rules fire: %d cases, %d fire, %d differ, by what the "
                        + "pattern holds: %s%n",
                cases.size(), firing, differences.size(), byKind);
        assertThat(differences)
                .as("cases where JavaScript and the engine disagree on firing")
                .isEmpty();
        assertThat(firing).isGreaterThan(cases.size() / 4);
    }

    /** Leftmost-first, as JavaScript: fails where the engine still reports leftmost-longest spans. */
    @Test
    void javaScriptAndTheEngineFindTheSameSpans() {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (!cases.get(i).engine().equals(javascript.get(i))) {
                differences.add(describe(cases.get(i), javascript.get(i)));
            }
        }
        Map<String, Long> byKind = new java.util.TreeMap<>();
        for (int i = 0; i < cases.size(); i++) {
            if (!cases.get(i).engine().equals(javascript.get(i))) {
                byKind.merge(cases.get(i).kind(), 1L, Long::sum);
            }
        }
        System.out.printf(
                "JavaScript differential, spans: %d cases, %d differ, by what the pattern holds: %s%n",
                cases.size(), differences.size(), byKind);
        differences.stream().limit(15).forEach(d -> System.out.println("  " + d));
        assertThat(differences)
                .as("cases where JavaScript and the engine find different spans")
                .isEmpty();
    }

    @Test
    void javaReadsTheAuthorsPatternAsJavaScriptReadsTheClientForm() {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (c.java() == null) {
                continue;
            }
            compared++;
            if (!c.java().equals(javascript.get(i))) {
                differences.add(describe(c, javascript.get(i)) + " java " + c.java());
            }
        }
        System.out.printf("Java differential: %d cases compared, %d differ%n", compared, differences.size());
        differences.stream().limit(15).forEach(d -> System.out.println("  " + d));
        assertThat(differences).isEmpty();
        assertThat(compared).isGreaterThan(cases.size() / 3);
    }

    /** What in the tree can make leftmost-first differ from leftmost-longest, or needs line anchors. */
    private static String kind(Node tree) {
        if (holds(
                tree,
                n -> n instanceof Node.Assertion a
                        && (a.kind() == Node.Kind.LINE_START || a.kind() == Node.Kind.LINE_END))) {
            return "line anchors";
        }
        if (holds(tree, n -> n instanceof Node.Repeat r && !r.greedy())) {
            return "lazy repeats";
        }
        if (holds(tree, n -> n instanceof Node.Alternation)) {
            return "alternation";
        }
        return "greedy repeats only";
    }

    private static boolean holds(Node node, java.util.function.Predicate<Node> test) {
        if (test.test(node)) {
            return true;
        }
        return switch (node) {
            case Node.Concat c -> c.items().stream().anyMatch(n -> holds(n, test));
            case Node.Alternation a -> a.alternatives().stream().anyMatch(n -> holds(n, test));
            case Node.Repeat r -> holds(r.item(), test);
            default -> false;
        };
    }

    private static String describe(Case c, List<Integer> js) {
        return String.format(
                "/%s/%s (client /%s/%s) on \"%s\": engine %s, JavaScript %s",
                c.pattern(),
                c.flags(),
                c.clientPattern(),
                c.clientFlags(),
                c.text().replace("\n", "\\n").replace("\r", "\\r"),
                c.engine(),
                js);
    }

    // --- random patterns and texts -------------------------------------------------------------------------

    private static final String[] LITERALS = {
        "a", "b", "A", "B", "1", " ", "-", "_", "é", "É", "σ", "Σ", "ς", "k", "\u212A", "s", "ſ", "i", "I", "İ", "ı",
        "ß", "\\.", "\\n"
    };

    private static final String[] CLASSES = {
        "[ab]",
        "[^a]",
        "[a-c]",
        "[A-Z]",
        "\\d",
        "\\w",
        "\\W",
        "\\s",
        "\\S",
        ".",
        "[\\s\\S]",
        "[^ab\\n]",
        "[kK]",
        "[σΣ]",
        "[a-zé]",
        "[^\\W_]"
    };

    private static final String[] QUANTIFIERS = {"*", "+", "?", "{1,2}", "{2}", "{0,3}", "{2,}"};

    private static final String[] ASSERTIONS = {"^", "$", "\\b", "\\B", "\\A", "\\z"};

    private static String randomFlags(Random random) {
        StringBuilder flags = new StringBuilder();
        for (char f : new char[] {'i', 'm', 's'}) {
            if (random.nextInt(4) == 0) {
                flags.append(f);
            }
        }
        return flags.toString();
    }

    private static String randomPattern(Random random) {
        StringBuilder out = new StringBuilder();
        if (random.nextInt(6) == 0) {
            out.append(random.nextBoolean() ? "(?i)" : "(?m)");
        }
        alternation(random, out, 0);
        return out.toString();
    }

    private static void alternation(Random random, StringBuilder out, int depth) {
        int n = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append('|');
            }
            int items = 1 + random.nextInt(3);
            for (int k = 0; k < items; k++) {
                item(random, out, depth);
            }
        }
    }

    private static void item(Random random, StringBuilder out, int depth) {
        int kind = random.nextInt(depth >= 2 ? 8 : 10);
        if (kind < 3) {
            out.append(LITERALS[random.nextInt(LITERALS.length)]);
        } else if (kind < 6) {
            out.append(CLASSES[random.nextInt(CLASSES.length)]);
        } else if (kind < 7) {
            out.append(ASSERTIONS[random.nextInt(ASSERTIONS.length)]);
            return;
        } else if (kind < 8 && random.nextInt(4) == 0) {
            out.append("(?i)");
            return;
        } else {
            String[] opens = {"(", "(?:", "(?i:", "(?-i:", "(?s:", "(?m:", "(?P<g" + depth + random.nextInt(1000) + ">"
            };
            out.append(opens[random.nextInt(opens.length)]);
            alternation(random, out, depth + 1);
            out.append(')');
        }
        if (random.nextInt(3) == 0) {
            out.append(QUANTIFIERS[random.nextInt(QUANTIFIERS.length)]);
            if (random.nextInt(3) == 0) {
                out.append('?');
            }
        }
    }

    private static final String TEXT_ALPHABET = "aabbAB1 -_\n\r.éÉσΣςkK\u212AsSſiIİıß\u2028";

    private static String randomText(Random random) {
        int n = random.nextInt(14);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(TEXT_ALPHABET.charAt(random.nextInt(TEXT_ALPHABET.length())));
        }
        return out.toString();
    }
}
