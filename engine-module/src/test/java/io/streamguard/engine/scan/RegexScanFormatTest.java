package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A regex state written in the first format (threads without NFA positions) still runs to the same matches. */
class RegexScanFormatTest {

    @Test
    void aThreadReadWithoutPositionsIsRecomputedFromItsStart() throws Exception {
        CompiledRuleSet rules =
                RuleSetCompiler.compile(1, List.of(RuleSpec.regex("r", "r", "x[ab]*y", "", Action.WARN)));
        PortableRegex regex = rules.program().regexes[0].regex();
        char[] text = "zxabay".toCharArray();
        // simPos 3, no literal hits, one level without candidate, one thread started at 1 on level 0
        int[] firstFormat = {3, 0, 1, -1, 0, 1, 1, 0};
        RegexScan old = RegexScan.restore(firstFormat, false);

        // written again before it ran: the thread is marked as still to be recomputed, and reads back alike
        int[] saved = old.save();
        assertThat(saved).containsExactly(3, 0, 1, -1, 0, 1, 1, 0, -1);
        RegexScan again = RegexScan.restore(saved, true);

        List<String> found = new ArrayList<>();
        again.advance(
                regex,
                -1,
                text,
                text.length,
                true,
                (start, end) -> found.add(start + "-" + end),
                new RegexScan.Marks(16),
                new ScanBudget());
        assertThat(found).containsExactly("1-6");
    }
}
