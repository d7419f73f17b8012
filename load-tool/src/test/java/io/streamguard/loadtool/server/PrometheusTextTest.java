package io.streamguard.loadtool.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String SCRAPE = """
            # HELP streamguard_audit_appended_total Audit rows appended
            # TYPE streamguard_audit_appended_total counter
            streamguard_audit_appended_total{outcome="checked"} 3.0
            streamguard_audit_appended_total{outcome="finished"} 2.0
            process_cpu_time_ns_total 2.03E10
            http_server_requests_seconds_count{method="POST",uri="/v1/stream/update",status="200"} 7
            http_server_requests_seconds_count{method="POST",uri="/v1/stream/update",status="429"} 1
            streamguard_stream_update_seconds_bucket{le="0.001"} 4
            streamguard_stream_update_seconds_bucket{le="+Inf"} 5
            jvm_info{runtime="OpenJDK Runtime Environment",vendor="Eclipse Adoptium",version="25.0.3+9-LTS"} 1
            """;

    @Test
    void countersAreSummedOverTheLabelsLeftOpen() {
        PrometheusText metrics = PrometheusText.parse(SCRAPE);

        assertThat(metrics.sum("http_server_requests_seconds_count", Map.of("uri", "/v1/stream/update"))).isEqualTo(8);
        assertThat(metrics.byLabel("streamguard_audit_appended_total", "outcome"))
                .containsEntry("checked", 3.0).containsEntry("finished", 2.0);
        assertThat(metrics.sum("process_cpu_time_ns_total")).isEqualTo(2.03e10);
    }

    @Test
    void histogramBucketsAreReadByUpperBound() {
        assertThat(PrometheusText.parse(SCRAPE).buckets("streamguard_stream_update_seconds"))
                .containsEntry(0.001, 4.0).containsEntry(Double.POSITIVE_INFINITY, 5.0);
    }

    @Test
    void aMissingMetricSumsToNaN() {
        assertThat(PrometheusText.parse(SCRAPE).sum("no_such_metric")).isNaN();
    }

    @Test
    void labelValuesMayHoldSpacesAndCommas() {
        assertThat(PrometheusText.parse(SCRAPE).samples()).anySatisfy(sample ->
                assertThat(sample.labels()).containsEntry("runtime", "OpenJDK Runtime Environment"));
    }
}
