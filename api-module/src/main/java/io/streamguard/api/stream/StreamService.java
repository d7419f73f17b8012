package io.streamguard.api.stream;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.streamguard.api.audit.AuditLog;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.audit.AuditWriter;
import io.streamguard.api.rules.PublishedRuleSet;
import io.streamguard.api.rules.RuleSets;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.MemoryGuard;
import io.streamguard.api.system.Refusal;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.api.verdict.ActionJson;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Streaming sessions: start one, check what is new, finish with one audit row. The work of an
 * update runs on the member that owns the stream, in one hop and atomically per stream.
 */
@Service
public class StreamService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LONE_MEMBER_WAIT = Duration.ofSeconds(5);

    private final IMap<String, StreamSession> streams;
    private final RuleSets ruleSets;
    private final StreamJanitor janitor;
    private final AuditLog audit;
    private final AuditWriter writer;
    private final HazelcastInstance hazelcast;
    private final StreamMetrics metrics;
    private final ActivityPublisher activityPublisher;
    private final MemoryGuard memory;
    private final StreamGuardProperties.Limits limits;
    private final Clock clock;

    StreamService(
            IMap<String, StreamSession> streams,
            RuleSets ruleSets,
            StreamJanitor janitor,
            AuditLog audit,
            AuditWriter writer,
            HazelcastInstance hazelcast,
            StreamMetrics metrics,
            ActivityPublisher activityPublisher,
            MemoryGuard memory,
            StreamGuardProperties properties,
            Clock clock) {
        this.memory = memory;
        this.hazelcast = hazelcast;
        this.metrics = metrics;
        this.activityPublisher = activityPublisher;
        this.streams = streams;
        this.ruleSets = ruleSets;
        this.janitor = janitor;
        this.audit = audit;
        this.writer = writer;
        this.limits = properties.limits();
        this.clock = clock;
    }

    public Started start(UUID clientId, StreamContext context) {
        if (!memory.hasRoomForNewStreams()) {
            throw new StreamRefusal(ErrorCode.UNAVAILABLE, "This node is short of memory; retry shortly.")
                    .retryAfter(Duration.ofSeconds(5));
        }
        // A scan of every stream, deliberately not an index: with an index Hazelcast copies a stream's
        // whole state on every update to maintain it, and updates stop being independent of length.
        CountStreams.Counts counts = streams.aggregate(new CountStreams(clientId));
        if (counts.unaudited() >= limits.maxOpenStreams()) {
            throw new StreamRefusal(
                            ErrorCode.TOO_MANY_STREAMS,
                            "The service has as many open streams as it may hold;" + " retry shortly.")
                    .retryAfter(Duration.ofSeconds(5));
        }
        long open = counts.openOfClient();
        if (open >= limits.maxOpenStreamsPerClient()) {
            throw new StreamRefusal(
                            ErrorCode.TOO_MANY_STREAMS,
                            "This client has " + open + " open streams, the most it may have; finish some first.")
                    .retryAfter(Duration.ofSeconds(1));
        }
        PublishedRuleSet ruleSet = ruleSets.current();
        String streamId = newStreamId();
        Instant now = clock.instant();
        var session = new StreamSession(
                streamId,
                clientId,
                context,
                ruleSet.version(),
                ruleSet.compiled().newScan(),
                now.toEpochMilli(),
                limits.maxUpdatesPerSecond());
        streams.set(streamId, session);
        metrics.started();
        return new Started(streamId, now.plus(limits.idleTimeout()), ruleSet);
    }

    public UpdateOutcome.Checked updateContent(UUID clientId, String streamId, String content) {
        requireWithinLimit(content.length());
        return update(
                streamId,
                UpdateStream.ofContent(
                        streamId,
                        clientId,
                        content,
                        clock.millis(),
                        limits.maxContentChars(),
                        limits.maxUpdatesPerSecond()));
    }

    public UpdateOutcome.Checked appendDelta(UUID clientId, String streamId, String delta, int position) {
        requireWithinLimit(delta.length());
        return update(
                streamId,
                UpdateStream.ofDelta(
                        streamId,
                        clientId,
                        delta,
                        position,
                        clock.millis(),
                        limits.maxContentChars(),
                        limits.maxUpdatesPerSecond()));
    }

    private UpdateOutcome.Checked update(String streamId, UpdateStream update) {
        long started = System.nanoTime();
        UpdateOutcome outcome = streams.executeOnKey(streamId, update);
        metrics.updated(System.nanoTime() - started, outcome);
        return checked(outcome);
    }

    public Finished finish(UUID clientId, String streamId, @Nullable String finalContent) {
        if (finalContent != null) {
            requireWithinLimit(finalContent.length());
        }
        long started = System.nanoTime();
        UpdateOutcome outcome = streams.executeOnKey(
                streamId,
                new FinishStream(
                        streamId, clientId, finalContent, UUID.randomUUID(), clock.millis(), limits.maxContentChars()));
        metrics.finished(System.nanoTime() - started);
        if (outcome instanceof UpdateOutcome.StreamNotFound) {
            // Long finished and let go by the cluster: the audit log still knows the answer.
            return audit.findFinishedStream(streamId, clientId)
                    .map(entry -> new Finished(
                            entry.action(),
                            entry.violations(),
                            entry.auditId(),
                            entry.content().length(),
                            List.of(),
                            List.of(),
                            List.of()))
                    .orElseThrow(() -> refusal(outcome));
        }
        if (!(outcome instanceof UpdateOutcome.Finished finished)) {
            throw refusal(outcome);
        }
        // The answer waits for nothing but the cluster: executeOnKey returned only after the ended
        // stream, holding the record, reached its synchronous backup (Hazelcast waits for backup acks
        // before completing the call). The row goes to Postgres with the next group this node's writer
        // commits; if Postgres or this node fails first, the owner's janitor writes it from the map.
        // A retried finish re-offers the same row.
        janitor.record(streamId, finished.audit());
        AuditRecord record = finished.audit();
        if (hazelcast.getCluster().getMembers().size() < 2) {
            // A member alone has no backup: the record is only in this process until its group commits,
            // so the answer waits for that (not while Postgres is away: then it answers from memory).
            writer.awaitWritten(record.auditId(), LONE_MEMBER_WAIT);
        }
        return new Finished(
                record.action(),
                record.violations(),
                record.auditId(),
                record.content().length(),
                finished.newViolations(),
                finished.withdrawn(),
                finished.revised());
    }

    /**
     * Where an open stream of this client stands, for a client that lost its connection: read from a copy of
     * the stream, so the stream itself is untouched (no update counted, no rate spent).
     */
    public Resumed resume(UUID clientId, String streamId) {
        StreamSession session = streams.get(streamId);
        if (session == null
                || !session.clientId().equals(clientId)
                || !session.streamId().equals(streamId)) {
            throw refusal(new UpdateOutcome.StreamNotFound());
        }
        if (session.ended()) {
            throw refusal(
                    session.auditRecord().outcome() == AuditRecord.Outcome.EXPIRED
                            ? new UpdateOutcome.StreamNotFound()
                            : new UpdateOutcome.StreamAlreadyFinished());
        }
        var now = session.scan()
                .append(
                        ruleSets.ruleSet(session.ruleSetVersion()),
                        session.scan().position(),
                        "",
                        Long.MAX_VALUE);
        return new Resumed(streamId, now.action(), now.position(), now.safeOffset());
    }

    /** Open streams, updates per second and blocks in the last minute, across the cluster. */
    public StreamActivity activity() {
        long open = streams.aggregate(Aggregators.count(), new LiveStream.Open());
        long updates = 0;
        long blocks = 0;
        for (NodeActivity node : activityPublisher.activity().values()) {
            updates += node.updatesLastSecond();
            blocks += node.blocksLastMinute();
        }
        return new StreamActivity(open, updates, blocks);
    }

    /** Open streams across the cluster, newest first, each with the member that owns it. */
    public List<LiveStream> live(int limit) {
        var partitions = hazelcast.getPartitionService();
        return streams.project(new LiveStream.Of(), new LiveStream.Open()).stream()
                .sorted(java.util.Comparator.comparing(LiveStream::startedAt).reversed())
                .limit(limit)
                .map(stream -> {
                    var owner = partitions.getPartition(stream.streamId()).getOwner();
                    return stream.withOwner(
                            owner == null ? "unknown" : owner.getAddress().toString());
                })
                .toList();
    }

    private UpdateOutcome.Checked checked(UpdateOutcome outcome) {
        if (outcome instanceof UpdateOutcome.Checked checked) {
            return checked;
        }
        throw refusal(outcome);
    }

    private void requireWithinLimit(int length) {
        if (length > limits.maxContentChars()) {
            throw tooLarge(limits.maxContentChars());
        }
    }

    private static Refusal refusal(UpdateOutcome outcome) {
        return switch (outcome) {
            case UpdateOutcome.StreamNotFound ignored ->
                new StreamRefusal(ErrorCode.STREAM_NOT_FOUND, "No such stream: it is unknown, expired, or not yours.");
            case UpdateOutcome.StreamAlreadyFinished ignored ->
                new StreamRefusal(ErrorCode.STREAM_FINISHED, "The stream is finished; start a new one.");
            case UpdateOutcome.PositionMismatch mismatch ->
                new StreamRefusal(
                                ErrorCode.POSITION_MISMATCH,
                                "The delta must be appended at the server's position " + mismatch.serverPosition()
                                        + ".")
                        .with("position", mismatch.serverPosition());
            case UpdateOutcome.ContentTooLarge tooLarge -> tooLarge(tooLarge.maxContentChars());
            case UpdateOutcome.RateLimited limited ->
                new StreamRefusal(ErrorCode.RATE_LIMITED, "Too many updates for this stream; slow down.")
                        .retryAfter(Duration.ofMillis(limited.retryAfterMillis()));
            case UpdateOutcome.ClientBudgetExceeded exceeded ->
                new StreamRefusal(
                                ErrorCode.CLIENT_BUDGET_EXCEEDED,
                                "This client's open streams hold as much text as it may hold ("
                                        + exceeded.maxClientChars()
                                        + " characters on the node that owns this stream); finish some first.")
                        .with("maxClientChars", exceeded.maxClientChars())
                        .retryAfter(Duration.ofSeconds(1));
            case UpdateOutcome.ScanBudgetExceeded ignored ->
                new StreamRefusal(ErrorCode.SCAN_BUDGET_EXCEEDED, Refusal.SCAN_BUDGET_EXCEEDED);
            case UpdateOutcome.Checked ignored -> throw new IllegalStateException("not a problem");
            case UpdateOutcome.Finished ignored -> throw new IllegalStateException("not a problem");
        };
    }

    private static Refusal tooLarge(int max) {
        return new StreamRefusal(
                        ErrorCode.CONTENT_TOO_LARGE, "A stream's content may be at most " + max + " characters.")
                .with("maxContentChars", max);
    }

    /** 192 bits from a CSPRNG: unguessable, so a stream id is not a credential anyone can forge. */
    private static String newStreamId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public record Started(String streamId, Instant expiresAt, PublishedRuleSet ruleSet) {}

    /** An open stream as a resuming client needs it: its action so far, its position and its safe offset. */
    public record Resumed(
            String streamId,

            @JsonSerialize(using = ActionJson.Writer.class) @JsonDeserialize(using = ActionJson.Reader.class)
            Action action,

            int position,
            int safeOffset) {}

    /**
     * A finish's answer: the message's verdict, and what this call changed (empty for a retried finish).
     * After a finish nothing is pending, so the safe offset is the position.
     */
    public record Finished(
            @JsonSerialize(using = ActionJson.Writer.class) @JsonDeserialize(using = ActionJson.Reader.class)
            Action action,

            List<Violation> violations,
            UUID auditId,
            int position,
            List<Violation> newViolations,
            List<Violation> withdrawn,
            List<RevisedViolation> revised) {}
}
