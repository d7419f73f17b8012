package io.streamguard.loadtool.run;

import io.streamguard.loadtool.answers.AnswerMix;
import java.time.Duration;

/**
 * One measurement point: how many plugins stream at once, how often each sends an update (0: as fast as
 * the answers come back), for how long or for how many messages, and what the answers look like.
 * {@code prefillChars} of each plugin's first answer are sent in large chunks before measuring starts,
 * so the measured updates land on streams that already hold that much text.
 * <p>
 * {@code tokensPerUpdate} is the plugin's cadence: a streaming plugin gathers that many tokens and sends
 * them as one delta, so the answer streams at {@code updatesPerSecond × tokensPerUpdate} tokens per second.
 * 1 is the per-token plugin. The baseline always checks the whole text on every token, so for it
 * {@code updatesPerSecond} is the token rate and {@code tokensPerUpdate} must be 1.
 */
public record Load(
        String name,
        Api api,
        int streams,
        double updatesPerSecond,
        Duration duration,
        int messages,
        AnswerMix mix,
        int prefillChars,
        long seed,
        int tokensPerUpdate,
        Transport transport) {

    /** What the plugins call: streaming sessions, or today's one-shot check of the whole text on every token. */
    public enum Api {
        STREAM,
        BASELINE
    }

    /**
     * How a streaming plugin reaches the node: a request per call, or one socket per plugin ({@code /v1/stream/ws})
     * carrying all its calls. The baseline's check exists over HTTP only.
     */
    public enum Transport {
        HTTP,
        WS
    }

    public Load {
        if (tokensPerUpdate < 1) {
            throw new IllegalArgumentException("tokens per update must be at least 1, not " + tokensPerUpdate);
        }
        if (api == Api.BASELINE && tokensPerUpdate != 1) {
            throw new IllegalArgumentException("the baseline checks on every token (tokens per update 1)");
        }
        if (api == Api.BASELINE && transport != Transport.HTTP) {
            throw new IllegalArgumentException("the baseline's /v1/check is HTTP only");
        }
    }

    /** A load over HTTP. */
    public Load(
            String name,
            Api api,
            int streams,
            double updatesPerSecond,
            Duration duration,
            int messages,
            AnswerMix mix,
            int prefillChars,
            long seed,
            int tokensPerUpdate) {
        this(
                name,
                api,
                streams,
                updatesPerSecond,
                duration,
                messages,
                mix,
                prefillChars,
                seed,
                tokensPerUpdate,
                Transport.HTTP);
    }

    /** The same load over another transport. */
    public Load over(Transport other) {
        return new Load(
                name,
                api,
                streams,
                updatesPerSecond,
                duration,
                messages,
                mix,
                prefillChars,
                seed,
                tokensPerUpdate,
                other);
    }

    /** A load that sends one update per token. */
    public Load(
            String name,
            Api api,
            int streams,
            double updatesPerSecond,
            Duration duration,
            int messages,
            AnswerMix mix,
            int prefillChars,
            long seed) {
        this(name, api, streams, updatesPerSecond, duration, messages, mix, prefillChars, seed, 1);
    }

    public boolean isCountBound() {
        return messages > 0;
    }

    public String describe() {
        String rate = updatesPerSecond > 0
                ? updatesPerSecond + " " + (api == Api.STREAM ? "updates" : "checks") + "/s each"
                : "as fast as possible";
        String cadence = api == Api.STREAM
                ? (tokensPerUpdate == 1 ? ", one token per update" : ", " + tokensPerUpdate + " tokens per update")
                : ", one check per token";
        String bound = isCountBound() ? messages + " messages" : duration.toSeconds() + " s";
        return "%s, %d plugins, %s%s, %s%s"
                .formatted(
                        api == Api.STREAM
                                ? (transport == Transport.WS ? "streaming over WebSocket" : "streaming")
                                : "baseline /v1/check",
                        streams,
                        rate,
                        cadence,
                        bound,
                        prefillChars > 0 ? ", streams hold " + prefillChars + " chars" : "");
    }
}
