package io.streamguard.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Text the API can check, store and return as it came. */
class WellFormedTextTest {

    private final WellFormedText.Validator validator = new WellFormedText.Validator();

    @Test
    void wellFormedTextPasses() {
        for (String text : List.of(
                "",
                "plain",
                "ünïcødé",
                "😀",
                "a😀b😀",
                "\ud83d\ude00",
                "\uffff\ufffe",
                "\u0001\u007f",
                "x".repeat(100_000) + "😀")) {
            assertThat(validator.isValid(text, null)).as(text).isTrue();
            assertThat(WellFormedText.Validator.firstProblem(text)).isEqualTo(-1);
        }
        assertThat(validator.isValid(null, null)).as("null is left to @NotNull").isTrue();
        assertThat(validator.isValid(new StringBuilder("a😀"), null)).isTrue();
    }

    @Test
    void theFirstNulOrUnpairedSurrogateIsFound() {
        record Case(String text, int problemAt) {}
        for (Case c : List.of(
                new Case("\0", 0),
                new Case("ab\0", 2),
                new Case("\ud83d", 0),
                new Case("a\ud83d", 1),
                new Case("\ud83db", 0),
                new Case("\ude00", 0),
                new Case("😀\ude00", 2),
                new Case("\ude00\ud83d", 0),
                new Case("\ud83d\ud83d\ude00", 0),
                new Case("😀\0\ud83d", 2),
                new Case("x".repeat(70_000) + "\ud800", 70_000))) {
            assertThat(WellFormedText.Validator.firstProblem(c.text()))
                    .as("%s", c.text().chars().toArray())
                    .isEqualTo(c.problemAt());
            assertThat(validator.isValid(c.text(), null)).isFalse();
        }
    }
}
