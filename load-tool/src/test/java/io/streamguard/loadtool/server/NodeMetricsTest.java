package io.streamguard.loadtool.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads a scrape written by the registry the server uses, in the format the server sends the tool. */
class NodeMetricsTest {

    private static final AtomicLong HEAP_EDEN = new AtomicLong(300);
    private static final AtomicLong HEAP_OLD = new AtomicLong(700);
    private static final AtomicLong NON_HEAP = new AtomicLong(50);

    private static NodeMetrics metrics;

    @BeforeAll
    static void scrape() throws IOException {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("streamguard.audit.appended")
                .tag("outcome", "checked")
                .register(registry)
                .increment(3);
        Counter.builder("streamguard.audit.appended")
                .tag("outcome", "finished")
                .register(registry)
                .increment(2);
        Gauge.builder("jvm.memory.used", HEAP_EDEN, AtomicLong::get)
                .baseUnit("bytes")
                .tags("area", "heap", "id", "eden")
                .register(registry);
        Gauge.builder("jvm.memory.used", HEAP_OLD, AtomicLong::get)
                .baseUnit("bytes")
                .tags("area", "heap", "id", "old")
                .register(registry);
        Gauge.builder("jvm.memory.used", NON_HEAP, AtomicLong::get)
                .baseUnit("bytes")
                .tags("area", "nonheap", "id", "meta")
                .register(registry);
        Gauge.builder("jvm.info", () -> 1)
                .tags("runtime", "OpenJDK Runtime Environment", "version", "25.0.3+9-LTS")
                .register(registry);
        Timer update = Timer.builder("streamguard.stream.update")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(10))
                .register(registry);
        update.record(Duration.ofNanos(500_000));
        update.record(Duration.ofNanos(600_000));
        update.record(Duration.ofMillis(5));
        update.record(Duration.ofMillis(50));
        for (String status : new String[] {"200", "429"}) {
            Timer.builder("http.server.requests")
                    .tags("uri", "/v1/stream/update", "status", status)
                    .register(registry)
                    .record(Duration.ofMillis(status.equals("200") ? 4 : 2));
        }
        Timer.builder("http.server.requests")
                .tags("uri", "/v1/check", "status", "200")
                .register(registry)
                .record(Duration.ofMillis(8));
        var scrape = new ByteArrayOutputStream();
        registry.scrape(scrape, NodeMetrics.PROTOBUF);
        metrics = NodeMetrics.read(new ByteArrayInputStream(scrape.toByteArray()));
    }

    @Test
    void countersAreSummedByLabelValue() {
        assertThat(metrics.byLabel("streamguard_audit_appended_total", "outcome"))
                .containsOnly(Map.entry("checked", 3.0), Map.entry("finished", 2.0));
        assertThat(metrics.value("streamguard_audit_appended_total")).isEqualTo(5);
    }

    @Test
    void gaugesAreSummedOverTheLabelsLeftOpen() {
        assertThat(metrics.value("jvm_memory_used_bytes", Map.of("area", "heap")))
                .isEqualTo(1_000);
        assertThat(metrics.value("jvm_memory_used_bytes")).isEqualTo(1_050);
    }

    @Test
    void timersGiveTheirCountAndSumOverTheMatchingSeries() {
        Map<String, String> update = Map.of("uri", "/v1/stream/update");
        assertThat(metrics.count("http_server_requests_seconds", update)).isEqualTo(2);
        assertThat(metrics.sum("http_server_requests_seconds", update)).isCloseTo(0.006, within());
        assertThat(metrics.count("http_server_requests_seconds", Map.of())).isEqualTo(3);
    }

    @Test
    void histogramBucketsAreCumulativeByUpperBoundWithTheInfiniteOne() {
        assertThat(metrics.buckets("streamguard_stream_update_seconds"))
                .containsEntry(0.001, 2.0)
                .containsEntry(0.01, 3.0)
                .containsEntry(Double.POSITIVE_INFINITY, 4.0);
        assertThat(metrics.count("streamguard_stream_update_seconds", Map.of())).isEqualTo(4);
        assertThat(metrics.sum("streamguard_stream_update_seconds", Map.of())).isCloseTo(0.0561, within());
    }

    @Test
    void labelValuesMayHoldSpaces() {
        assertThat(metrics.label("jvm_info", "runtime")).contains("OpenJDK Runtime Environment");
        assertThat(metrics.label("jvm_info", "version")).contains("25.0.3+9-LTS");
    }

    @Test
    void aMissingMetricIsNaNOrEmpty() {
        assertThat(metrics.value("no_such_metric")).isNaN();
        assertThat(metrics.count("no_such_metric", Map.of())).isNaN();
        assertThat(metrics.value("jvm_memory_used_bytes", Map.of("area", "none")))
                .isNaN();
        assertThat(metrics.buckets("no_such_metric")).isEmpty();
        assertThat(metrics.label("jvm_info", "no_such_label")).isEmpty();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
