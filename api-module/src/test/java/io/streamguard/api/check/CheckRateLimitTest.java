package io.streamguard.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.ExtendedMapEntry;
import java.util.AbstractMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The check rate limit's rule, as the owning member runs it: a bucket one second deep per client, refilled at the
 * rate, time given by the caller. (The limiter itself reads the wall clock and a cluster map; its rule is here.)
 */
class CheckRateLimitTest {

    private static final long T0 = 1_764_000_000_000L;
    private static final int RATE = 4;

    private static AbstractMap.SimpleEntry<UUID, CheckBucket> entry(CheckBucket bucket) {
        return new AbstractMap.SimpleEntry<>(UUID.randomUUID(), bucket);
    }

    private static long take(Map.Entry<UUID, CheckBucket> entry, long nowMillis) {
        return new TakeCheckToken(nowMillis, RATE).process(entry);
    }

    @Test
    void aNewClientStartsWithAFullSecondOfChecks() {
        var entry = entry(null);
        assertThat(take(entry, T0)).isZero();
        assertThat(entry.getValue()).isEqualTo(new CheckBucket(RATE - 1, T0));
    }

    @Test
    void anEmptyBucketSaysHowLongToWaitAndIsLeftAsItWas() {
        var entry = entry(null);
        for (int i = 0; i < RATE; i++) {
            assertThat(take(entry, T0)).isZero();
        }
        CheckBucket empty = entry.getValue();
        assertThat(empty.tokens()).isZero();
        assertThat(take(entry, T0)).isEqualTo(250);
        assertThat(take(entry, T0 + 100)).isEqualTo(150);
        assertThat(entry.getValue()).as("a refusal takes nothing").isSameAs(empty);
        assertThat(take(entry, T0 + 250)).isZero();
        assertThat(entry.getValue()).isEqualTo(new CheckBucket(0, T0 + 250));
    }

    @Test
    void anIdleBucketFillsToOneSecondAndNoMore() {
        var entry = entry(new CheckBucket(0, T0));
        assertThat(take(entry, T0 + 3_600_000)).isZero();
        assertThat(entry.getValue()).isEqualTo(new CheckBucket(RATE - 1, T0 + 3_600_000));
        assertThat(new CheckBucket(1.5, T0).available(T0 + 125, RATE)).isEqualTo(2.0);
        assertThat(new CheckBucket(1.5, T0).available(T0 + 10_000, RATE)).isEqualTo(RATE);
    }

    /** Two nodes' clocks disagree a little: a check stamped earlier than the bucket neither refills nor rewinds it. */
    @Test
    void anEarlierClockNeitherRefillsNorRewindsTheBucket() {
        var entry = entry(new CheckBucket(2, T0));
        assertThat(take(entry, T0 - 5_000)).isZero();
        assertThat(entry.getValue()).isEqualTo(new CheckBucket(1, T0));
        assertThat(new CheckBucket(0.5, T0).available(T0 - 1_000, RATE)).isEqualTo(0.5);
    }

    @Test
    void aSlowRateWaitsWholeSeconds() {
        var entry = entry(null);
        assertThat(new TakeCheckToken(T0, 1).process(entry)).isZero();
        assertThat(new TakeCheckToken(T0, 1).process(entry)).isEqualTo(1000);
        assertThat(new TakeCheckToken(T0 + 500, 1).process(entry)).isEqualTo(500);
    }

    /**
     * At every millisecond of the wait, the answer is never too short (a retry after it gets its token), and at
     * most a millisecond too long (the bucket counts in floating point).
     */
    @Test
    void aRetryAfterTheAnsweredWaitAlwaysGetsItsToken() {
        for (int rate : new int[] {1, 3, 4, 7, 100, 1000}) {
            CheckBucket empty = new CheckBucket(0, T0);
            long full = (long) Math.ceil(1000.0 / rate);
            for (long t = T0; t < T0 + full; t++) {
                long wait = new TakeCheckToken(t, rate).process(entry(empty));
                long exact = (long) Math.ceil((1 - (t - T0) * rate / 1000.0) * 1000.0 / rate - 1e-9);
                assertThat(wait)
                        .as("rate %d at +%d ms", rate, t - T0)
                        .isPositive()
                        .isBetween(exact, exact + 1);
                assertThat(new TakeCheckToken(t + wait, rate).process(entry(empty)))
                        .isZero();
            }
        }
    }

    /** On the member the entry is Hazelcast's own: the bucket is kept only as long as it could still be short. */
    @Test
    void onTheMemberATakenBucketExpiresOnceItWouldBeFullAgain() {
        var entry = new RecordingEntry(null);
        assertThat(new TakeCheckToken(T0, RATE).process(entry)).isZero();
        assertThat(entry.value).isEqualTo(new CheckBucket(RATE - 1, T0));
        assertThat(entry.ttlMillis).isEqualTo(10_000);
    }

    /**
     * Hazelcast's entry with a time to live; the member's own implementation needs a record store, so this holds
     * what {@code setValue} was given.
     */
    private static final class RecordingEntry implements ExtendedMapEntry<UUID, CheckBucket> {

        CheckBucket value;
        long ttlMillis = -1;

        RecordingEntry(CheckBucket value) {
            this.value = value;
        }

        @Override
        public CheckBucket setValue(CheckBucket value, long ttl, TimeUnit unit) {
            CheckBucket old = this.value;
            this.value = value;
            this.ttlMillis = unit.toMillis(ttl);
            return old;
        }

        @Override
        public CheckBucket setValueWithoutChangingExpiryTime(CheckBucket value) {
            throw new AssertionError("the bucket always gets a time to live");
        }

        @Override
        public UUID getKey() {
            return new UUID(0, 1);
        }

        @Override
        public CheckBucket getValue() {
            return value;
        }

        @Override
        public CheckBucket setValue(CheckBucket value) {
            throw new AssertionError("the bucket always gets a time to live");
        }
    }
}
