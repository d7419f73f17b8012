package io.streamguard.api.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamguard.engine.rules.Action;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * This node's stream meters, as served at {@code /actuator/metrics} and {@code /actuator/prometheus}:
 * {@code streamguard.stream.update} and {@code .finish} time the cluster call as the server sees
 * it (with p50/p99/p99.9), {@code .started} and {@code .blocked} count, {@code .updates} counts
 * the updates checked by the action they left the stream with.
 */
@Component
class StreamMetrics {

    private final Timer update;
    private final Timer finish;
    private final Counter started;
    private final Counter blockingUpdates;
    private final Map<Action, Counter> updatesByAction = new EnumMap<>(Action.class);
    private final SecondBuckets recentUpdates = new SecondBuckets();
    private final SecondBuckets recentBlocks = new SecondBuckets();

    StreamMetrics(MeterRegistry registry) {
        this.update = timer(registry, "streamguard.stream.update", "Server-side time of one stream update");
        this.finish = timer(registry, "streamguard.stream.finish", "Server-side time of one stream finish");
        this.started = Counter.builder("streamguard.stream.started")
                .description("Streams started")
                .register(registry);
        this.blockingUpdates = Counter.builder("streamguard.stream.blocking.updates")
                .description("Updates that found a new violation with action block")
                .register(registry);
        for (Action action : Action.values()) {
            updatesByAction.put(
                    action,
                    Counter.builder("streamguard.stream.updates")
                            .description("Stream updates checked, by the action the stream stands at after each")
                            .tag("action", action.wireName())
                            .register(registry));
        }
    }

    private static Timer timer(MeterRegistry registry, String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentiles(0.5, 0.99, 0.999)
                .publishPercentileHistogram()
                .register(registry);
    }

    void started() {
        started.increment();
    }

    void updated(long nanos, UpdateOutcome outcome) {
        update.record(nanos, TimeUnit.NANOSECONDS);
        long second = System.currentTimeMillis() / 1000;
        recentUpdates.add(second);
        if (outcome instanceof UpdateOutcome.Checked checked) {
            Objects.requireNonNull(updatesByAction.get(checked.action())).increment();
        }
        if (outcome instanceof UpdateOutcome.Checked checked
                && checked.newViolations().stream().anyMatch(v -> v.action() == Action.BLOCK)) {
            blockingUpdates.increment();
            recentBlocks.add(second);
        }
    }

    void finished(long nanos) {
        finish.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** This node's updates in the last full second, and blocking updates in the last minute. */
    NodeActivity activity(long nowMillis) {
        long second = nowMillis / 1000;
        return new NodeActivity(
                recentUpdates.sum(second - 1, second - 1), recentBlocks.sum(second - 60, second), nowMillis);
    }

    /** Counts per second over the last minute, without locks on the update path. */
    private static final class SecondBuckets {

        private final java.util.concurrent.atomic.AtomicLongArray stamps =
                new java.util.concurrent.atomic.AtomicLongArray(64);
        private final java.util.concurrent.atomic.AtomicLongArray counts =
                new java.util.concurrent.atomic.AtomicLongArray(64);

        void add(long second) {
            int i = (int) (second & 63);
            long stamp = stamps.get(i);
            if (stamp != second && stamps.compareAndSet(i, stamp, second)) {
                counts.set(i, 0);
            }
            counts.incrementAndGet(i);
        }

        long sum(long fromSecond, long toSecond) {
            long total = 0;
            for (long s = fromSecond; s <= toSecond; s++) {
                int i = (int) (s & 63);
                if (stamps.get(i) == s) {
                    total += counts.get(i);
                }
            }
            return total;
        }
    }
}
