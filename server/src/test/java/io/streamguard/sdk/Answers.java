package io.streamguard.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** LLM-like answers for the stream tests: sentences, paragraphs, a list, and the matches a test plants. */
final class Answers {

    private static final List<String> OPENINGS =
            List.of("Sure.", "Here is what I found.", "Good question!", "Let me walk you through it.", "In short:");

    private static final List<String> WORDS = List.of(
            "the",
            "service",
            "restarts",
            "after",
            "each",
            "deployment",
            "and",
            "the",
            "worker",
            "reads",
            "its",
            "configuration",
            "from",
            "the",
            "environment",
            "so",
            "you",
            "should",
            "check",
            "logs",
            "for",
            "errors",
            "before",
            "retrying",
            "request",
            "latency",
            "stays",
            "below",
            "two",
            "hundred",
            "milliseconds",
            "when",
            "cache",
            "is",
            "warm",
            "a",
            "client",
            "sends",
            "tokens",
            "as",
            "they",
            "arrive",
            "which",
            "keeps",
            "answer",
            "responsive",
            "database",
            "migration",
            "runs",
            "once",
            "per",
            "release",
            "team",
            "reviews",
            "every",
            "change",
            "carefully",
            "queue",
            "drains",
            "quickly",
            "under",
            "load");

    private Answers() {}

    /**
     * An answer of about {@code chars} chars with each of {@code planted} (whole sentences or phrases) placed
     * once, spread over the text.
     */
    static String answer(Random random, int chars, List<String> planted) {
        StringBuilder text = new StringBuilder(OPENINGS.get(random.nextInt(OPENINGS.size())));
        int next = 0;
        while (text.length() < chars) {
            if (next < planted.size() && text.length() > (next + 1) * chars / (planted.size() + 1)) {
                text.append(' ').append(planted.get(next++));
                continue;
            }
            switch (random.nextInt(10)) {
                case 0 -> text.append("\n\n");
                case 1 -> text.append("\n- ");
                default -> text.append(' ');
            }
            int words = 4 + random.nextInt(14);
            for (int w = 0; w < words; w++) {
                String word = WORDS.get(random.nextInt(WORDS.size()));
                if (w == 0) {
                    word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                }
                text.append(w == 0 ? "" : random.nextInt(12) == 0 ? ", " : " ").append(word);
            }
            text.append(List.of(".", ".", ".", "!", "?", ":").get(random.nextInt(6)));
        }
        while (next < planted.size()) {
            text.append(' ').append(planted.get(next++));
        }
        return text.toString();
    }

    /** The text cut into tokens as a model emits them: words with their leading space, some split in two. */
    static List<String> tokens(Random random, String text) {
        List<String> tokens = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = at;
            while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                    end++;
                }
            } else if (end < text.length()) {
                end++;
            }
            if (end - at > 6 && random.nextBoolean()) {
                end = at + 2 + random.nextInt(end - at - 3);
            }
            tokens.add(text.substring(at, end));
            at = end;
        }
        return tokens;
    }

    /** Exactly {@code count} tokens: an answer long enough, cut, and its tail dropped. */
    static List<String> tokens(Random random, int count, List<String> planted) {
        int chars = count * 4;
        while (true) {
            List<String> tokens = tokens(random, answer(random, chars, planted));
            if (tokens.size() >= count) {
                List<String> kept = tokens.subList(0, count);
                String joined = String.join("", kept);
                if (planted.stream().allMatch(joined::contains)) {
                    return List.copyOf(kept);
                }
            }
            chars += chars / 4;
        }
    }

    /** Delays between tokens, uniformly from {@code min} to {@code max} ms. */
    static List<Integer> delays(Random random, int count, int min, int max) {
        List<Integer> delays = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            delays.add(min + random.nextInt(max - min + 1));
        }
        return delays;
    }
}
