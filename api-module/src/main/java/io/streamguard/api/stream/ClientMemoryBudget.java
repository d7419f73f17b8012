package io.streamguard.api.stream;

import com.hazelcast.core.HazelcastInstance;
import io.streamguard.api.cluster.MemberContext;
import io.streamguard.api.system.StreamGuardProperties;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * How much stream text each client holds on this member, so that one client's streams fill at
 * most a set share of the heap and every other client keeps its room; and which streams those
 * are, so that what the map loses without a node of ours removing it can be put back. Kept by the
 * processors on the member that owns each stream (the primary replica; backups are reckoned in the
 * share), and cleaned of streams that moved to another member.
 */
@Component
public class ClientMemoryBudget implements MemberContext {

    /** Heap per character held: the text, its checkpoints, the matcher state and a backup elsewhere. */
    static final int BYTES_PER_CHAR = 4;

    /** The stream as this member holds it: the same object the map holds, changed in place by the processors. */
    private record Held(UUID clientId, long chars, StreamSession session) {}

    private final Map<String, Held> byStream = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicLong> byClient = new ConcurrentHashMap<>();
    private final long maxCharsPerClient;

    ClientMemoryBudget(StreamGuardProperties properties) {
        var limits = properties.limits();
        this.maxCharsPerClient = limits.maxClientChars() > 0
                ? limits.maxClientChars()
                : (long) (limits.maxClientHeapShare() * Runtime.getRuntime().maxMemory() / BYTES_PER_CHAR);
    }

    /** This member's budget, for processors running on it. */
    static ClientMemoryBudget of(HazelcastInstance hazelcast) {
        return (ClientMemoryBudget) Objects.requireNonNull(
                hazelcast.getUserContext().get(ClientMemoryBudget.class.getName()),
                "the cluster configuration puts the budget in the member's user context before it starts");
    }

    public long maxCharsPerClient() {
        return maxCharsPerClient;
    }

    /** Whether the stream may grow to {@code newLength} characters within its client's budget. */
    boolean allows(String streamId, UUID clientId, long newLength) {
        Held held = byStream.get(streamId);
        long growth = newLength - (held == null ? 0 : held.chars());
        return growth <= 0 || heldBy(clientId) + growth <= maxCharsPerClient;
    }

    void record(StreamSession session, long length) {
        String streamId = session.streamId();
        UUID clientId = session.clientId();
        Held before = byStream.put(streamId, new Held(clientId, length, session));
        long change = length - (before == null ? 0 : before.chars());
        byClient.computeIfAbsent(clientId, id -> new AtomicLong()).addAndGet(change);
    }

    void forget(String streamId) {
        Held held = byStream.remove(streamId);
        if (held != null) {
            byClient.computeIfPresent(
                    held.clientId(), (id, total) -> total.addAndGet(-held.chars()) <= 0 ? null : total);
        }
    }

    /**
     * The streams this member owns that do not yet have their audit row: what must be put back if
     * the map loses them to something no node of ours does (a clear, an eviction of everything, a
     * destroyed map, a time-to-live set on them).
     */
    List<StreamSession> unaudited() {
        return byStream.values().stream()
                .map(Held::session)
                .filter(s -> !s.audited())
                .toList();
    }

    /** Drops the streams this member no longer owns (they moved when members joined or left). */
    void retainOnly(Predicate<String> ownedHere) {
        byStream.keySet().stream().filter(ownedHere.negate()).toList().forEach(this::forget);
    }

    long heldBy(UUID clientId) {
        AtomicLong total = byClient.get(clientId);
        return total == null ? 0 : total.get();
    }
}
