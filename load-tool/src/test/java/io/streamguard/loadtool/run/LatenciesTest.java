package io.streamguard.loadtool.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreReportedInMilliseconds() {
        var latencies = new Latencies();
        for (int i = 1; i <= 1_000; i++) {
            latencies.record(Latencies.Call.UPDATE, i * 1_000_000L / 100);
        }

        Latencies.Summary update = latencies.summary(Latencies.Call.UPDATE);

        assertThat(update.count()).isEqualTo(1_000);
        assertThat(update.p50Millis()).isCloseTo(5.0, within(0.01));
        assertThat(update.p99Millis()).isCloseTo(9.9, within(0.01));
        assertThat(update.p999Millis()).isCloseTo(9.99, within(0.01));
    }

    @Test
    void aCallNeverMadeHasNoPercentiles() {
        assertThat(new Latencies().summary(Latencies.Call.CHECK).p99Millis()).isNaN();
    }
}
