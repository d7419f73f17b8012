package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.regex.PortableRegex;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartFilterTest {

    private static ScanProgram.RegexSlot unfiltered(String pattern) {
        PortableRegex regex = ((PortableRegex.Compiled) PortableRegex.compile(pattern, "")).regex();
        assertThat(regex.prefilter()).as("%s has no prefilter", pattern).isNull();
        return new ScanProgram.RegexSlot(0, regex, -1, ScanProgram.Chars.NONE, -1);
    }

    @Test
    void findsWhereEachRegexMayFirstStartJudgingByTheCharAndTheOneBefore() {
        StartFilter filter = new StartFilter(
                new ScanProgram.RegexSlot[] {unfiltered("\\b\\d{3}"), unfiltered("[A-Z]x"), unfiltered("\\bq\\d")});
        char[] text = "ab1 123 Cx zq9 é".toCharArray();
        int[] first = new int[filter.size()];

        filter.firstStarts(text, 0, text.length, first);
        // a digit after a word char cannot start \b\d{3}; an upper-case letter starts [A-Z]x anywhere; the q of zq9
        // follows a word char, so only a char from 128 up (which may start anything) is left for \bq\d
        assertThat(first).containsExactly(4, 8, 15);

        filter.firstStarts(text, 9, 14, first);
        assertThat(first).containsExactly(14, 14, 14);
    }

    @Test
    void atTheStartOfTheTextEveryLeftContextCounts() {
        StartFilter filter = new StartFilter(new ScanProgram.RegexSlot[] {unfiltered("^\\d\\d")});
        int[] first = new int[1];
        filter.firstStarts("12 34".toCharArray(), 0, 5, first);
        assertThat(first).containsExactly(0);
    }

    @Test
    void regexesBeyondWhatOneFilterHoldsAreStillFoundWhenStreamed() {
        int count = StartFilter.CAPACITY + 6;
        List<RuleSpec> rules = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int n = 1; n <= count; n++) {
            rules.add(RuleSpec.regex("digits" + n, n + " digits", "\\b\\d{" + n + "}[a-z]", "", Action.WARN));
            text.append("1".repeat(n)).append("z ");
        }
        CompiledRuleSet compiled = RuleSetCompiler.compile(1, rules);

        StreamScan scan = compiled.newScan();
        for (int at = 0; at < text.length(); at += 7) {
            scan.append(compiled, at, text.substring(at, Math.min(text.length(), at + 7)));
        }
        scan.finish(compiled);

        assertThat(scan.violations())
                .hasSize(count)
                .containsExactlyInAnyOrderElementsOf(compiled.check(text.toString()));
    }
}
