package io.streamguard.api.stream;

import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.verdict.ActionJson;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/** What an entry processor on the stream's owner answers (sealed on the wire by {@link StreamWireTypes}). */
public sealed interface UpdateOutcome {

    /**
     * An update's answer: what became certain in it, what a rewrite made vanish, what settled on another span,
     * and the offset before which nothing can still become part of a violation.
     */
    record Checked(
            @JsonSerialize(using = ActionJson.Writer.class) @JsonDeserialize(using = ActionJson.Reader.class)
            Action action,

            List<Violation> newViolations,
            int position,
            List<Violation> withdrawn,
            List<RevisedViolation> revised,
            int safeOffset)
            implements UpdateOutcome {

        public Checked {
            newViolations = List.copyOf(newViolations);
            withdrawn = List.copyOf(withdrawn);
            revised = List.copyOf(revised);
        }
    }

    /**
     * The ended stream's one audit record, and what this call changed (all empty when the stream had already
     * ended: a retried finish changes nothing).
     */
    record Finished(
            AuditRecord audit, List<Violation> newViolations, List<Violation> withdrawn, List<RevisedViolation> revised)
            implements UpdateOutcome {

        public Finished {
            newViolations = List.copyOf(newViolations);
            withdrawn = List.copyOf(withdrawn);
            revised = List.copyOf(revised);
        }

        public Finished(AuditRecord audit) {
            this(audit, List.of(), List.of(), List.of());
        }
    }

    record StreamNotFound() implements UpdateOutcome {}

    record StreamAlreadyFinished() implements UpdateOutcome {}

    record PositionMismatch(int serverPosition) implements UpdateOutcome {}

    record ContentTooLarge(int maxContentChars) implements UpdateOutcome {}

    record RateLimited(long retryAfterMillis) implements UpdateOutcome {}

    /** The client's streams on the owning member hold all the text its budget allows. */
    record ClientBudgetExceeded(long maxClientChars) implements UpdateOutcome {}

    /** The scan ran out of its work budget; the stream is as it was before the request. */
    record ScanBudgetExceeded() implements UpdateOutcome {}
}
