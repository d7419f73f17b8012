package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Excerpts are well-formed UTF-16 whatever the span, and the same streamed or checked whole. */
class ExcerptTest {

    private static final String SMILE = "\uD83D\uDE00";

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aShortSpanWithEmojiAtBothEdgesIsShownWhole() {
        String text = "x" + SMILE + "abc" + SMILE + "y";
        assertThat(Violation.excerpt(text, 1, 8)).isEqualTo(SMILE + "abc" + SMILE);
    }

    @Test
    void aCutNeverFallsInsideAPair() {
        for (int pad = 0; pad < 4; pad++) {
            String text = "a".repeat(pad) + SMILE.repeat(50);
            String excerpt = Violation.excerpt(text, 0, text.length());
            assertThat(excerpt).endsWith("…").hasSizeLessThanOrEqualTo(Violation.MAX_EXCERPT);
            assertThat(wellFormed(excerpt)).as(excerpt).isTrue();
        }
    }

    @Test
    void aSpanThatCutsAPairAtItsStartOrEndShowsTheHalfAsReplacementChar() {
        String text = SMILE + "abc" + SMILE;
        assertThat(Violation.excerpt(text, 1, 4)).isEqualTo("\uFFFDab");
        assertThat(Violation.excerpt(text, 2, 6)).isEqualTo("abc\uFFFD");
        assertThat(Violation.excerpt("a\uDC00b", 0, 3)).isEqualTo("a\uFFFDb");
    }

    @Test
    void aStreamedExcerptEqualsTheExcerptOfTheWholeText() {
        CompiledRuleSet rules = RuleSetCompiler.compile(
                1,
                List.of(
                        RuleSpec.regex("any", "Anything between brackets", "\\[[^\\]]*\\]", "s", Action.WARN),
                        RuleSpec.regex("half", "A lone half", "\\uDE00x", "", Action.WARN)));
        String text = "[" + SMILE + "x" + SMILE.repeat(40) + "] and [" + SMILE + "] " + SMILE + "x";
        List<Violation> whole = rules.check(text);
        assertThat(whole)
                .hasSize(4)
                .allSatisfy(v -> assertThat(wellFormed(v.excerpt())).isTrue());
        StreamScan scan = rules.newScan();
        List<Violation> streamed = new ArrayList<>();
        for (int p = 0; p < text.length(); p++) {
            streamed.addAll(scan.append(rules, p, text.substring(p, p + 1)).newViolations());
        }
        streamed.addAll(scan.finish(rules).newViolations());
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(whole);
        assertThat(whole)
                .filteredOn(v -> v.ruleId().equals("half"))
                .extracting(Violation::excerpt)
                .containsExactly("\uFFFDx", "\uFFFDx");
    }
}
