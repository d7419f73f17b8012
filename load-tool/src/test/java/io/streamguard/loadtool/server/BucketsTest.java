package io.streamguard.loadtool.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void aQuantileIsInterpolatedInsideTheBucketThatHoldsIt() {
        var buckets = cumulative(0.001, 0, 0.002, 50, 0.004, 100, Double.POSITIVE_INFINITY, 100);

        assertThat(Buckets.quantile(buckets, 0.75)).isCloseTo(0.003, within(1e-9));
    }

    @Test
    void aQuantileInTheLowestBucketReadsAsItsUpperBound() {
        var buckets = cumulative(0.001, 99, 0.002, 100, Double.POSITIVE_INFINITY, 100);

        assertThat(Buckets.quantile(buckets, 0.5)).isEqualTo(0.001);
    }

    @Test
    void anEmptyHistogramHasNoQuantile() {
        assertThat(Buckets.quantile(cumulative(0.001, 0, Double.POSITIVE_INFINITY, 0), 0.99))
                .isNaN();
    }

    @Test
    void theBucketsOfAWindowAreTheDifferenceOfTwoScrapes() {
        var before = cumulative(0.001, 10, Double.POSITIVE_INFINITY, 10);
        var after = cumulative(0.001, 15, Double.POSITIVE_INFINITY, 30);

        assertThat(Buckets.minus(after, before))
                .containsEntry(0.001, 5.0)
                .containsEntry(Double.POSITIVE_INFINITY, 20.0);
    }

    private static TreeMap<Double, Double> cumulative(double... boundsAndCounts) {
        var buckets = new TreeMap<Double, Double>();
        for (int i = 0; i < boundsAndCounts.length; i += 2) {
            buckets.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
        }
        return buckets;
    }
}
