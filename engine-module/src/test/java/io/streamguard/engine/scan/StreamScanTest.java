package io.streamguard.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.streamguard.engine.compile.InvalidRuleException;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamScanTest {

    private final CompiledRuleSet rules = RuleSetCompiler.compile(
            7,
            List.of(
                    RuleSpec.keyword("falcon", "Project Falcon", List.of("project falcon"), false, true, Action.WARN),
                    RuleSpec.keyword("cs", "Exact", List.of("ACME"), true, false, Action.WARN),
                    RuleSpec.regex("aws", "AWS key", "AKIA[0-9A-Z]{16}", "", Action.BLOCK),
                    RuleSpec.regex("num", "Number", "\\d+", "", Action.ALLOW)));

    private static List<ScanUpdate> feed(CompiledRuleSet rules, StreamScan scan, String... deltas) {
        List<ScanUpdate> updates = new ArrayList<>();
        for (String delta : deltas) {
            updates.add(scan.append(rules, scan.position(), delta));
        }
        updates.add(scan.finish(rules));
        return updates;
    }

    private static List<Violation> reported(List<ScanUpdate> updates) {
        return updates.stream().flatMap(u -> u.newViolations().stream()).toList();
    }

    @Test
    void updateThatSplitsAKeywordFindsItOnce() {
        StreamScan scan = rules.newScan();
        List<ScanUpdate> updates = feed(rules, scan, "we start project fal", "con today");
        assertThat(reported(updates))
                .extracting(Violation::ruleId, Violation::start, Violation::end, Violation::excerpt)
                .containsExactly(tuple("falcon", 9, 23, "project falcon"));
    }

    @Test
    void wholeWordIsDecidedByTheCharThatArrivesInTheNextUpdate() {
        StreamScan scan = rules.newScan();
        ScanUpdate first = scan.append(rules, 0, "a project falcon");
        assertThat(first.newViolations()).isEmpty();
        ScanUpdate second = scan.append(rules, scan.position(), "s rule");
        assertThat(second.newViolations()).isEmpty();

        StreamScan other = rules.newScan();
        other.append(rules, 0, "a project falcon");
        assertThat(other.append(rules, other.position(), ", then").newViolations())
                .extracting(Violation::ruleId)
                .containsExactly("falcon");
    }

    @Test
    void keywordsFoldCaseUnlessTheRuleIsCaseSensitive() {
        assertThat(rules.check("PROJECT Falcon and acme and ACME"))
                .extracting(Violation::ruleId, Violation::start)
                .containsExactly(tuple("falcon", 0), tuple("cs", 28));
    }

    @Test
    void regexSpanningUpdatesIsFoundOnceWithItsTrueStartAndEnd() {
        StreamScan scan = rules.newScan();
        List<ScanUpdate> updates = feed(rules, scan, "key AKIA", "ABCDEFGH", "IJKLMNOP end");
        assertThat(reported(updates))
                .filteredOn(v -> v.ruleId().equals("aws"))
                .extracting(Violation::start, Violation::end)
                .containsExactly(tuple(4, 24));
        assertThat(scan.action()).isEqualTo(Action.BLOCK);
        assertThat(scan.blockedAt()).isEqualTo(scan.position());
    }

    @Test
    void aGreedyMatchIsReportedOnceCertainAndRevisedAsItGrows() {
        StreamScan scan = rules.newScan();
        ScanUpdate first = scan.append(rules, 0, "call 555");
        assertThat(first.newViolations()).extracting(Violation::excerpt).containsExactly("555");
        assertThat(first.safeOffset()).isEqualTo(5);
        ScanUpdate second = scan.append(rules, 8, "1234");
        assertThat(second.newViolations()).isEmpty();
        assertThat(second.revised()).singleElement().satisfies(r -> {
            assertThat(r.previous().excerpt()).isEqualTo("555");
            assertThat(r.current().excerpt()).isEqualTo("5551234");
        });
        ScanUpdate third = scan.append(rules, 12, " now");
        assertThat(third.newViolations()).isEmpty();
        assertThat(third.revised()).isEmpty();
        assertThat(third.safeOffset()).isEqualTo(16);
        assertThat(scan.finish(rules).newViolations()).isEmpty();
        assertThat(scan.violations()).extracting(Violation::excerpt).containsExactly("5551234");
    }

    @Test
    void rewriteDropsTheViolationThatVanishedAndFindsTheNewOne() {
        StreamScan scan = rules.newScan();
        scan.update(rules, "about project falcon, the plan");
        ScanUpdate rewrite = scan.update(rules, "about project eagle, the plan ACME");
        assertThat(rewrite.withdrawn()).extracting(Violation::ruleId).containsExactly("falcon");
        assertThat(rewrite.newViolations()).extracting(Violation::ruleId).containsExactly("cs");
        assertThat(scan.violations()).extracting(Violation::ruleId).containsExactly("cs");
    }

    @Test
    void blockStaysBlockEvenWhenARewriteRemovesTheViolation() {
        StreamScan scan = rules.newScan();
        scan.update(rules, "AKIAABCDEFGHIJKLMNOP ");
        assertThat(scan.action()).isEqualTo(Action.BLOCK);
        int blockedAt = scan.blockedAt();
        ScanUpdate rewrite = scan.update(rules, "nothing to see");
        assertThat(rewrite.withdrawn()).extracting(Violation::ruleId).containsExactly("aws");
        assertThat(rewrite.action()).isEqualTo(Action.BLOCK);
        assertThat(scan.blockedAt()).isEqualTo(blockedAt);
    }

    @Test
    void resendingTheSameContentIsANoOp() {
        StreamScan scan = rules.newScan();
        ScanUpdate first = scan.update(rules, "project falcon 42 ");
        ScanUpdate again = scan.update(rules, "project falcon 42 ");
        assertThat(first.newViolations()).isNotEmpty();
        assertThat(again.newViolations()).isEmpty();
        assertThat(again.withdrawn()).isEmpty();
        assertThat(again.position()).isEqualTo(first.position());
    }

    @Test
    void aDeltaAtTheWrongPositionIsRefusedWithTheServerPosition() {
        StreamScan scan = rules.newScan();
        scan.append(rules, 0, "hello");
        assertThatThrownBy(() -> scan.append(rules, 3, "x"))
                .isInstanceOf(PositionMismatchException.class)
                .satisfies(e -> assertThat(((PositionMismatchException) e).serverPosition())
                        .isEqualTo(5));
    }

    @Test
    void aScanOfAnotherRuleSetVersionIsRefused() {
        CompiledRuleSet other = RuleSetCompiler.compile(8, rules.rules());
        StreamScan scan = rules.newScan();
        assertThatThrownBy(() -> scan.append(other, 0, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serializationRoundTripPreservesBehaviour() throws Exception {
        StreamScan scan = rules.newScan();
        scan.append(rules, 0, "x project fal");
        StreamScan copy = StreamingLawProperties.roundTrip(scan);
        assertThat(copy.content()).isEqualTo(scan.content());
        assertThat(copy.ruleSetVersion()).isEqualTo(7);
        assertThat(copy.append(rules, copy.position(), "con AKIAABCDEFGHIJKLMNOP.")
                        .newViolations())
                .isEqualTo(scan.append(rules, scan.position(), "con AKIAABCDEFGHIJKLMNOP.")
                        .newViolations());
        assertThat(copy.stateBytesExcludingContent()).isLessThan(200);
    }

    @Test
    void rewriteFarIntoALongStreamRescansFromTheNearestCheckpoint() {
        StreamScan scan = rules.newScan();
        String filler = "lorem ipsum dolor sit amet ".repeat(2000);
        scan.update(rules, filler + "project falcon!");
        ScanUpdate rewrite = scan.update(rules, filler + "project falcons");
        assertThat(rewrite.withdrawn()).extracting(Violation::ruleId).containsExactly("falcon");
        assertThat(scan.violations()).isEmpty();
    }

    @Test
    void excerptsAreCutToSixtyFourChars() {
        CompiledRuleSet digits = RuleSetCompiler.compile(1, List.of(RuleSpec.regex("d", "d", "\\d+", "", Action.WARN)));
        Violation v = digits.check("1".repeat(100)).get(0);
        assertThat(v.end() - v.start()).isEqualTo(100);
        assertThat(v.excerpt()).hasSize(64).endsWith("…");
    }

    @Test
    void anInvalidRuleNamesItselfAndAllItsProblems() {
        assertThatThrownBy(() -> RuleSetCompiler.compile(
                        1, List.of(RuleSpec.regex("bad", "bad", "(a)\\1(?=x)", "", Action.WARN))))
                .isInstanceOf(InvalidRuleException.class)
                .satisfies(e -> {
                    InvalidRuleException invalid = (InvalidRuleException) e;
                    assertThat(invalid.ruleId()).isEqualTo("bad");
                    assertThat(invalid.problems()).hasSize(2);
                });
    }

    @Test
    void utf16OffsetsCountSurrogatePairsAsTwo() {
        assertThat(rules.check("😀 ACME"))
                .extracting(Violation::start, Violation::end)
                .containsExactly(tuple(3, 7));
    }

    @Test
    void aStateWrittenByTheLeftmostLongestEngineIsRebuiltFromItsContent() throws Exception {
        CompiledRuleSet digits =
                RuleSetCompiler.compile(3, List.of(RuleSpec.regex("num", "Number", "\\d+", "", Action.WARN)));
        StreamScan scan = digits.newScan();
        scan.append(digits, 0, "call 555 now");
        byte[] current = scan.toBytes();
        // format 2 was this format without the list of violations not yet final (here empty, one byte before
        // the action, blockedAt and finished)
        byte[] formatTwo = new byte[current.length - 1];
        System.arraycopy(current, 0, formatTwo, 0, current.length - 4);
        System.arraycopy(current, current.length - 3, formatTwo, current.length - 4, 3);
        formatTwo[0] = 2;
        StreamScan old = StreamScan.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(formatTwo)));
        assertThat(old.violations()).extracting(Violation::excerpt).containsExactly("555");

        ScanUpdate next = old.append(digits, 12, " and 77");
        assertThat(next.newViolations()).extracting(Violation::excerpt).containsExactly("77");
        assertThat(next.withdrawn()).isEmpty();
        old.finish(digits);
        assertThat(old.violations()).isEqualTo(digits.check("call 555 now and 77"));
    }
}
