package io.streamguard.loadtool.answers;

/**
 * The shape of the answers a run streams: most are 1–3 KB, a few are very long, some are rewritten once
 * (the UI edits earlier text) and some are abandoned (the user closes the tab; no finish ever comes).
 * Shares are fractions of answers.
 */
public record AnswerMix(
        int minChars,
        int maxChars,
        double longShare,
        int longChars,
        double rewriteShare,
        double abandonShare,
        double hitShare) {

    public static AnswerMix realistic() {
        return new AnswerMix(1_000, 3_000, 0.02, 100_000, 0.10, 0.05, 0.10);
    }

    /** Answers of one length, every one finished: for comparing costs message by message. */
    public static AnswerMix fixedLength(int minChars, int maxChars) {
        return new AnswerMix(minChars, maxChars, 0, minChars, 0.10, 0, 0.10);
    }
}
