package io.streamguard.loadtool.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokensTest {

    private final AnswerGenerator answers = new AnswerGenerator(List.of("darn"), AnswerMix.realistic());

    @Test
    void tokensJoinBackIntoTheText() {
        String text = answers.text(2_000, 1, new SplittableRandom(1));

        assertThat(String.join("", Tokens.split(text))).isEqualTo(text);
    }

    @Test
    void englishLikeTextAveragesThreeToSixCharsPerToken() {
        String text = answers.text(20_000, 0, new SplittableRandom(2));

        double average = (double) text.length() / Tokens.split(text).size();

        assertThat(average).isBetween(3.0, 6.0);
    }

    @Test
    void aLongWordIsCutIntoPiecesOfAtMostSixLetters() {
        assertThat(Tokens.split(" internationalization.")).containsExactly(" inter", "nation", "alizat", "ion", ".");
    }
}
