package io.streamguard.loadtool.run;

import java.time.Duration;

import io.streamguard.loadtool.answers.AnswerMix;

/**
 * One measurement point: how many plugins stream at once, how often each sends an update (0: as fast as
 * the answers come back), for how long or for how many messages, and what the answers look like.
 * {@code prefillChars} of each plugin's first answer are sent in large chunks before measuring starts,
 * so the measured updates land on streams that already hold that much text.
 */
public record Load(String name, Api api, int streams, double updatesPerSecond, Duration duration, int messages,
        AnswerMix mix, int prefillChars, long seed) {

    /** What the plugins call: streaming sessions, or today's one-shot check of the whole text on every token. */
    public enum Api { STREAM, BASELINE }

    public boolean isCountBound() {
        return messages > 0;
    }

    public String describe() {
        String rate = updatesPerSecond > 0 ? updatesPerSecond + " updates/s each" : "as fast as possible";
        String bound = isCountBound() ? messages + " messages" : duration.toSeconds() + " s";
        return "%s, %d plugins, %s, %s%s".formatted(api == Api.STREAM ? "streaming" : "baseline /v1/check", streams,
                rate, bound, prefillChars > 0 ? ", streams hold " + prefillChars + " chars" : "");
    }
}
