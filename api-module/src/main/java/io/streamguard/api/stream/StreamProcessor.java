package io.streamguard.api.stream;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import io.streamguard.api.cluster.GridTampering;
import io.streamguard.api.cluster.GridWire;
import io.streamguard.api.cluster.NodeServices;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.scan.CompiledRuleSet;
import io.streamguard.engine.scan.EngineLimits;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The common part of the processors that change a stream on the member that owns it. A processor
 * is a deterministic function of the stream and its own fields (the time included), because
 * Hazelcast runs it again on the backup replica. It names the stream it was made for, so a copy
 * of it sent to another entry does nothing.
 */
abstract class StreamProcessor implements EntryProcessor<String, StreamSession, UpdateOutcome>, HazelcastInstanceAware {

    protected String streamId = "";
    protected UUID clientId = new UUID(0, 0);
    protected long nowMillis;
    protected int maxContentChars;
    /**
     * The copy Hazelcast runs on the backup replica: it changes the stream alike, whatever the scan
     * costs, but keeps no node's books.
     */
    protected boolean backup;
    /** The primary refused the work and changed nothing, so the backup must not run it. */
    private transient boolean refused;

    private transient @Nullable HazelcastInstance hazelcast;

    StreamProcessor() {}

    StreamProcessor(String streamId, UUID clientId, long nowMillis, int maxContentChars) {
        this.streamId = streamId;
        this.clientId = clientId;
        this.nowMillis = nowMillis;
        this.maxContentChars = maxContentChars;
    }

    @Override
    public final UpdateOutcome process(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null
                || !entry.getKey().equals(streamId)
                || !session.clientId().equals(clientId)) {
            // Another client's stream is indistinguishable from one that never existed.
            return new UpdateOutcome.StreamNotFound();
        }
        if (!session.streamId().equals(entry.getKey())) {
            node().tampering().record(GridTampering.Kind.MISPLACED_ENTRY, "stream " + entry.getKey());
            return new UpdateOutcome.StreamNotFound();
        }
        return process(entry, session);
    }

    abstract UpdateOutcome process(Map.Entry<String, StreamSession> entry, StreamSession session);

    /** The work one scan call may do here: the node's budget on the primary, none on the backup. */
    protected long workBudget() {
        return backup ? Long.MAX_VALUE : EngineLimits.current().workPerScan();
    }

    /**
     * The primary refused this work by a limit of its own node (its scan budget, its books of
     * client memory), which the backup cannot judge alike: the stream is unchanged, and there is
     * nothing for the backup to do.
     */
    protected UpdateOutcome refused(UpdateOutcome outcome) {
        refused = true;
        return outcome;
    }

    protected UpdateOutcome scanAbandoned() {
        return refused(new UpdateOutcome.ScanBudgetExceeded());
    }

    protected CompiledRuleSet ruleSet(StreamSession session) {
        return node().ruleSet(session.ruleSetVersion());
    }

    /** This member's books of what each client holds, or none on a backup replica. */
    protected @Nullable ClientMemoryBudget budget() {
        if (backup || hazelcast == null) {
            return null;
        }
        return ClientMemoryBudget.of(hazelcast);
    }

    /**
     * Refused if the stream growing to {@code length} characters would take its client past its
     * memory budget on this member; nothing on a backup replica, which keeps no books.
     */
    protected @Nullable UpdateOutcome overBudget(long length) {
        ClientMemoryBudget budget = budget();
        if (budget == null || budget.allows(streamId, clientId, length)) {
            return null;
        }
        return refused(new UpdateOutcome.ClientBudgetExceeded(budget.maxCharsPerClient()));
    }

    static List<Violation> views(List<io.streamguard.engine.scan.Violation> violations) {
        return violations.stream().map(Violation::of).toList();
    }

    abstract StreamProcessor copy();

    /**
     * Hazelcast asks after {@link #process}: the backup replays a copy of this processor without a
     * budget (the primary's budget is decided by work that depends on its caches, so the backup
     * could disagree), and nothing when the primary refused the work.
     */
    @Override
    public final @Nullable StreamProcessor getBackupProcessor() {
        if (refused) {
            return null;
        }
        StreamProcessor copy = copy();
        copy.backup = true;
        return copy;
    }

    private NodeServices node() {
        if (hazelcast == null) {
            throw new IllegalStateException("processor ran outside a member");
        }
        return NodeServices.of(hazelcast);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    void writeCommon(DataOutput out) throws IOException {
        GridWire.writeString(out, streamId);
        GridWire.writeUuid(out, clientId);
        out.writeLong(nowMillis);
        out.writeInt(maxContentChars);
        out.writeBoolean(backup);
    }

    void copyCommon(StreamProcessor from) {
        streamId = from.streamId;
        clientId = from.clientId;
        nowMillis = from.nowMillis;
        maxContentChars = from.maxContentChars;
        backup = from.backup;
    }

    void readCommon(DataInput in) throws IOException {
        streamId = GridWire.readString(in);
        clientId = GridWire.readUuid(in);
        nowMillis = in.readLong();
        maxContentChars = in.readInt();
        backup = in.readBoolean();
    }
}
