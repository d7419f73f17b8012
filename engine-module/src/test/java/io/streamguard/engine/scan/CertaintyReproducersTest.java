package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The faults that made verdicts late and spans differ from JavaScript, each as it was reported. */
class CertaintyReproducersTest {

    private static final String PRIVATE_KEY =
            "-----BEGIN[ A-Z]*PRIVATE KEY-----[\\s\\S]*?-----END[ A-Z]*PRIVATE KEY-----";

    private static CompiledRuleSet rules(String pattern) {
        return RuleSetCompiler.compile(1, List.of(RuleSpec.regex("r", "rule", pattern, "", Action.BLOCK)));
    }

    @Test
    void aPrivateKeyBlocksInTheUpdateThatCompletesIt() {
        CompiledRuleSet rules = rules(PRIVATE_KEY);
        StreamScan scan = rules.newScan();
        assertThat(scan.append(rules, 0, "here: -----BEGIN RSA PRIVATE KEY-----\nMIIEow")
                        .action())
                .isEqualTo(Action.ALLOW);
        ScanUpdate end = scan.append(rules, scan.position(), "IBAAK\n-----END RSA PRIVATE KEY-----");
        assertThat(end.action()).isEqualTo(Action.BLOCK);
        assertThat(end.newViolations())
                .extracting(Violation::start, Violation::end)
                .containsExactly(tuple(6, scan.position()));
    }

    @Test
    void twoPrivateKeysWithProseBetweenAreTwoViolations() {
        CompiledRuleSet rules = rules(PRIVATE_KEY);
        String key = "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----";
        String text = key + "\nsome prose\n" + key;
        assertThat(rules.check(text))
                .extracting(Violation::start, Violation::end)
                .containsExactly(tuple(0, key.length()), tuple(key.length() + 12, text.length()));
    }

    @Test
    void aSecretBetweenMarkersBlocksOnceTheEndMarkerArrives() {
        CompiledRuleSet rules = rules("BEGIN SECRET[^#]*END SECRET");
        StreamScan scan = rules.newScan();
        assertThat(scan.append(rules, 0, "BEGIN SECRET hunter2 END SEC").action())
                .isEqualTo(Action.ALLOW);
        ScanUpdate done = scan.append(rules, scan.position(), "RET");
        assertThat(done.action()).isEqualTo(Action.BLOCK);
        // the match could still grow up to a later END SECRET: the text from its start is held back
        assertThat(done.safeOffset()).isEqualTo(0);
        ScanUpdate hash = scan.append(rules, scan.position(), " # done");
        assertThat(hash.revised()).isEmpty();
        assertThat(hash.safeOffset()).isEqualTo(scan.position());
    }

    @Test
    void aSlackTokenBlocksAsSoonAsItHasTenChars() {
        CompiledRuleSet rules = rules("xox[bp]-[0-9A-Za-z-]{10,48}");
        StreamScan scan = rules.newScan();
        ScanUpdate first = scan.append(rules, 0, "my token is xoxb-");
        assertThat(first.action()).isEqualTo(Action.ALLOW);
        assertThat(first.safeOffset()).isEqualTo(12);
        ScanUpdate second = scan.append(rules, scan.position(), "1234567890abc");
        assertThat(second.action()).isEqualTo(Action.BLOCK);
        assertThat(second.newViolations()).extracting(Violation::excerpt).containsExactly("xoxb-1234567890abc");
        ScanUpdate third = scan.append(rules, scan.position(), "def thanks");
        assertThat(third.revised()).extracting(r -> r.current().excerpt()).containsExactly("xoxb-1234567890abcdef");
        assertThat(third.safeOffset()).isEqualTo(scan.position());
    }

    @Test
    void lazyQuantifiersEndAtTheFirstCloseAsInJavaScript() {
        assertThat(rules("<b>.*?</b>").check("<b>x</b> and <b>y</b>"))
                .extracting(Violation::start, Violation::end)
                .containsExactly(tuple(0, 8), tuple(13, 21));
    }

    @Test
    void theFirstAlternativeThatMatchesWinsAsInJavaScript() {
        assertThat(rules("ha|hah|haha").check("hahaha"))
                .extracting(Violation::start, Violation::end)
                .containsExactly(tuple(0, 2), tuple(2, 4), tuple(4, 6));
    }

    @Test
    void anEarlierStartThatMatchesLaterRevisesTheSpan() {
        CompiledRuleSet rules = rules("a[^z]*z|b");
        StreamScan scan = rules.newScan();
        ScanUpdate first = scan.append(rules, 0, "ab");
        assertThat(first.newViolations())
                .extracting(Violation::start, Violation::end)
                .containsExactly(tuple(1, 2));
        assertThat(first.safeOffset()).isEqualTo(0);
        ScanUpdate second = scan.append(rules, 2, "cz");
        assertThat(second.revised()).singleElement().satisfies(r -> {
            assertThat(r.previous().start()).isEqualTo(1);
            assertThat(r.current().start()).isEqualTo(0);
            assertThat(r.current().end()).isEqualTo(4);
        });
        assertThat(scan.finish(rules).newViolations()).isEmpty();
        assertThat(scan.violations())
                .extracting(Violation::start, Violation::end)
                .containsExactly(tuple(0, 4));
    }

    @Test
    void aWholeWordKeywordPendingAtTheEndIsDecidedByFinish() {
        CompiledRuleSet rules = RuleSetCompiler.compile(
                1, List.of(RuleSpec.keyword("k", "falcon", List.of("project falcon"), false, true, Action.BLOCK)));
        StreamScan scan = rules.newScan();
        scan.append(rules, 0, "Ask about project fal");
        ScanUpdate con = scan.append(rules, scan.position(), "con");
        assertThat(con.action()).isEqualTo(Action.ALLOW);
        assertThat(con.safeOffset()).isEqualTo(10);
        assertThat(scan.finish(rules).action()).isEqualTo(Action.BLOCK);
    }

    @Test
    void aRewriteInsideAReportedSpanThatChangesItsTextIsToldAsWithdrawnAndNew() {
        CompiledRuleSet rules = rules("xox[bp]-[0-9A-Za-z-]{10,48}");
        StreamScan scan = rules.newScan();
        scan.update(rules, "token xoxb-1234567890 ok");
        ScanUpdate rewrite = scan.update(rules, "token xoxb-ABCDEFGHIJ ok");
        assertThat(rewrite.withdrawn()).extracting(Violation::excerpt).containsExactly("xoxb-1234567890");
        assertThat(rewrite.newViolations()).extracting(Violation::excerpt).containsExactly("xoxb-ABCDEFGHIJ");
    }

    @Test
    void theSafeOffsetNeverSplitsASurrogatePair() {
        CompiledRuleSet rules = rules("[^ ]secret");
        StreamScan scan = rules.newScan();
        ScanUpdate update = scan.append(rules, 0, "my \uD83D\uDE00");
        assertThat(update.position()).isEqualTo(5);
        assertThat(update.safeOffset()).isEqualTo(3);
    }
}
