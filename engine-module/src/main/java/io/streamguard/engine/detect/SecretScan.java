package io.streamguard.engine.detect;

import java.util.Arrays;

/**
 * High-entropy tokens near a keyword, in the manner of gitleaks' generic API key rule.
 *
 * <p>A token is a maximal run of {@code [A-Za-z0-9+/_-]}. It fires if it is {@value #MIN_LENGTH} to
 * {@value #MAX_LENGTH} chars long, holds a digit, has a Shannon entropy of at least {@value #MIN_ENTROPY}
 * bits per char, and starts at most {@value #NEAR} chars after the end of one of the rule's keywords
 * (found case-insensitively by the rule set's keyword automaton and {@linkplain #near reported} here).
 */
public final class SecretScan implements DetectorScan {

    public static final int MIN_LENGTH = 16;

    public static final int MAX_LENGTH = 128;

    public static final double MIN_ENTROPY = 3.5;

    public static final int NEAR = 40;

    private int tokenStart = -1;

    private boolean nearKeyword;

    /** Ends of keyword occurrences not yet too old to matter, ascending. */
    private int[] nearEnds = new int[4];

    private int nearCount;

    /** A keyword occurrence ended at {@code end}; reported before the chars up to {@code end} are scanned. */
    public void near(int end) {
        if (nearCount > 0 && nearEnds[nearCount - 1] == end) {
            return;
        }
        if (nearCount == nearEnds.length) {
            nearEnds = Arrays.copyOf(nearEnds, nearCount * 2);
        }
        nearEnds[nearCount++] = end;
    }

    public static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/'
                || c == '_'
                || c == '-';
    }

    @Override
    public int pendingFrom() {
        return tokenStart >= 0 ? tokenStart : Integer.MAX_VALUE;
    }

    @Override
    public void scan(char[] buf, int from, int to, Sink sink) {
        for (int p = from; p < to; p++) {
            boolean token = isTokenChar(buf[p]);
            if (tokenStart >= 0) {
                if (!token) {
                    decide(buf, p, sink);
                    tokenStart = -1;
                }
            } else if (token) {
                tokenStart = p;
                nearKeyword = nearBefore(p);
            }
        }
        dropOlderThan(to - NEAR);
    }

    private boolean nearBefore(int start) {
        dropOlderThan(start - NEAR);
        return nearCount > 0 && nearEnds[0] <= start;
    }

    private void dropOlderThan(int min) {
        int drop = 0;
        while (drop < nearCount && nearEnds[drop] < min) {
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(nearEnds, drop, nearEnds, 0, nearCount - drop);
            nearCount -= drop;
        }
    }

    private void decide(char[] buf, int end, Sink sink) {
        int length = end - tokenStart;
        if (!nearKeyword || length < MIN_LENGTH || length > MAX_LENGTH) {
            return;
        }
        if (entropy(buf, tokenStart, end) >= MIN_ENTROPY && hasDigit(buf, tokenStart, end)) {
            sink.match(tokenStart, end);
        }
    }

    private static boolean hasDigit(char[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] >= '0' && buf[i] <= '9') {
                return true;
            }
        }
        return false;
    }

    /** Shannon entropy in bits per char of {@code buf[from, to)}, all chars being ASCII. */
    public static double entropy(char[] buf, int from, int to) {
        int[] counts = new int[128];
        for (int i = from; i < to; i++) {
            counts[buf[i] & 127]++;
        }
        double n = to - from;
        double h = 0;
        for (int count : counts) {
            if (count > 0) {
                double q = count / n;
                h -= q * Math.log(q) / Math.log(2);
            }
        }
        return h;
    }

    @Override
    public void finish(char[] buf, int length, Sink sink) {
        if (tokenStart >= 0) {
            decide(buf, length, sink);
            tokenStart = -1;
        }
    }

    @Override
    public int[] save() {
        int[] s = new int[3 + nearCount];
        s[0] = tokenStart;
        s[1] = nearKeyword ? 1 : 0;
        s[2] = nearCount;
        System.arraycopy(nearEnds, 0, s, 3, nearCount);
        return s;
    }

    @Override
    public void restore(int[] s) {
        tokenStart = s[0];
        nearKeyword = s[1] != 0;
        nearCount = s[2];
        nearEnds = Arrays.copyOfRange(s, 3, 3 + Math.max(nearCount, 4));
    }

    @Override
    public SecretScan copy() {
        SecretScan copy = new SecretScan();
        copy.restore(save());
        return copy;
    }
}
