package io.streamguard.loadtool.answers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * English-like answers from a word-bigram model of a few paragraphs of typical assistant prose, with
 * occasional rule hits planted at word boundaries (a listed bad word, an AWS-key-shaped string).
 * The same seed gives the same answers, so the streaming run and the baseline see the same text.
 */
public final class AnswerGenerator {

    private static final String SOURCE = """
            Sure, here is a short overview of how the service works and what you should check before you deploy it.
            The first step is to read the configuration and make sure that every value has a sensible default.
            If the request fails, the client should retry with a short delay and report the error to the user.
            In most cases the simplest solution is also the best one, because it is easier to test and to explain.
            You can use a small function that reads the input, checks each line and returns the result as a list.
            Note that the data is stored in the database only after the transaction commits, so a crash before that point loses nothing.
            Here is an example of the code you could write for this task, with a few comments to explain the important parts.
            The performance of this approach depends on the size of the input and on how often the cache is used.
            For a large team it is usually better to write the rules down in one place and to review every change.
            Let me know if you would like a more detailed explanation of any step, or an example in another language.
            The main advantage of this design is that each part has one job and can be replaced without touching the rest.
            However, you should keep in mind that the network is not reliable and that messages can arrive twice or not at all.
            To summarize, start with a simple version, measure it under a realistic load and improve only what the numbers show.
            First, install the package and add it to the project. Then write a test that shows the behaviour you expect.
            Finally, deploy the change to a staging environment and watch the logs and the metrics for a while.
            This answer is based on the documentation of the current version and may not apply to older releases.
            """;

    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Map<String, List<String>> followers = new HashMap<>();
    private final List<String> starters = new ArrayList<>();
    private final List<String> badWords;
    private final AnswerMix mix;

    public AnswerGenerator(List<String> badWords, AnswerMix mix) {
        this.badWords = List.copyOf(badWords);
        this.mix = mix;
        String[] words = SOURCE.replace('\n', ' ').trim().split(" +");
        starters.add(words[0]);
        for (int i = 0; i + 1 < words.length; i++) {
            followers.computeIfAbsent(words[i], w -> new ArrayList<>()).add(words[i + 1]);
            if (words[i].endsWith(".")) {
                starters.add(words[i + 1]);
            }
        }
    }

    public Answer next(RandomGenerator random) {
        int chars = random.nextDouble() < mix.longShare()
                ? (int) (mix.longChars() * (0.9 + 0.2 * random.nextDouble()))
                : mix.minChars() + random.nextInt(Math.max(1, mix.maxChars() - mix.minChars() + 1));
        int hits = random.nextDouble() < mix.hitShare() ? 1 : 0;
        String text = text(chars, hits, random);
        List<String> deltas = Tokens.split(text);
        int rewriteAfter = random.nextDouble() < mix.rewriteShare() ? pick(deltas.size(), random) : -1;
        int abandonAfter = random.nextDouble() < mix.abandonShare() ? pick(deltas.size(), random) : -1;
        return new Answer(text, deltas, rewriteAfter, abandonAfter, hits);
    }

    /** About {@code chars} characters of prose in paragraphs, ending at a sentence end, with {@code hits} rule hits. */
    public String text(int chars, int hits, RandomGenerator random) {
        var text = new StringBuilder(chars + 200);
        String separator = "";
        String word = starters.get(random.nextInt(starters.size()));
        int sentences = 0;
        int paragraphLength = 4 + random.nextInt(3);
        while (true) {
            text.append(separator).append(word);
            if (!word.endsWith(".")) {
                List<String> next = followers.getOrDefault(word, starters);
                word = next.get(random.nextInt(next.size()));
                separator = " ";
                continue;
            }
            if (text.length() >= chars) {
                break;
            }
            separator = " ";
            if (++sentences == paragraphLength) {
                separator = "\n\n";
                sentences = 0;
                paragraphLength = 4 + random.nextInt(3);
            }
            word = starters.get(random.nextInt(starters.size()));
        }
        for (int i = 0; i < hits; i++) {
            plant(text, hit(random), random);
        }
        return text.toString();
    }

    private String hit(RandomGenerator random) {
        if (badWords.isEmpty() || random.nextBoolean()) {
            return awsKeyLike(random);
        }
        return badWords.get(random.nextInt(badWords.size()));
    }

    static String awsKeyLike(RandomGenerator random) {
        var key = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            key.append(UPPER_DIGITS.charAt(random.nextInt(UPPER_DIGITS.length())));
        }
        return key.toString();
    }

    private static void plant(StringBuilder text, String hit, RandomGenerator random) {
        int at = text.indexOf(" ", random.nextInt(text.length()));
        if (at < 0) {
            at = text.length();
        }
        text.insert(at, " " + hit);
    }

    private static int pick(int size, RandomGenerator random) {
        return size < 4 ? 0 : size / 4 + random.nextInt(size / 2);
    }
}
