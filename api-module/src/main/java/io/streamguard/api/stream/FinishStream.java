package io.streamguard.api.stream;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.engine.scan.ScanBudgetExceededException;
import org.jspecify.annotations.Nullable;

/**
 * Ends a stream: checks the final content if it differs, settles what only the end of the text
 * decides, and fixes the audit id. Finishing again answers the same record, so a client that
 * lost the response can simply retry.
 */
final class FinishStream extends StreamProcessor {

    private @Nullable String finalContent;
    private UUID auditId = new UUID(0, 0);

    FinishStream() {
    }

    FinishStream(UUID clientId, @Nullable String finalContent, UUID auditId, long nowMillis, int maxContentChars) {
        super(clientId, nowMillis, maxContentChars);
        this.finalContent = finalContent;
        this.auditId = auditId;
    }

    @Override
    UpdateOutcome process(Map.Entry<String, StreamSession> entry, StreamSession session) {
        if (!session.ended()) {
            if (finalContent != null && finalContent.length() > maxContentChars) {
                return new UpdateOutcome.ContentTooLarge(maxContentChars);
            }
            try {
                if (finalContent != null) {
                    session.scan().finish(ruleSet(session), finalContent, workBudget());
                }
                else {
                    session.scan().finish(ruleSet(session), workBudget());
                }
            }
            catch (ScanBudgetExceededException e) {
                return scanAbandoned();
            }
            if (finalContent != null) {
                session.countUpdate();
            }
            session.end(auditId, AuditRecord.Outcome.FINISHED, nowMillis);
            entry.setValue(session);
        }
        else if (session.auditRecord().outcome() == AuditRecord.Outcome.EXPIRED) {
            return new UpdateOutcome.StreamNotFound();
        }
        return new UpdateOutcome.Finished(session.auditRecord());
    }

    @Override
    public int getClassId() {
        return StreamSerialization.FINISH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        super.writeData(out);
        out.writeString(finalContent);
        out.writeLong(auditId.getMostSignificantBits());
        out.writeLong(auditId.getLeastSignificantBits());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        super.readData(in);
        finalContent = in.readString();
        auditId = new UUID(in.readLong(), in.readLong());
    }
}
