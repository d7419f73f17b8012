package io.streamguard.engine.scan;

import java.util.List;

import io.streamguard.engine.rules.Action;

/**
 * What one update changed: violations found for the first time, violations withdrawn because a rewrite
 * made them vanish, the new position (content length) and the stream's sticky action.
 */
public record ScanUpdate(List<Violation> newViolations, List<Violation> withdrawn, int position, Action action) {

	public ScanUpdate {
		newViolations = List.copyOf(newViolations);
		withdrawn = List.copyOf(withdrawn);
	}
}
