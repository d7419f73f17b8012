package io.streamguard.api.stream;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.streamguard.api.cluster.NodeServices;
import io.streamguard.engine.compile.CompiledRuleSet;
import io.streamguard.engine.scan.EngineLimits;
import org.jspecify.annotations.Nullable;

/**
 * The common part of the processors that change a stream on the member that owns it. A processor
 * is a deterministic function of the stream and its own fields (the time included), because
 * Hazelcast runs it again on the backup replica.
 */
abstract class StreamProcessor implements EntryProcessor<String, StreamSession, UpdateOutcome>,
        IdentifiedDataSerializable, HazelcastInstanceAware {

    protected UUID clientId = new UUID(0, 0);
    protected long nowMillis;
    protected int maxContentChars;
    /** On the backup replica: the scan the primary completed must complete here too, whatever it costs. */
    private boolean backup;
    /** The primary's scan ran out of budget and changed nothing, so the backup must not run it. */
    private transient boolean scanAbandoned;
    private transient @Nullable HazelcastInstance hazelcast;

    StreamProcessor() {
    }

    StreamProcessor(UUID clientId, long nowMillis, int maxContentChars) {
        this.clientId = clientId;
        this.nowMillis = nowMillis;
        this.maxContentChars = maxContentChars;
    }

    @Override
    public final UpdateOutcome process(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null || !session.clientId().equals(clientId)) {
            // Another client's stream is indistinguishable from one that never existed.
            return new UpdateOutcome.StreamNotFound();
        }
        return process(entry, session);
    }

    abstract UpdateOutcome process(Map.Entry<String, StreamSession> entry, StreamSession session);

    /** The work one scan call may do here: the node's budget on the primary, none on the backup. */
    protected long workBudget() {
        return backup ? Long.MAX_VALUE : EngineLimits.current().workPerScan();
    }

    /** The scan ran out of budget: the stream is unchanged, and there is nothing for the backup to do. */
    protected UpdateOutcome scanAbandoned() {
        scanAbandoned = true;
        return new UpdateOutcome.ScanBudgetExceeded();
    }

    /**
     * Hazelcast asks after {@link #process}: the backup replays this processor, without a budget
     * (the primary's budget is decided by work that depends on its caches, so the backup could
     * disagree), and not at all when the primary abandoned its scan.
     */
    @Override
    public @Nullable EntryProcessor<String, StreamSession, UpdateOutcome> getBackupProcessor() {
        if (scanAbandoned) {
            return null;
        }
        backup = true;
        return this;
    }

    protected CompiledRuleSet ruleSet(StreamSession session) {
        if (hazelcast == null) {
            throw new IllegalStateException("processor ran outside a member");
        }
        return NodeServices.of(hazelcast).ruleSet(session.ruleSetVersion());
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public int getFactoryId() {
        return StreamSerialization.FACTORY_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(clientId.getMostSignificantBits());
        out.writeLong(clientId.getLeastSignificantBits());
        out.writeLong(nowMillis);
        out.writeInt(maxContentChars);
        out.writeBoolean(backup);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        clientId = new UUID(in.readLong(), in.readLong());
        nowMillis = in.readLong();
        maxContentChars = in.readInt();
        backup = in.readBoolean();
    }
}
