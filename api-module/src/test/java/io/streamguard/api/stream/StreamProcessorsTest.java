package io.streamguard.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.cluster.NodeServices;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.testing.LoneMember;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The processors that change a stream, run as Hazelcast runs them on the owning member: {@code process} on one
 * entry, then the backup copy on the replica. Each branch is checked by its answer and by the entry after it.
 * They reach their node's services through the member's user context, so one real member (joining no one)
 * holds the real ones: the compiled rule set, the tampering books and the client memory budget.
 */
class StreamProcessorsTest {

    private static final int MAX_CONTENT = 100;
    private static final int MAX_CLIENT_CHARS = 150;
    private static final int UPDATES_PER_SECOND = 2;
    private static final long T0 = 1_764_000_000_000L;
    private static final String AWS_KEY = "AKIAQWERTYUIOPASDFGH";

    private static final CompiledRuleSet RULES = RuleSetCompiler.compile(
            3,
            List.of(
                    RuleSpec.regex("r-1", "AWS key", "AKIA[0-9A-Z]{16}", "", Action.BLOCK),
                    RuleSpec.keyword("r-2", "Codename", List.of("falcon"), false, false, Action.WARN)));
    private static final GridTampering TAMPERING = new GridTampering();

    private static HazelcastInstance member;
    private static ClientMemoryBudget budget;

    private final UUID client = UUID.randomUUID();

    @BeforeAll
    static void startMember() {
        var properties = new Binder(new MapConfigurationPropertySource(
                        Map.of("streamguard.limits.max-client-chars", Integer.toString(MAX_CLIENT_CHARS))))
                .bindOrCreate("streamguard", StreamGuardProperties.class);
        budget = new ClientMemoryBudget(properties);
        member = LoneMember.start(Map.of(
                NodeServices.class.getName(),
                new NodeServices(version -> RULES, TAMPERING),
                budget.contextKey(),
                budget));
    }

    @AfterAll
    static void stopMember() {
        member.shutdown();
    }

    // --- the one place the test builds stream-side domain objects

    private StreamSession session(String streamId, UUID owner) {
        return new StreamSession(
                streamId,
                owner,
                new StreamContext("u-1", "bot", "tab"),
                RULES.version(),
                RULES.newScan(),
                T0,
                UPDATES_PER_SECOND);
    }

    private static Violation violation(String ruleId, Action action, int start, int end, String excerpt) {
        return new Violation(ruleId, ruleId.equals("r-1") ? "AWS key" : "Codename", action, start, end, excerpt);
    }

    private static AbstractMap.SimpleEntry<String, StreamSession> entry(String key, StreamSession session) {
        return new AbstractMap.SimpleEntry<>(key, session);
    }

    private <R> R run(
            com.hazelcast.map.EntryProcessor<String, StreamSession, R> processor,
            Map.Entry<String, StreamSession> entry) {
        if (processor instanceof com.hazelcast.core.HazelcastInstanceAware aware) {
            aware.setHazelcastInstance(member);
        }
        return processor.process(entry);
    }

    private UpdateStream delta(String streamId, String text, int position, long now) {
        return UpdateStream.ofDelta(streamId, client, text, position, now, MAX_CONTENT, UPDATES_PER_SECOND);
    }

    // --- UpdateStream

    @Test
    void anUpdateChecksTheNewTextAndKeepsItInTheStream() {
        var entry = entry("s-1", session("s-1", client));
        var outcome = run(delta("s-1", "key " + AWS_KEY + " ", 0, T0), entry);

        assertThat(outcome)
                .isEqualTo(new UpdateOutcome.Checked(
                        Action.BLOCK,
                        List.of(violation("r-1", Action.BLOCK, 4, 24, AWS_KEY)),
                        25,
                        List.of(),
                        List.of(),
                        ((UpdateOutcome.Checked) outcome).safeOffset()));
        StreamSession after = entry.getValue();
        assertThat(after.scan().content()).isEqualTo("key " + AWS_KEY + " ");
        assertThat(after.updateCount()).isEqualTo(1);
        assertThat(after.ended()).isFalse();
        assertThat(budget.heldBy(client)).isEqualTo(25);
        budget.forget("s-1");
    }

    @Test
    void aRewriteWithdrawsWhatVanished() {
        var entry = entry("s-1", session("s-1", client));
        run(UpdateStream.ofContent("s-1", client, "the falcon lands", T0, MAX_CONTENT, UPDATES_PER_SECOND), entry);
        var outcome = (UpdateOutcome.Checked) run(
                UpdateStream.ofContent("s-1", client, "the eagle lands", T0 + 600, MAX_CONTENT, UPDATES_PER_SECOND),
                entry);

        // The action is the stream's most severe so far: a warning once given stands.
        assertThat(outcome.action()).isEqualTo(Action.WARN);
        assertThat(outcome.newViolations()).isEmpty();
        assertThat(entry.getValue().scan().violations()).isEmpty();
        assertThat(outcome.withdrawn()).containsExactly(violation("r-2", Action.WARN, 4, 10, "falcon"));
        assertThat(outcome.position()).isEqualTo("the eagle lands".length());
        assertThat(entry.getValue().scan().content()).isEqualTo("the eagle lands");
        assertThat(entry.getValue().updateCount()).isEqualTo(2);
        budget.forget("s-1");
    }

    @Test
    void anUpdateForAStreamThatIsNotThereOrNotTheClientsFindsNothingAndChangesNothing() {
        var missing = entry("s-1", (StreamSession) null);
        assertThat(run(delta("s-1", "x", 0, T0), missing)).isEqualTo(new UpdateOutcome.StreamNotFound());
        assertThat(missing.getValue()).isNull();

        var anothers = entry("s-1", session("s-1", UUID.randomUUID()));
        assertThat(run(delta("s-1", "x", 0, T0), anothers)).isEqualTo(new UpdateOutcome.StreamNotFound());
        assertThat(anothers.getValue().scan().content()).isEmpty();

        // A processor made for one stream, sent to another entry, does nothing there.
        var other = entry("s-2", session("s-2", client));
        assertThat(run(delta("s-1", "x", 0, T0), other)).isEqualTo(new UpdateOutcome.StreamNotFound());
        assertThat(other.getValue().updateCount()).isZero();
    }

    @Test
    void aStreamUnderAnotherStreamsKeyIsCountedAsTamperingAndNotTouched() {
        long before = TAMPERING.count(GridTampering.Kind.MISPLACED_ENTRY);
        var misplaced = entry("s-1", session("s-9", client));
        assertThat(run(delta("s-1", "x", 0, T0), misplaced)).isEqualTo(new UpdateOutcome.StreamNotFound());
        assertThat(TAMPERING.count(GridTampering.Kind.MISPLACED_ENTRY)).isEqualTo(before + 1);
        assertThat(misplaced.getValue().scan().content()).isEmpty();
    }

    @Test
    void anEndedStreamTakesNoUpdate() {
        var finished = entry("s-1", session("s-1", client));
        finished.getValue().end(UUID.randomUUID(), AuditRecord.Outcome.FINISHED, T0);
        assertThat(run(delta("s-1", "x", 0, T0), finished)).isEqualTo(new UpdateOutcome.StreamAlreadyFinished());
        assertThat(finished.getValue().scan().content()).isEmpty();

        // An expired stream is gone as far as its client can tell.
        var expired = entry("s-1", session("s-1", client));
        expired.getValue().end(UUID.randomUUID(), AuditRecord.Outcome.EXPIRED, T0);
        assertThat(run(delta("s-1", "x", 0, T0), expired)).isEqualTo(new UpdateOutcome.StreamNotFound());
    }

    @Test
    void aDeltaAtTheWrongPositionIsRefusedWithTheServersPosition() {
        var entry = entry("s-1", session("s-1", client));
        run(delta("s-1", "hello", 0, T0), entry);
        assertThat(run(delta("s-1", " world", 3, T0 + 500), entry)).isEqualTo(new UpdateOutcome.PositionMismatch(5));
        assertThat(entry.getValue().scan().content()).isEqualTo("hello");
        assertThat(entry.getValue().updateCount()).isEqualTo(1);
        budget.forget("s-1");
    }

    @Test
    void contentPastTheLimitIsRefused() {
        var entry = entry("s-1", session("s-1", client));
        run(delta("s-1", "x".repeat(MAX_CONTENT - 1), 0, T0), entry);
        assertThat(run(delta("s-1", "yy", MAX_CONTENT - 1, T0 + 500), entry))
                .isEqualTo(new UpdateOutcome.ContentTooLarge(MAX_CONTENT));
        assertThat(entry.getValue().scan().position()).isEqualTo(MAX_CONTENT - 1);
        assertThat(run(
                        UpdateStream.ofContent(
                                "s-1", client, "z".repeat(MAX_CONTENT + 1), T0 + 1000, MAX_CONTENT, UPDATES_PER_SECOND),
                        entry))
                .isEqualTo(new UpdateOutcome.ContentTooLarge(MAX_CONTENT));
        budget.forget("s-1");
    }

    @Test
    void updatesFasterThanTheRateWaitForTheirToken() {
        var entry = entry("s-1", session("s-1", client));
        assertThat(run(delta("s-1", "a", 0, T0), entry)).isInstanceOf(UpdateOutcome.Checked.class);
        assertThat(run(delta("s-1", "b", 1, T0), entry)).isInstanceOf(UpdateOutcome.Checked.class);
        // The bucket (two a second, one second deep) is empty: the next token comes in 500 ms.
        assertThat(run(delta("s-1", "c", 2, T0), entry)).isEqualTo(new UpdateOutcome.RateLimited(500));
        assertThat(run(delta("s-1", "c", 2, T0 + 400), entry)).isEqualTo(new UpdateOutcome.RateLimited(100));
        assertThat(entry.getValue().scan().content()).isEqualTo("ab");
        assertThat(run(delta("s-1", "c", 2, T0 + 500), entry)).isInstanceOf(UpdateOutcome.Checked.class);
        assertThat(entry.getValue().scan().content()).isEqualTo("abc");
        // A clock that went back (another node's) neither refills nor breaks the bucket.
        assertThat(run(delta("s-1", "d", 3, T0 - 60_000), entry)).isInstanceOf(UpdateOutcome.RateLimited.class);
        budget.forget("s-1");
    }

    @Test
    void aClientsStreamsOnAMemberHoldAtMostItsBudgetAndARefusalHasNoBackup() {
        var first = entry("s-1", session("s-1", client));
        run(delta("s-1", "x".repeat(MAX_CONTENT), 0, T0), first);
        var second = entry("s-2", session("s-2", client));
        UpdateStream over = delta("s-2", "y".repeat(MAX_CLIENT_CHARS - MAX_CONTENT + 1), 0, T0);

        assertThat(run(over, second)).isEqualTo(new UpdateOutcome.ClientBudgetExceeded(MAX_CLIENT_CHARS));
        assertThat(second.getValue().scan().content()).isEmpty();
        assertThat(over.getBackupProcessor()).as("nothing for the backup to do").isNull();
        assertThat(budget.heldBy(client)).isEqualTo(MAX_CONTENT);

        // Another client still has its whole budget.
        var anothers = entry("s-3", session("s-3", UUID.randomUUID()));
        var other = UpdateStream.ofDelta(
                "s-3", anothers.getValue().clientId(), "z".repeat(MAX_CONTENT), 0, T0, MAX_CONTENT, UPDATES_PER_SECOND);
        assertThat(run(other, anothers)).isInstanceOf(UpdateOutcome.Checked.class);
        budget.forget("s-1");
        budget.forget("s-3");
    }

    @Test
    void theBackupReplaysTheUpdateAlikeWithoutKeepingBooks() {
        var primary = entry("s-1", session("s-1", client));
        var replica = entry("s-1", session("s-1", client));
        UpdateStream update = delta("s-1", "falcon " + AWS_KEY, 0, T0);
        var outcome = run(update, primary);
        long held = budget.heldBy(client);

        var backup = (UpdateStream) update.getBackupProcessor();
        assertThat(backup).isNotNull();
        assertThat(backup.backup).isTrue();
        assertThat(run(backup, replica)).isEqualTo(outcome);
        assertThat(replica.getValue().scan().content())
                .isEqualTo(primary.getValue().scan().content());
        assertThat(replica.getValue().updateCount()).isEqualTo(1);
        assertThat(budget.heldBy(client)).as("the backup keeps no books").isEqualTo(held);
        budget.forget("s-1");
    }

    // --- FinishStream

    @Test
    void finishingEndsTheStreamWithItsAuditRecordAndARetryAnswersTheSame() {
        var entry = entry("s-1", session("s-1", client));
        run(delta("s-1", "falcon", 0, T0), entry);
        UUID auditId = UUID.randomUUID();

        var outcome = (UpdateOutcome.Finished)
                run(new FinishStream("s-1", client, null, auditId, T0 + 5_000, MAX_CONTENT), entry);
        AuditRecord audit = outcome.audit();
        assertThat(audit.auditId()).isEqualTo(auditId);
        assertThat(audit.outcome()).isEqualTo(AuditRecord.Outcome.FINISHED);
        assertThat(audit.content()).isEqualTo("falcon");
        assertThat(audit.action()).isEqualTo(Action.WARN);
        assertThat(audit.violations()).containsExactly(violation("r-2", Action.WARN, 0, 6, "falcon"));
        assertThat(audit.updateCount()).isEqualTo(1);
        assertThat(audit.blockedAt()).isNull();
        assertThat(audit.finishedAt().toEpochMilli()).isEqualTo(T0 + 5_000);
        assertThat(entry.getValue().ended()).isTrue();
        assertThat(entry.getValue().auditId()).isEqualTo(auditId);

        var again = run(new FinishStream("s-1", client, null, UUID.randomUUID(), T0 + 9_000, MAX_CONTENT), entry);
        assertThat(again).isEqualTo(new UpdateOutcome.Finished(audit));
        assertThat(entry.getValue().auditId()).isEqualTo(auditId);
        budget.forget("s-1");
    }

    @Test
    void aFinalContentIsCheckedAndCountedAsAnUpdate() {
        var entry = entry("s-1", session("s-1", client));
        run(delta("s-1", "key ", 0, T0), entry);
        var outcome = (UpdateOutcome.Finished) run(
                new FinishStream("s-1", client, "key " + AWS_KEY, UUID.randomUUID(), T0 + 1_000, MAX_CONTENT), entry);

        assertThat(outcome.newViolations()).containsExactly(violation("r-1", Action.BLOCK, 4, 24, AWS_KEY));
        assertThat(outcome.audit().action()).isEqualTo(Action.BLOCK);
        assertThat(outcome.audit().blockedAt())
                .as("the length when it became a block")
                .isEqualTo(24);
        assertThat(outcome.audit().updateCount()).isEqualTo(2);
        assertThat(entry.getValue().scan().content()).isEqualTo("key " + AWS_KEY);
        budget.forget("s-1");
    }

    @Test
    void aFinishIsRefusedForAnExpiredStreamAndForContentPastTheLimit() {
        var expired = entry("s-1", session("s-1", client));
        expired.getValue().end(UUID.randomUUID(), AuditRecord.Outcome.EXPIRED, T0);
        assertThat(run(new FinishStream("s-1", client, null, UUID.randomUUID(), T0, MAX_CONTENT), expired))
                .isEqualTo(new UpdateOutcome.StreamNotFound());

        var open = entry("s-1", session("s-1", client));
        assertThat(run(
                        new FinishStream(
                                "s-1", client, "x".repeat(MAX_CONTENT + 1), UUID.randomUUID(), T0, MAX_CONTENT),
                        open))
                .isEqualTo(new UpdateOutcome.ContentTooLarge(MAX_CONTENT));
        assertThat(open.getValue().ended()).isFalse();

        var missing = entry("s-1", (StreamSession) null);
        assertThat(run(new FinishStream("s-1", client, null, UUID.randomUUID(), T0, MAX_CONTENT), missing))
                .isEqualTo(new UpdateOutcome.StreamNotFound());
        assertThat(missing.getValue()).isNull();
    }

    // --- ExpireStream

    @Test
    void anIdleStreamExpiresWithWhatItReceivedAndOnlyOnce() {
        var entry = entry("s-1", session("s-1", client));
        run(delta("s-1", "falcon", 0, T0), entry);
        UUID auditId = UUID.randomUUID();

        assertThat(run(new ExpireStream("s-1", auditId, T0 + 119_999, 120_000), entry))
                .as("not idle yet")
                .isNull();
        assertThat(entry.getValue().ended()).isFalse();

        AuditRecord audit = run(new ExpireStream("s-1", auditId, T0 + 120_000, 120_000), entry);
        assertThat(audit).isNotNull();
        assertThat(audit.auditId()).isEqualTo(auditId);
        assertThat(audit.outcome()).isEqualTo(AuditRecord.Outcome.EXPIRED);
        assertThat(audit.content()).isEqualTo("falcon");
        assertThat(audit.violations()).containsExactly(violation("r-2", Action.WARN, 0, 6, "falcon"));
        assertThat(entry.getValue().ended()).isTrue();

        assertThat(run(new ExpireStream("s-1", UUID.randomUUID(), T0 + 500_000, 120_000), entry))
                .isNull();
        assertThat(entry.getValue().auditId()).isEqualTo(auditId);
        budget.forget("s-1");
    }

    @Test
    void expiryLeavesOtherEntriesAlone() {
        var other = entry("s-2", session("s-2", client));
        assertThat(run(new ExpireStream("s-1", UUID.randomUUID(), T0 + 999_999, 1), other))
                .isNull();
        assertThat(other.getValue().ended()).isFalse();
        var misplaced = entry("s-1", session("s-2", client));
        assertThat(run(new ExpireStream("s-1", UUID.randomUUID(), T0 + 999_999, 1), misplaced))
                .isNull();
        assertThat(misplaced.getValue().ended()).isFalse();
        assertThat(run(new ExpireStream("s-1", UUID.randomUUID(), T0, 1), entry("s-1", (StreamSession) null)))
                .isNull();
    }

    // --- ConfirmAudited

    @Test
    void onlyAnEndedStreamIsConfirmedAudited() {
        var open = entry("s-1", session("s-1", client));
        assertThat(run(new ConfirmAudited("s-1"), open)).isFalse();
        assertThat(open.getValue().audited()).isFalse();

        var ended = entry("s-1", session("s-1", client));
        ended.getValue().end(UUID.randomUUID(), AuditRecord.Outcome.FINISHED, T0);
        assertThat(run(new ConfirmAudited("s-2"), ended))
                .as("made for another stream")
                .isFalse();
        assertThat(ended.getValue().audited()).isFalse();
        assertThat(run(new ConfirmAudited("s-1"), ended)).isTrue();
        assertThat(ended.getValue().audited()).isTrue();

        var misplaced = entry("s-1", session("s-2", client));
        misplaced.getValue().end(UUID.randomUUID(), AuditRecord.Outcome.FINISHED, T0);
        assertThat(run(new ConfirmAudited("s-1"), misplaced)).isFalse();
        assertThat(run(new ConfirmAudited("s-1"), entry("s-1", (StreamSession) null)))
                .isFalse();
    }
}
