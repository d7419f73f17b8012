package io.streamguard.loadtool.answers;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text the way an LLM emits it: a word with its leading space is one token, longer words are cut
 * into pieces of at most {@value #LONGEST} chars, punctuation and line breaks come alone. English text
 * averages 4–5 chars per token, as GPT-style tokenizers do.
 */
public final class Tokens {

    static final int LONGEST = 6;

    private Tokens() {}

    public static List<String> split(String text) {
        var tokens = new ArrayList<String>(text.length() / 4 + 1);
        int i = 0;
        while (i < text.length()) {
            int start = i;
            if (text.charAt(i) == ' ') {
                i++;
            }
            if (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                while (i < text.length() && Character.isLetterOrDigit(text.charAt(i)) && i - start < LONGEST) {
                    i++;
                }
            } else if (i == start) {
                i++;
            }
            tokens.add(text.substring(start, i));
        }
        return tokens;
    }
}
