package io.streamguard.loadtool.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * Quantiles from cumulative histogram buckets, interpolated linearly inside the bucket that holds them,
 * as Prometheus' histogram_quantile does, except in the lowest bucket: the server's timers publish
 * buckets from 1 ms up, and interpolating below that would invent precision, so a quantile there reads as
 * the bucket's upper bound ("at most 1 ms").
 */
public final class Buckets {

    private Buckets() {}

    public static TreeMap<Double, Double> minus(TreeMap<Double, Double> after, TreeMap<Double, Double> before) {
        var delta = new TreeMap<Double, Double>();
        after.forEach((bound, count) -> delta.put(bound, count - before.getOrDefault(bound, 0.0)));
        return delta;
    }

    /** The {@code q} quantile in seconds, or NaN for an empty histogram. */
    public static double quantile(TreeMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                if (lowerCount == 0 && lowerBound == 0) {
                    return bucket.getKey();
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (bucket.getKey() - lowerBound) * fraction;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }
}
