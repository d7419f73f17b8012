package io.streamguard.engine.scan;

import io.streamguard.engine.rules.Action;
import java.util.List;

/**
 * What one update changed: violations that became certain for the first time ({@code newViolations}, with the
 * span known so far), violations withdrawn because a rewrite made them vanish, violations reported earlier whose
 * span has since settled differently ({@code revised}), the new position (content length), the offset before
 * which no char can become part of a violation whatever text follows ({@code safeOffset}), and the stream's
 * sticky action.
 */
public record ScanUpdate(
        List<Violation> newViolations,
        List<Violation> withdrawn,
        List<Revision> revised,
        int position,
        int safeOffset,
        Action action) {

    public ScanUpdate {
        newViolations = List.copyOf(newViolations);
        withdrawn = List.copyOf(withdrawn);
        revised = List.copyOf(revised);
    }

    /** A violation reported earlier as {@code previous} that is now {@code current}: same rule, another span. */
    public record Revision(Violation previous, Violation current) {}
}
