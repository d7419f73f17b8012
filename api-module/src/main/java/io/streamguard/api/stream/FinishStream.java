package io.streamguard.api.stream;

import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.cluster.GridWire;
import io.streamguard.engine.scan.ScanBudgetExceededException;
import io.streamguard.engine.scan.ScanUpdate;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Ends a stream: checks the final content if it differs, settles what only the end of the text
 * decides, and fixes the audit id. Finishing again answers the same record, so a client that
 * lost the response can simply retry.
 */
final class FinishStream extends StreamProcessor {

    private @Nullable String finalContent;
    private UUID auditId = new UUID(0, 0);

    FinishStream() {}

    FinishStream(
            String streamId,
            UUID clientId,
            @Nullable String finalContent,
            UUID auditId,
            long nowMillis,
            int maxContentChars) {
        super(streamId, clientId, nowMillis, maxContentChars);
        this.finalContent = finalContent;
        this.auditId = auditId;
    }

    @Override
    UpdateOutcome process(Map.Entry<String, StreamSession> entry, StreamSession session) {
        if (session.ended()) {
            return session.auditRecord().outcome() == AuditRecord.Outcome.EXPIRED
                    ? new UpdateOutcome.StreamNotFound()
                    : new UpdateOutcome.Finished(session.auditRecord());
        }
        if (finalContent != null && finalContent.length() > maxContentChars) {
            return new UpdateOutcome.ContentTooLarge(maxContentChars);
        }
        UpdateOutcome overBudget = finalContent == null ? null : overBudget(finalContent.length());
        if (overBudget != null) {
            return overBudget;
        }
        ScanUpdate finished;
        try {
            finished = finalContent != null
                    ? session.scan().finish(ruleSet(session), finalContent, workBudget())
                    : session.scan().finish(ruleSet(session), workBudget());
        } catch (ScanBudgetExceededException e) {
            return scanAbandoned();
        }
        if (finalContent != null) {
            session.countUpdate();
        }
        session.end(auditId, AuditRecord.Outcome.FINISHED, nowMillis);
        entry.setValue(session);
        ClientMemoryBudget budget = budget();
        if (budget != null) {
            budget.record(session, session.scan().position());
        }
        return new UpdateOutcome.Finished(
                session.auditRecord(),
                views(finished.newViolations()),
                views(finished.withdrawn()),
                finished.revised().stream().map(RevisedViolation::of).toList());
    }

    @Override
    FinishStream copy() {
        var copy = new FinishStream();
        copy.copyCommon(this);
        copy.finalContent = finalContent;
        copy.auditId = auditId;
        return copy;
    }

    static void write(DataOutput out, FinishStream finish) throws IOException {
        finish.writeCommon(out);
        GridWire.writeString(out, finish.finalContent);
        GridWire.writeUuid(out, finish.auditId);
    }

    static FinishStream read(DataInput in) throws IOException {
        var finish = new FinishStream();
        finish.readCommon(in);
        finish.finalContent = GridWire.readNullableString(in);
        finish.auditId = GridWire.readUuid(in);
        return finish;
    }
}
