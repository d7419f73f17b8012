package io.streamguard.api.stream;

import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.cluster.WireSamples;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The stream feature's wire types, for the cluster's round-trip test: text empty, very long and far from
 * ASCII, every optional field both absent and present, every audit outcome.
 */
class StreamWireSamples implements WireSamples {

    private static final UUID CLIENT = UUID.fromString("8d2c1f1e-52a4-4c1b-9d55-0a4c8e2f6b11");
    private static final String LONG_TEXT = "lorem ipsum ".repeat(30_000);
    private static final String FAR_FROM_ASCII = "ünïcødé 😀 中文 עברית \u200b\ufeff";

    @Override
    public Map<Class<?>, List<?>> samples() {
        var violation = violation("r-1", Action.BLOCK, 3, 23, "AKIA…");
        var withdrawn = violation("r-2", Action.WARN, 0, 6, FAR_FROM_ASCII);
        var revised = new RevisedViolation(
                "r-3", "Slack token", Action.BLOCK, 12, 30, "xoxb-1234567890abc", new RevisedViolation.Span(12, 27));
        var finished =
                record(AuditRecord.Outcome.FINISHED, "s-1", Action.BLOCK, FAR_FROM_ASCII, List.of(violation), 12);
        var expired = record(AuditRecord.Outcome.EXPIRED, "s-2", Action.ALLOW, "", List.of(), null);
        var checked =
                record(AuditRecord.Outcome.CHECKED, null, Action.WARN, LONG_TEXT, List.of(violation, withdrawn), null);

        var backup = (UpdateStream) UpdateStream.ofContent("s-1", CLIENT, LONG_TEXT, 5L, 262_144, 50)
                .getBackupProcessor();
        return Map.ofEntries(
                Map.entry(
                        StreamSession.class,
                        List.of(
                                session("", ""),
                                session("s-1", "hello AKIA there"),
                                session("s-2", FAR_FROM_ASCII + " secret"),
                                endedSession())),
                Map.entry(
                        UpdateOutcome.class,
                        List.of(
                                new UpdateOutcome.Checked(
                                        Action.WARN, List.of(violation), 40, List.of(withdrawn), List.of(revised), 31),
                                new UpdateOutcome.Checked(Action.ALLOW, List.of(), 0, List.of(), List.of(), 0),
                                new UpdateOutcome.Finished(
                                        finished, List.of(violation), List.of(withdrawn), List.of(revised, revised)),
                                new UpdateOutcome.Finished(expired),
                                new UpdateOutcome.Finished(checked),
                                new UpdateOutcome.StreamNotFound(),
                                new UpdateOutcome.StreamAlreadyFinished(),
                                new UpdateOutcome.PositionMismatch(Integer.MAX_VALUE),
                                new UpdateOutcome.ContentTooLarge(100),
                                new UpdateOutcome.RateLimited(250),
                                new UpdateOutcome.ClientBudgetExceeded(Long.MAX_VALUE),
                                new UpdateOutcome.ScanBudgetExceeded())),
                Map.entry(
                        UpdateStream.class,
                        List.of(
                                UpdateStream.ofDelta("s-1", CLIENT, FAR_FROM_ASCII, 17, 1234L, 262_144, 50),
                                UpdateStream.ofContent("s-1", CLIENT, "", 0L, 1, 1),
                                backup)),
                Map.entry(
                        FinishStream.class,
                        List.of(
                                new FinishStream("s-1", CLIENT, null, UUID.randomUUID(), 99L, 10),
                                new FinishStream(
                                        "s-1", CLIENT, LONG_TEXT, UUID.randomUUID(), Long.MAX_VALUE, 262_144))),
                Map.entry(
                        ExpireStream.class,
                        List.of(
                                new ExpireStream("s-1", UUID.randomUUID(), 5_000L, 120_000L),
                                new ExpireStream("", new UUID(0, 0), 0, 0))),
                Map.entry(ConfirmAudited.class, List.of(new ConfirmAudited("s-9"), new ConfirmAudited(FAR_FROM_ASCII))),
                Map.entry(AuditRecord.class, List.of(finished, expired, checked)),
                Map.entry(
                        LiveStream.class,
                        List.of(
                                new LiveStream(
                                        "s-1",
                                        CLIENT,
                                        "u",
                                        "b",
                                        null,
                                        Instant.EPOCH,
                                        Instant.EPOCH,
                                        5,
                                        2,
                                        Action.ALLOW,
                                        List.of()),
                                new LiveStream(
                                        "s-2",
                                        CLIENT,
                                        FAR_FROM_ASCII,
                                        "",
                                        "member-1",
                                        Instant.parse("2026-11-30T10:00:00.123456789Z"),
                                        Instant.MAX,
                                        1 << 20,
                                        7,
                                        Action.BLOCK,
                                        List.of(violation, withdrawn)))),
                Map.entry(LiveStream.Of.class, List.of(new LiveStream.Of())),
                Map.entry(LiveStream.Open.class, List.of(new LiveStream.Open())),
                Map.entry(CountStreams.class, List.of(new CountStreams(CLIENT), new CountStreams(CLIENT, 3, 7))),
                Map.entry(
                        StreamsNeedingCare.class,
                        List.of(
                                new StreamsNeedingCare(1, 2, 3, 4),
                                new StreamsNeedingCare(Long.MAX_VALUE, 0, -1, Long.MIN_VALUE))),
                Map.entry(NodeActivity.class, List.of(new NodeActivity(1, 2, 3), new NodeActivity(0, 0, 0))),
                Map.entry(
                        KeepUnauditedStreams.class,
                        List.of(
                                new KeepUnauditedStreams(new GridTampering(), s -> {}),
                                new KeepUnauditedStreams(-1, new GridTampering(), s -> {}))));
    }

    static Violation violation(String ruleId, Action action, int start, int end, String excerpt) {
        return new Violation(ruleId, "rule " + ruleId, action, start, end, excerpt);
    }

    static AuditRecord record(
            AuditRecord.Outcome outcome,
            @Nullable String streamId,
            Action action,
            String content,
            List<Violation> violations,
            @Nullable Integer blockedAt) {
        return new AuditRecord(
                UUID.randomUUID(),
                outcome,
                streamId,
                CLIENT,
                "u-1",
                "bot",
                "tab",
                action,
                content,
                violations,
                7,
                3,
                blockedAt,
                Instant.parse("2026-11-30T10:00:00.123456789Z"),
                Instant.parse("2026-11-30T10:01:00Z"));
    }

    private static StreamSession session(String streamId, String text) {
        CompiledRuleSet rules = rules();
        var session = new StreamSession(
                streamId, CLIENT, new StreamContext("u-1", FAR_FROM_ASCII, ""), 3, rules.newScan(), 1_000L, 50);
        if (!text.isEmpty()) {
            session.scan().append(rules, 0, text);
            session.countUpdate();
        }
        return session;
    }

    /** Ended as expired and confirmed in the audit log: every optional field of a session set. */
    private static StreamSession endedSession() {
        StreamSession session = session("s-3", "the secret is AKIAQWERTYUIOPASDFGH");
        session.scan().finish(rules());
        session.end(UUID.randomUUID(), AuditRecord.Outcome.EXPIRED, 9_000L);
        session.markAudited();
        return session;
    }

    private static CompiledRuleSet rules() {
        return RuleSetCompiler.compile(
                3,
                List.of(
                        RuleSpec.regex("r-1", "AWS key", "AKIA[0-9A-Z]{16}", "", Action.BLOCK),
                        RuleSpec.keyword("r-2", "Words", List.of("secret", "AKIA"), false, false, Action.WARN)));
    }
}
