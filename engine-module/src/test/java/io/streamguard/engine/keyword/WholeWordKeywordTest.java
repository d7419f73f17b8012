package io.streamguard.engine.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.StreamScan;
import io.streamguard.engine.scan.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whole-word keywords at Unicode word boundaries (UAX #29 as docs/engine.md tailors it). */
class WholeWordKeywordTest {

    private static List<String> found(String keyword, boolean caseSensitive, String text) {
        CompiledRuleSet rules = RuleSetCompiler.compile(
                1, List.of(RuleSpec.keyword("k", "k", List.of(keyword), caseSensitive, true, Action.WARN)));
        return rules.check(text).stream()
                .map(v -> v.start() + ":" + v.excerpt())
                .toList();
    }

    @Test
    void anIdeographicKeywordFiresInsideChineseAndJapaneseText() {
        assertThat(found("東京", true, "我住在東京タワー附近")).containsExactly("3:東京");
    }

    @Test
    void katakanaInsideALongerKatakanaWordDoesNotFire() {
        assertThat(found("タワ", true, "東京タワーに行く")).isEmpty();
        assertThat(found("タワー", true, "東京タワーに行く")).containsExactly("2:タワー");
    }

    @Test
    void aCombiningAccentBelongsToTheLetterBeforeIt() {
        assertThat(found("cafe", false, "un cafe\u0301 noir")).isEmpty();
        assertThat(found("cafe", false, "un café noir")).isEmpty();
        assertThat(found("cafe", false, "un cafe noir")).containsExactly("3:cafe");
        assertThat(found("cafe\u0301", false, "un cafe\u0301 noir")).containsExactly("3:cafe\u0301");
    }

    @Test
    void aFormatCharDoesNotEndAWord() {
        assertThat(found("falcon", false, "falcon\u00ADs")).isEmpty();
        assertThat(found("falcon", false, "falcon\u200Bs")).containsExactly("0:falcon");
    }

    @Test
    void possessivesAndDottedNamesStillContainTheKeyword() {
        assertThat(found("project falcon", false, "about project falcon's plans"))
                .containsExactly("6:project falcon");
        assertThat(found("falcon", false, "see falcon.x and x.falcon")).containsExactly("4:falcon", "19:falcon");
        assertThat(found("falcon", false, "falcons and falcon_x and 3falcon")).isEmpty();
    }

    @Test
    void lettersOfAnyAlphabetJoinButNotAcrossScripts() {
        assertThat(found("παν", false, "ΠΑΝΤΑ ρει")).isEmpty();
        assertThat(found("москва", false, "в Москве и в Москва.")).containsExactly("13:Москва");
        assertThat(found("abc", false, "xabc")).isEmpty();
        assertThat(found("abc", false, "東abc東")).containsExactly("1:abc");
        assertThat(found("タワー", true, "タワーABC")).containsExactly("0:タワー");
    }

    @Test
    void aLineBreakEndsAWordEvenBeforeAnAccent() {
        assertThat(found("falcon", false, "falcon\n\u0301x")).containsExactly("0:falcon");
    }

    @Test
    void astralLettersJoinAndEmojiDoNot() {
        // U+1D41A MATHEMATICAL BOLD SMALL A is a letter; U+1F600 is an emoji
        assertThat(found("falcon", false, "falcon\uD835\uDC1A")).isEmpty();
        assertThat(found("falcon", false, "\uD835\uDC1Afalcon")).isEmpty();
        assertThat(found("falcon", false, "\uD83D\uDE00falcon\uD83D\uDE00")).containsExactly("2:falcon");
    }

    @Test
    void aVariationSelectorAttachesToTheSymbolBeforeIt() {
        assertThat(found("\u2764", true, "I \u2764\uFE0F it")).isEmpty();
        assertThat(found("\u2764", true, "I \u2764 it")).containsExactly("2:\u2764");
    }

    @Test
    void anAstralCharAfterAKeywordCountsAsTheClassOfItsHighSurrogate() {
        // one unit of look-ahead: U+1F3FD (an emoji modifier, Extend) shares its high surrogate with emoji (Other)
        assertThat(found("\uD83D\uDC4D", true, "ok \uD83D\uDC4D\uD83C\uDFFD!")).containsExactly("3:\uD83D\uDC4D");
    }

    @Test
    void streamedDecisionsEqualTheWholeTextAtEveryCut() {
        String[] pieces = {
            "falcon",
            "Falcon",
            " ",
            "'s",
            ".",
            "_",
            "\u0301",
            "\u00AD",
            "東京",
            "タワー",
            "ー",
            "\n",
            "\uD835\uDC1A",
            "\uD83D\uDE00",
            "\uD83C\uDFFD",
            "x",
            "3"
        };
        CompiledRuleSet rules = RuleSetCompiler.compile(
                1,
                List.of(RuleSpec.keyword(
                        "a", "a", List.of("falcon", "東京", "タワ", "\uD83D\uDE00"), false, true, Action.WARN)));
        Random random = new Random(12);
        for (int round = 0; round < 400; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i >= 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            List<Violation> whole = rules.check(text.toString());
            StreamScan scan = rules.newScan();
            List<Violation> streamed = new ArrayList<>();
            for (int p = 0; p < text.length(); p++) {
                streamed.addAll(scan.append(rules, p, text.substring(p, p + 1)).newViolations());
            }
            streamed.addAll(scan.finish(rules).newViolations());
            assertThat(streamed).as(text.toString()).containsExactlyInAnyOrderElementsOf(whole);
        }
    }
}
