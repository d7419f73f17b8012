package io.streamguard.loadtool.run;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Sends at a fixed rate per stream, starting at a random phase so that streams do not tick together.
 * A stream that falls more than one interval behind (the server or this machine is slower than the
 * offered rate) drops the backlog instead of bursting, and says so.
 */
final class Pacer {

    private final long intervalNanos;
    private long next;

    Pacer(double perSecond, RandomGenerator random) {
        this.intervalNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
        this.next = System.nanoTime() + (intervalNanos > 0 ? random.nextLong(intervalNanos) : 0);
    }

    /** Waits for the next slot; false when the slot had already passed by more than one interval. */
    boolean await() throws InterruptedException {
        if (intervalNanos == 0) {
            return true;
        }
        long now = System.nanoTime();
        boolean onTime = true;
        if (next > now) {
            Thread.sleep(Duration.ofNanos(next - now));
        } else if (now - next > intervalNanos) {
            next = now;
            onTime = false;
        }
        next += intervalNanos;
        return onTime;
    }
}
