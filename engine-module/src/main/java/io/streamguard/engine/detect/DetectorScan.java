package io.streamguard.engine.detect;

import io.streamguard.engine.unicode.UnicodeTables;

/**
 * The streaming state of one built-in detector.
 *
 * <p>A detector reads the text in order and decides a candidate only when the char after it is there;
 * a candidate that reaches the end of the text so far stays pending until the next char or
 * {@link #finish}. The state is a few ints ({@link #save}), so it can be copied for checkpoints and
 * serialized.
 */
public sealed interface DetectorScan permits CreditCardScan, IbanScan, SecretScan {

    /** Reads {@code buf[from, to)}; {@code buf[0, from)} is the text already read. */
    void scan(char[] buf, int from, int to, Sink sink);

    /** Decides what is pending as if the text ended at {@code length}. */
    void finish(char[] buf, int length, Sink sink);

    /** The start of the candidate still pending (it could become a match), or {@link Integer#MAX_VALUE}. */
    int pendingFrom();

    /** The state as ints; {@code restore(save())} gives an equal detector. */
    int[] save();

    void restore(int[] state);

    DetectorScan copy();

    /**
     * Letters, digits and the underscore, as the detectors see the edges of a number or token (whole-word
     * keywords use {@link io.streamguard.engine.keyword.WordBoundary}).
     */
    static boolean isWord(char c) {
        return c == '_' || UnicodeTables.isLetterOrDigit(c);
    }
}
