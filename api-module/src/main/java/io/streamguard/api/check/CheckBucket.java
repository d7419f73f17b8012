package io.streamguard.api.check;

/**
 * A token bucket holding at most one second's worth of checks, as it stood at {@code atMillis}.
 * Time comes from the caller, so the owner and its backup, running the same processor, decide alike.
 */
record CheckBucket(double tokens, long atMillis) {

    static CheckBucket full(int maxPerSecond, long nowMillis) {
        return new CheckBucket(maxPerSecond, nowMillis);
    }

    double available(long nowMillis, int maxPerSecond) {
        double refill = Math.max(0, nowMillis - atMillis) * maxPerSecond / 1000.0;
        return Math.min(maxPerSecond, tokens + refill);
    }
}
