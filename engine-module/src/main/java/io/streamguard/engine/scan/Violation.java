package io.streamguard.engine.scan;

import io.streamguard.engine.rules.Action;

/**
 * One match of one rule: {@code [start, end)} in UTF-16 code units over the stream's content, end exclusive.
 * {@code excerpt} is the matched text, cut to at most {@value #MAX_EXCERPT} chars ending in "…" when longer;
 * it is well-formed UTF-16: a cut never falls inside a surrogate pair, and a half of a pair that the span itself
 * cuts off (at its start or end) or that stands alone in the text is shown as U+FFFD. {@link #excerpt} is the
 * only place an excerpt is made, so /v1/check, stream answers and the audit show the same one.
 * A violation is identified by {@code (ruleId, start, end)}.
 */
public record Violation(String ruleId, String ruleName, Action action, int start, int end, String excerpt) {

    public static final int MAX_EXCERPT = 64;

    /** The excerpt of {@code text[start, end)}; it reads nothing outside the span. */
    public static String excerpt(CharSequence text, int start, int end) {
        int cut = end;
        boolean shortened = false;
        if (end - start > MAX_EXCERPT) {
            cut = start + MAX_EXCERPT - 1;
            if (Character.isHighSurrogate(text.charAt(cut - 1)) && Character.isLowSurrogate(text.charAt(cut))) {
                cut--;
            }
            shortened = true;
        }
        StringBuilder out = new StringBuilder(cut - start + 1);
        for (int i = start; i < cut; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < cut && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        if (shortened) {
            out.append('…');
        }
        return out.toString();
    }
}
