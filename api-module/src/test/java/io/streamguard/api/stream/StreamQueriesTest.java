package io.streamguard.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.compile.RuleSetCompiler;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.rules.RuleSpec;
import io.streamguard.engine.scan.CompiledRuleSet;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What else runs on the members over the streams they own: the janitor's predicate, the start's count, the admin's
 * projection, and the interceptor that keeps unaudited streams in the map. Each is a plain function of entries.
 */
class StreamQueriesTest {

    private static final long T0 = 1_764_000_000_000L;
    private static final CompiledRuleSet RULES = RuleSetCompiler.compile(
            3, List.of(RuleSpec.keyword("r-2", "Codename", List.of("falcon"), false, false, Action.WARN)));

    private final UUID client = UUID.randomUUID();

    private enum State {
        OPEN,
        ENDED,
        AUDITED
    }

    /** The one place this test builds a stream: open with {@code text} since {@code T0}, or ended at {@code endedAt}. */
    private Map.Entry<String, StreamSession> stream(
            String streamId, UUID owner, String text, State state, long endedAt) {
        var session =
                new StreamSession(streamId, owner, new StreamContext("u-1", "bot", "tab"), 3, RULES.newScan(), T0, 50);
        if (!text.isEmpty()) {
            session.scan().append(RULES, 0, text);
            session.countUpdate();
        }
        if (state != State.OPEN) {
            session.end(UUID.randomUUID(), AuditRecord.Outcome.FINISHED, endedAt);
        }
        if (state == State.AUDITED) {
            session.markAudited();
        }
        return new AbstractMap.SimpleEntry<>(streamId, session);
    }

    @Test
    void theJanitorLooksAtIdleStreamsUnconfirmedEndsAndConfirmedOnesKeptLongEnough() {
        var care = new StreamsNeedingCare(T0 + 10_000, 10_000, 2_000, 60_000);
        assertThat(care.apply(stream("s-1", client, "", State.OPEN, 0)))
                .as("idle for the timeout")
                .isTrue();
        assertThat(new StreamsNeedingCare(T0 + 9_999, 10_000, 2_000, 60_000)
                        .apply(stream("s-1", client, "", State.OPEN, 0)))
                .as("not idle yet")
                .isFalse();
        assertThat(care.apply(stream("s-1", client, "", State.ENDED, T0 + 8_000)))
                .as("unconfirmed, settled")
                .isTrue();
        assertThat(care.apply(stream("s-1", client, "", State.ENDED, T0 + 8_001)))
                .as("still settling")
                .isFalse();
        assertThat(care.apply(stream("s-1", client, "", State.AUDITED, T0 + 8_000)))
                .as("kept for retries")
                .isFalse();
        assertThat(care.apply(stream("s-1", client, "", State.AUDITED, T0 - 50_000)))
                .as("kept long enough")
                .isTrue();
        assertThat(care.apply(new AbstractMap.SimpleEntry<>("s-1", null))).isFalse();
    }

    @Test
    void theStartCountsAClientsOpenStreamsAndEveryUnauditedOneAcrossPartitions() {
        UUID other = UUID.randomUUID();
        List<Map.Entry<String, StreamSession>> part1 = List.of(
                stream("a", client, "", State.OPEN, 0),
                stream("b", client, "", State.ENDED, T0),
                stream("c", other, "", State.OPEN, 0));
        List<Map.Entry<String, StreamSession>> part2 = new ArrayList<>(List.of(
                stream("d", client, "", State.OPEN, 0),
                stream("e", client, "", State.AUDITED, T0),
                stream("f", other, "", State.AUDITED, T0)));
        part2.add(new AbstractMap.SimpleEntry<>("g", null));

        var first = new CountStreams(client);
        part1.forEach(first::accumulate);
        var second = new CountStreams(client);
        part2.forEach(second::accumulate);
        first.combine(second);
        assertThat(first.aggregate()).isEqualTo(new CountStreams.Counts(2, 4));
    }

    @Test
    void theAdminSeesOpenStreamsSummarised() {
        var open = stream("s-1", client, "the falcon", State.OPEN, 0);
        assertThat(new LiveStream.Open().apply(open)).isTrue();
        assertThat(new LiveStream.Open().apply(stream("s-2", client, "", State.ENDED, T0)))
                .isFalse();
        assertThat(new LiveStream.Open().apply(new AbstractMap.SimpleEntry<>("s-3", null)))
                .isFalse();

        assertThat(new LiveStream.Of().transform(open))
                .isEqualTo(new LiveStream(
                        "s-1",
                        client,
                        "u-1",
                        "bot",
                        null,
                        Instant.ofEpochMilli(T0),
                        Instant.ofEpochMilli(T0),
                        10,
                        1,
                        Action.WARN,
                        List.of(new Violation("r-2", "Codename", Action.WARN, 4, 10, "falcon"))));
    }

    @Test
    void onlyAnAuditedStreamMayLeaveTheMapAndNoPutReplacesAStream() {
        var tampering = new GridTampering();
        List<StreamSession> putBack = new ArrayList<>();
        var keep = new KeepUnauditedStreams(7, tampering, putBack::add);

        StreamSession audited = stream("s-1", client, "", State.AUDITED, T0).getValue();
        assertThat(keep.interceptRemove(audited)).isSameAs(audited);
        assertThat(putBack).isEmpty();

        for (State state : List.of(State.OPEN, State.ENDED)) {
            StreamSession unaudited = stream("s-2", client, "", state, T0).getValue();
            assertThatThrownBy(() -> keep.interceptRemove(unaudited))
                    .isInstanceOf(KeepUnauditedStreams.StreamRemovalRefusedException.class);
            assertThat(putBack).last().isSameAs(unaudited);
        }
        assertThat(tampering.count(GridTampering.Kind.STREAM_REMOVED)).isEqualTo(2);

        StreamSession held = stream("s-3", client, "", State.OPEN, 0).getValue();
        assertThat(keep.interceptPut(null, held)).as("a new stream").isSameAs(held);
        assertThat(keep.interceptPut(held, held))
                .as("changed in place by a processor")
                .isSameAs(held);
        StreamSession older = stream("s-3", client, "", State.OPEN, 0).getValue();
        assertThatThrownBy(() -> keep.interceptPut(held, older))
                .isInstanceOf(KeepUnauditedStreams.StreamRemovalRefusedException.class);
        assertThat(tampering.count(GridTampering.Kind.STREAM_REPLACED)).isEqualTo(1);

        assertThat(keep)
                .isEqualTo(new KeepUnauditedStreams(7, new GridTampering(), s -> {}))
                .hasSameHashCodeAs(new KeepUnauditedStreams(7, tampering, s -> {}));
        assertThat(new KeepUnauditedStreams(tampering, s -> {}).identity())
                .as("a random identity, so a stranger cannot name it")
                .isNotEqualTo(new KeepUnauditedStreams(tampering, s -> {}).identity());
    }
}
