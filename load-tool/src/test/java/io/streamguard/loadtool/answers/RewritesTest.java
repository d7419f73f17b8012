package io.streamguard.loadtool.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RewritesTest {

    private static final String TEXT = "The first step is to read the configuration and to check every value twice.";

    @Test
    void aRewriteChangesTheTextWithinItsFirstThreeQuarters() {
        for (int seed = 0; seed < 100; seed++) {
            String rewritten = Rewrites.editEarlierWord(TEXT, new SplittableRandom(seed));

            assertThat(rewritten).isNotEqualTo(TEXT);
            assertThat(firstDifference(TEXT, rewritten)).isLessThan(TEXT.length() * 3 / 4 + 1);
        }
    }

    @Test
    void theTextAfterTheEditedWordStays() {
        String rewritten = Rewrites.editEarlierWord(TEXT, new SplittableRandom(11));

        assertThat(rewritten).endsWith("every value twice.");
    }

    private static int firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
