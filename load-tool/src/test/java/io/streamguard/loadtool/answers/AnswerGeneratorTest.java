package io.streamguard.loadtool.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnswerGeneratorTest {

    @Test
    void answersHaveTheLengthsOfTheMix() {
        var generator = new AnswerGenerator(List.of(), new AnswerMix(1_000, 3_000, 0, 0, 0, 0, 0));
        var random = new SplittableRandom(3);

        for (int i = 0; i < 50; i++) {
            assertThat(generator.next(random).text().length()).isBetween(1_000, 3_300);
        }
    }

    @Test
    void theSameSeedGivesTheSameAnswers() {
        var generator = new AnswerGenerator(List.of("darn"), AnswerMix.realistic());

        assertThat(generator.next(new SplittableRandom(7))).isEqualTo(generator.next(new SplittableRandom(7)));
    }

    @Test
    void aPlantedSecretLooksLikeAnAwsAccessKey() {
        String key = AnswerGenerator.awsKeyLike(new SplittableRandom(4));

        assertThat(key).matches("AKIA[A-Z2-7]{16}");
    }

    @Test
    void aPlantedHitStandsAsAWholeWord() {
        var generator = new AnswerGenerator(List.of("darnation"), AnswerMix.realistic());

        String text = generator.text(1_000, 1, new SplittableRandom(5));

        assertThat(Pattern.compile("\\b(darnation|AKIA[A-Z2-7]{16})\\b")
                        .matcher(text)
                        .find())
                .isTrue();
    }

    @Test
    void rewrittenAndAbandonedAnswersSayWhenWithinTheirDeltas() {
        var generator = new AnswerGenerator(List.of(), new AnswerMix(1_000, 1_000, 0, 0, 1, 1, 0));

        Answer answer = generator.next(new SplittableRandom(6));

        assertThat(answer.rewrites()).isTrue();
        assertThat(answer.isAbandoned()).isTrue();
        assertThat(answer.rewriteAfter()).isBetween(0, answer.deltas().size() - 1);
        assertThat(answer.abandonAfter()).isBetween(0, answer.deltas().size() - 1);
    }
}
