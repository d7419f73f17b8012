package io.streamguard.loadtool.run;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Client-side latency of each kind of call, in microseconds to three significant digits. */
public final class Latencies {

    public enum Call {
        START,
        UPDATE,
        REWRITE,
        FINISH,
        CHECK
    }

    /** Percentiles of one kind of call, in milliseconds. */
    public record Summary(
            long count, double meanMillis, double p50Millis, double p99Millis, double p999Millis, double maxMillis) {}

    private static final long LONGEST_MICROS = 120_000_000L;

    private final Map<Call, Histogram> histograms;

    public Latencies() {
        var byCall = new EnumMap<Call, Histogram>(Call.class);
        for (Call call : Call.values()) {
            byCall.put(call, new ConcurrentHistogram(LONGEST_MICROS, 3));
        }
        this.histograms = byCall;
    }

    void record(Call call, long nanos) {
        histogram(call).recordValue(Math.min(LONGEST_MICROS, Math.max(1, nanos / 1000)));
    }

    public Summary summary(Call call) {
        return summarize(histogram(call));
    }

    private Histogram histogram(Call call) {
        Histogram histogram = histograms.get(call);
        if (histogram == null) {
            throw new IllegalStateException("no histogram for " + call);
        }
        return histogram;
    }

    static Summary summarize(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Summary(
                histogram.getTotalCount(),
                histogram.getMean() / 1000,
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0,
                histogram.getMaxValue() / 1000.0);
    }
}
