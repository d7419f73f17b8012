package io.streamguard.loadtool.answers;

import java.util.List;

/**
 * One simulated LLM answer: its text cut into token-sized deltas, and what the plugin does while it streams.
 * {@code rewriteAfter} and {@code abandonAfter} are delta indexes, or -1 for never.
 */
public record Answer(String text, List<String> deltas, int rewriteAfter, int abandonAfter, int plantedHits) {

    public Answer {
        deltas = List.copyOf(deltas);
    }

    public boolean rewrites() {
        return rewriteAfter >= 0;
    }

    public boolean isAbandoned() {
        return abandonAfter >= 0;
    }
}
