package io.streamguard.api.stream;

import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridWire;
import io.streamguard.engine.scan.PositionMismatchException;
import io.streamguard.engine.scan.ScanBudgetExceededException;
import io.streamguard.engine.scan.ScanUpdate;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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

    UpdateStream() {}

    static UpdateStream ofContent(
            String streamId,
            UUID clientId,
            String content,
            long nowMillis,
            int maxContentChars,
            int maxUpdatesPerSecond) {
        UpdateStream update = new UpdateStream(streamId, clientId, nowMillis, maxContentChars, maxUpdatesPerSecond);
        update.content = content;
        return update;
    }

    static UpdateStream ofDelta(
            String streamId,
            UUID clientId,
            String delta,
            int position,
            long nowMillis,
            int maxContentChars,
            int maxUpdatesPerSecond) {
        UpdateStream update = new UpdateStream(streamId, clientId, nowMillis, maxContentChars, maxUpdatesPerSecond);
        update.delta = delta;
        update.position = position;
        return update;
    }

    private UpdateStream(String streamId, UUID clientId, long nowMillis, int maxContentChars, int maxUpdatesPerSecond) {
        super(streamId, clientId, nowMillis, maxContentChars);
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
        String appended =
                content != null ? "" : Objects.requireNonNull(delta, "an update holds its content or its delta");
        long length = content != null ? content.length() : (long) session.scan().position() + appended.length();
        if (length > maxContentChars) {
            entry.setValue(session);
            return new UpdateOutcome.ContentTooLarge(maxContentChars);
        }
        UpdateOutcome overBudget = overBudget(length);
        if (overBudget != null) {
            entry.setValue(session);
            return overBudget;
        }
        ScanUpdate update;
        try {
            update = content != null
                    ? session.scan().update(ruleSet(session), content, workBudget())
                    : session.scan().append(ruleSet(session), position, appended, workBudget());
        } catch (PositionMismatchException e) {
            entry.setValue(session);
            return new UpdateOutcome.PositionMismatch(e.serverPosition());
        } catch (ScanBudgetExceededException e) {
            return scanAbandoned();
        }
        session.countUpdate();
        entry.setValue(session);
        ClientMemoryBudget budget = budget();
        if (budget != null) {
            budget.record(session, update.position());
        }
        return new UpdateOutcome.Checked(
                update.action(),
                views(update.newViolations()),
                update.position(),
                views(update.withdrawn()),
                update.revised().stream().map(RevisedViolation::of).toList(),
                update.safeOffset());
    }

    @Override
    UpdateStream copy() {
        var copy = new UpdateStream();
        copy.copyCommon(this);
        copy.content = content;
        copy.delta = delta;
        copy.position = position;
        copy.maxUpdatesPerSecond = maxUpdatesPerSecond;
        return copy;
    }

    static void write(DataOutput out, UpdateStream update) throws IOException {
        update.writeCommon(out);
        GridWire.writeString(out, update.content);
        GridWire.writeString(out, update.delta);
        out.writeInt(update.position);
        out.writeInt(update.maxUpdatesPerSecond);
    }

    static UpdateStream read(DataInput in) throws IOException {
        var update = new UpdateStream();
        update.readCommon(in);
        update.content = GridWire.readNullableString(in);
        update.delta = GridWire.readNullableString(in);
        update.position = in.readInt();
        update.maxUpdatesPerSecond = in.readInt();
        return update;
    }
}
