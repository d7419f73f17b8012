package io.streamguard.loadtool.run;

import java.util.concurrent.atomic.LongAdder;

/** What the plugins did and what went wrong, counted from thousands of virtual threads. */
final class Counts {

    /** The counts at the end of a run. */
    public record Totals(
            long calls,
            long starts,
            long updates,
            long rewrites,
            long finishes,
            long checks,
            long messages,
            long abandoned,
            long blockedMessages,
            long rateLimited,
            long tooManyStreams,
            long positionMismatches,
            long errors,
            long late,
            long prefillCalls,
            long messagesInWindow) {}

    final LongAdder calls = new LongAdder();
    final LongAdder starts = new LongAdder();
    final LongAdder updates = new LongAdder();
    final LongAdder rewrites = new LongAdder();
    final LongAdder finishes = new LongAdder();
    final LongAdder checks = new LongAdder();
    final LongAdder messages = new LongAdder();
    final LongAdder abandoned = new LongAdder();
    final LongAdder blockedMessages = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder tooManyStreams = new LongAdder();
    final LongAdder positionMismatches = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder prefillCalls = new LongAdder();
    /** Messages finished before the window closed: what a time-bound run's messages/s counts. */
    final LongAdder messagesInWindow = new LongAdder();

    Totals totals() {
        return new Totals(
                calls.sum(),
                starts.sum(),
                updates.sum(),
                rewrites.sum(),
                finishes.sum(),
                checks.sum(),
                messages.sum(),
                abandoned.sum(),
                blockedMessages.sum(),
                rateLimited.sum(),
                tooManyStreams.sum(),
                positionMismatches.sum(),
                errors.sum(),
                late.sum(),
                prefillCalls.sum(),
                messagesInWindow.sum());
    }
}
