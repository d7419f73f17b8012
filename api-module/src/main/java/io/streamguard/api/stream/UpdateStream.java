package io.streamguard.api.stream;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.audit.ViolationView;
import io.streamguard.engine.scan.PositionMismatchException;
import io.streamguard.engine.scan.ScanBudgetExceededException;
import io.streamguard.engine.scan.ScanUpdate;
import org.jspecify.annotations.Nullable;

/**
 * Checks the text a stream has not seen yet: either the current full content (the engine finds
 * what is new, or re-scans from the first changed character) or a delta appended at a position.
 */
final class UpdateStream extends StreamProcessor {

    private @Nullable String content;
    private @Nullable String delta;
    private int position = -1;
    private int maxUpdatesPerSecond;

    UpdateStream() {
    }

    static UpdateStream ofContent(UUID clientId, String content, long nowMillis, int maxContentChars,
            int maxUpdatesPerSecond) {
        UpdateStream update = new UpdateStream(clientId, nowMillis, maxContentChars, maxUpdatesPerSecond);
        update.content = content;
        return update;
    }

    static UpdateStream ofDelta(UUID clientId, String delta, int position, long nowMillis, int maxContentChars,
            int maxUpdatesPerSecond) {
        UpdateStream update = new UpdateStream(clientId, nowMillis, maxContentChars, maxUpdatesPerSecond);
        update.delta = delta;
        update.position = position;
        return update;
    }

    private UpdateStream(UUID clientId, long nowMillis, int maxContentChars, int maxUpdatesPerSecond) {
        super(clientId, nowMillis, maxContentChars);
        this.maxUpdatesPerSecond = maxUpdatesPerSecond;
    }

    @Override
    UpdateOutcome process(Map.Entry<String, StreamSession> entry, StreamSession session) {
        if (session.ended()) {
            return session.auditRecord().outcome() == AuditRecord.Outcome.EXPIRED
                    ? new UpdateOutcome.StreamNotFound()
                    : new UpdateOutcome.StreamAlreadyFinished();
        }
        long waitMillis = session.takeUpdateToken(nowMillis, maxUpdatesPerSecond);
        if (waitMillis > 0) {
            entry.setValue(session);
            return new UpdateOutcome.RateLimited(waitMillis);
        }
        long length = content != null ? content.length() : (long) session.scan().position() + delta.length();
        if (length > maxContentChars) {
            entry.setValue(session);
            return new UpdateOutcome.ContentTooLarge(maxContentChars);
        }
        ScanUpdate update;
        try {
            update = content != null
                    ? session.scan().update(ruleSet(session), content, workBudget())
                    : session.scan().append(ruleSet(session), position, delta, workBudget());
        }
        catch (PositionMismatchException e) {
            entry.setValue(session);
            return new UpdateOutcome.PositionMismatch(e.serverPosition());
        }
        catch (ScanBudgetExceededException e) {
            return scanAbandoned();
        }
        session.countUpdate();
        entry.setValue(session);
        return new UpdateOutcome.Checked(update.action().wireName(),
                update.newViolations().stream().map(ViolationView::of).toList(), update.position());
    }

    @Override
    public int getClassId() {
        return StreamSerialization.UPDATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        super.writeData(out);
        out.writeString(content);
        out.writeString(delta);
        out.writeInt(position);
        out.writeInt(maxUpdatesPerSecond);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        super.readData(in);
        content = in.readString();
        delta = in.readString();
        position = in.readInt();
        maxUpdatesPerSecond = in.readInt();
    }
}
