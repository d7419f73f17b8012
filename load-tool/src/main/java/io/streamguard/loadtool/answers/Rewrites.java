package io.streamguard.loadtool.answers;

import java.util.random.RandomGenerator;

/**
 * What a chat UI does when the model revises itself: one word in the earlier three quarters of the text
 * so far is replaced, everything after it stays. The server then has to re-check from that point.
 */
public final class Rewrites {

    private static final String[] REPLACEMENTS = {"revised", "corrected", "updated", "clarified", "amended"};

    private Rewrites() {}

    public static String editEarlierWord(String text, RandomGenerator random) {
        int limit = Math.max(1, text.length() * 3 / 4);
        int from = random.nextInt(limit);
        int start = from;
        while (start < limit && !Character.isLetter(text.charAt(start))) {
            start++;
        }
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        int end = start;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        String word = text.substring(start, end);
        String replacement = REPLACEMENTS[random.nextInt(REPLACEMENTS.length)];
        if (replacement.equals(word)) {
            replacement = replacement + "ly";
        }
        return text.substring(0, start) + replacement + text.substring(end);
    }
}
