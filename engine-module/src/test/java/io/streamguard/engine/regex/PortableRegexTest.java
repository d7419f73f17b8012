package io.streamguard.engine.regex;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortableRegexTest {

    private static List<String> matches(String pattern, String flags, String text) {
        CompiledRuleSet rules =
                RuleSetCompiler.compile(1, List.of(RuleSpec.regex("r", "r", pattern, flags, Action.WARN)));
        return rules.check(text).stream().map(Violation::excerpt).toList();
    }

    @Test
    void escapesMeanClassesNotLetters() {
        assertThat(matches("\\d+", "", "d 42 ddd")).containsExactly("42");
        assertThat(matches("\\w+", "", "  _a1 ")).containsExactly("_a1");
        assertThat(matches("a\\sb", "", "asb a b a\tb")).containsExactly("a b", "a\tb");
        assertThat(matches("[^ \\n]+", "", "n\nx")).containsExactly("n", "x");
        assertThat(matches("a\\nb", "", "anb a\nb")).containsExactly("a\nb");
    }

    @Test
    void matchesAreLeftmostFirstLikeJavaScriptAndDoNotOverlap() {
        assertThat(matches("a|ab", "", "xab")).containsExactly("a");
        assertThat(matches("ab|a", "", "xab")).containsExactly("ab");
        assertThat(matches("ha|hah|haha", "", "hahaha")).containsExactly("ha", "ha", "ha");
        assertThat(matches("<b>.*?</b>", "", "<b>x</b> and <b>y</b>")).containsExactly("<b>x</b>", "<b>y</b>");
        assertThat(matches("<b>.*</b>", "", "<b>x</b> and <b>y</b>")).containsExactly("<b>x</b> and <b>y</b>");
        assertThat(matches("a{2,4}?", "", "aaaaa")).containsExactly("aa", "aa");
        assertThat(matches("a+", "", "aa baaa")).containsExactly("aa", "aaa");
        assertThat(matches("aba", "", "ababa")).containsExactly("aba");
        assertThat(matches("[a-z]{0,50}?key", "", "my monkey")).containsExactly("monkey");
    }

    @Test
    void anchorsAndBoundariesWork() {
        assertThat(matches("^ab", "", "ab ab")).hasSize(1);
        assertThat(matches("ab$", "", "ab ab")).hasSize(1);
        assertThat(matches("ab$", "", "ab ab\n")).isEmpty();
        assertThat(matches("\\bcat\\b", "", "cat concat cat.")).hasSize(2);
        assertThat(matches("\\Bcat", "", "cat concat")).containsExactly("cat");
    }

    @Test
    void theIFlagFoldsAsJavaScriptDoesWithoutTheUFlag() {
        assertThat(matches("key", "i", "KEY Key kEy")).hasSize(3);
        assertThat(matches("k", "i", "\u212A")).isEmpty();
        assertThat(matches("[^a]", "i", "A")).isEmpty();
        assertThat(matches("σ", "i", "Σ σ ς")).containsExactly("Σ", "σ", "ς");
        assertThat(matches("é+", "i", "CAFÉ café")).containsExactly("É", "é");
        assertThat(matches("i", "i", "İ ı I i")).containsExactly("I", "i");
        assertThat(matches("s", "i", "ſ S")).containsExactly("S");
        assertThat(matches("ß", "i", "ß SS ẞ")).containsExactly("ß");
    }

    @Test
    void inlineFlagsHoldToTheEndOfTheirGroupAsInRe2() {
        assertThat(matches("(?i)key", "", "KEY")).hasSize(1);
        assertThat(matches("a(?i)b", "", "aB AB")).containsExactly("aB");
        assertThat(matches("(?i:a)b", "", "Ab AB")).containsExactly("Ab");
        assertThat(matches("(?i)a(?-i:b)", "", "AB Ab")).containsExactly("Ab");
        assertThat(matches("(?:a(?i)b)c", "", "aBc aBC")).containsExactly("aBc");
        // across an alternation too: RE2, Java and Perl agree
        assertThat(matches("a(?i)b|c", "", "C")).containsExactly("C");
        assertThat(matches("a(?s:.)b", "", "a\nb a\nb")).hasSize(2);
        assertThat(matches("a(?s).b", "", "a\nb")).hasSize(1);
    }

    @Test
    void re2AnchorsAndGroupNamesAreRead() {
        assertThat(matches("abc\\z", "", "abc abc")).hasSize(1);
        assertThat(matches("abc\\z", "", "abc\n")).isEmpty();
        assertThat(matches("\\Aab", "", "ab ab")).hasSize(1);
        assertThat(matches("(?P<key_id>ab)c", "", "abc")).containsExactly("abc");
    }

    @Test
    void theMFlagMakesLineAnchorsInTheTree() {
        for (String[] form : new String[][] {{"^a$", "m"}, {"(?m)^a$", ""}, {"(?m:^a$)", ""}}) {
            Node tree = ((PortableRegex.Compiled) PortableRegex.compile(form[0], form[1]))
                    .regex()
                    .tree();
            assertThat(tree)
                    .as(form[0])
                    .isEqualTo(new Node.Concat(java.util.List.of(
                            new Node.Assertion(Node.Kind.LINE_START),
                            new Node.Chars(CharSet.of('a')),
                            new Node.Assertion(Node.Kind.LINE_END))));
        }
        Node plain = ((PortableRegex.Compiled) PortableRegex.compile("^a$", ""))
                .regex()
                .tree();
        assertThat(plain)
                .isEqualTo(new Node.Concat(java.util.List.of(
                        new Node.Assertion(Node.Kind.TEXT_START),
                        new Node.Chars(CharSet.of('a')),
                        new Node.Assertion(Node.Kind.TEXT_END))));
    }

    @Test
    void theSFlagLetsTheDotMatchLineBreaks() {
        assertThat(matches("a.b", "", "a\nb")).isEmpty();
        assertThat(matches("a.b", "s", "a\nb")).containsExactly("a\nb");
    }

    @Test
    void adversarialPatternsRunInLinearTime() {
        String as = "a".repeat(100_000);
        assertThat(matches("(a+)+$", "", as)).hasSize(1);
        assertThat(matches("(a+)+$", "", as + "!")).isEmpty();
        assertThat(matches("(a|a)*b", "", as)).isEmpty();
        assertThat(matches("(a|a)*b", "", as + "b")).hasSize(1);
        String xs = "x".repeat(100_000);
        assertThat(matches("(x+x+)+y", "", xs)).isEmpty();
        assertThat(matches("(x+x+)+y", "", xs + "y")).hasSize(1);
        assertThat(matches("ab|a.*c", "", "ab".repeat(50_000))).hasSize(50_000);
    }

    @Test
    void aPatternWithAHugeDfaBuildsOnlyTheStatesTheTextReaches() {
        PortableRegex regex = ((PortableRegex.Compiled) PortableRegex.compile("[ab]*a[ab]{14}c", "")).regex();
        assertThat(regex.dfa().cachedStates()).isLessThan(10);
        assertThat(matches("[ab]*a[ab]{14}c", "", "xx" + "b".repeat(10) + "a" + "b".repeat(14) + "c"))
                .containsExactly("b".repeat(10) + "a" + "b".repeat(14) + "c");
    }

    @Test
    void aFullCacheIsReplacedAndScansMoveOverWithTheSameResult() {
        // 2^15 states are reachable: random a/b text fills the cache many times over
        String pattern = "[ab]*a[ab]{14}c";
        CompiledRuleSet rules = RuleSetCompiler.compile(1, List.of(RuleSpec.regex("r", "r", pattern, "", Action.WARN)));
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            text.append(random.nextInt(50) == 0 ? 'c' : random.nextBoolean() ? 'a' : 'b');
        }
        // every match from a given start ends at the next 'c', so leftmost-longest and Java's leftmost-first agree
        List<String> expected = new java.util.ArrayList<>();
        var javaMatcher = java.util.regex.Pattern.compile(pattern).matcher(text);
        while (javaMatcher.find()) {
            expected.add(javaMatcher.start() + "-" + javaMatcher.end());
        }
        assertThat(expected).hasSizeGreaterThan(100);
        var scan = rules.newScan();
        for (int i = 0; i < text.length(); i += 37) {
            scan.append(rules, i, text.substring(i, Math.min(text.length(), i + 37)));
        }
        scan.finish(rules);
        assertThat(scan.violations().stream()
                        .map(v -> v.start() + "-" + v.end())
                        .toList())
                .isEqualTo(expected);
        assertThat(rules.check(text.toString()).stream()
                        .map(v -> v.start() + "-" + v.end())
                        .toList())
                .isEqualTo(expected);
    }

    @Test
    void requiredLiteralsBecomeAPrefilter() {
        PortableRegex regex = ((PortableRegex.Compiled)
                        PortableRegex.compile("[\\w.-]{0,50}?(?:adafruit)[ \\t]{0,20}=", "i"))
                .regex();
        assertThat(regex.prefilter()).isNotNull();
        assertThat(regex.prefilter().literals()).containsExactly("adafruit");
        assertThat(regex.prefilter().window()).isEqualTo(58);
    }
}
