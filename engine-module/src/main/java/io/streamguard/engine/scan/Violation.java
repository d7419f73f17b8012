package io.streamguard.engine.scan;

import io.streamguard.engine.rules.Action;

/**
 * One match of one rule: {@code [start, end)} in UTF-16 code units over the stream's content, end exclusive.
 * {@code excerpt} is the matched text, cut to at most {@value #MAX_EXCERPT} chars ending in "…" when longer.
 * A violation is identified by {@code (ruleId, start, end)}.
 */
public record Violation(String ruleId, String ruleName, Action action, int start, int end, String excerpt) {

	public static final int MAX_EXCERPT = 64;

	static String excerpt(CharSequence text, int start, int end) {
		if (end - start <= MAX_EXCERPT) {
			return text.subSequence(start, end).toString();
		}
		int cut = start + MAX_EXCERPT - 1;
		if (Character.isHighSurrogate(text.charAt(cut - 1))) {
			cut--;
		}
		return text.subSequence(start, cut) + "…";
	}
}
