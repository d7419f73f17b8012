package io.streamguard.api.check;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Takes one token from a client's check bucket on the member that owns it.
 *
 * @return 0 if the check may proceed, else the milliseconds until it may
 */
final class TakeCheckToken implements EntryProcessor<UUID, CheckBucket, Long> {

    /** A bucket idle this long is full again, so it need not be kept. */
    private static final long IDLE_TTL_SECONDS = 10;

    private final long nowMillis;
    private final int maxPerSecond;

    long nowMillis() {
        return nowMillis;
    }

    int maxPerSecond() {
        return maxPerSecond;
    }

    TakeCheckToken(long nowMillis, int maxPerSecond) {
        this.nowMillis = nowMillis;
        this.maxPerSecond = maxPerSecond;
    }

    @Override
    public Long process(Map.Entry<UUID, CheckBucket> entry) {
        CheckBucket bucket = entry.getValue() == null ? CheckBucket.full(maxPerSecond, nowMillis) : entry.getValue();
        double available = bucket.available(nowMillis, maxPerSecond);
        if (available < 1) {
            return (long) Math.ceil((1 - available) * 1000.0 / maxPerSecond);
        }
        var taken = new CheckBucket(available - 1, Math.max(bucket.atMillis(), nowMillis));
        if (entry instanceof ExtendedMapEntry<UUID, CheckBucket> extended) {
            extended.setValue(taken, IDLE_TTL_SECONDS, TimeUnit.SECONDS);
        } else {
            entry.setValue(taken);
        }
        return 0L;
    }
}
