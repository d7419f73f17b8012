package io.streamguard.api.stream;

import java.util.List;

import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.audit.ViolationView;

/** What an entry processor on the stream's owner answers (sealed on the wire by {@link StreamWireTypes}). */
sealed interface UpdateOutcome {

    record Checked(String action, List<ViolationView> newViolations, int position) implements UpdateOutcome {
    }

    record Finished(AuditRecord audit) implements UpdateOutcome {
    }

    record StreamNotFound() implements UpdateOutcome {
    }

    record StreamAlreadyFinished() implements UpdateOutcome {
    }

    record PositionMismatch(int serverPosition) implements UpdateOutcome {
    }

    record ContentTooLarge(int maxContentChars) implements UpdateOutcome {
    }

    record RateLimited(long retryAfterMillis) implements UpdateOutcome {
    }

    /** The client's streams on the owning member hold all the text its budget allows. */
    record ClientBudgetExceeded(long maxClientChars) implements UpdateOutcome {
    }

    /** The scan ran out of its work budget; the stream is as it was before the request. */
    record ScanBudgetExceeded() implements UpdateOutcome {
    }
}
