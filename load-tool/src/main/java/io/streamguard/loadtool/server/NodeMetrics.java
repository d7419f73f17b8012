package io.streamguard.loadtool.server;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics.Bucket;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics.Histogram;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics.LabelPair;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics.Metric;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics.MetricFamily;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

// The generated classes' package (imported above) names the protobuf version Prometheus shades in; a new version
// of the Prometheus client (through the Spring Boot BOM) changes it, and those imports fail to compile until updated.
/**
 * One scrape of a node's metrics, summed over whatever labels a query leaves open.
 * <p>
 * The tool asks {@code /actuator/prometheus} for Prometheus' protobuf exposition format and reads it with
 * the classes the Prometheus Java client generates from its {@code metrics.proto}, the same library that
 * writes the format on the server, so the tool parses no metrics text of its own. The actuator's JSON
 * ({@code /actuator/metrics/{name}}) was not enough: it gives a timer's count, total and maximum but not its
 * histogram buckets, from which the server-side quantiles are computed, and it takes one call per metric.
 * <p>
 * Names are the Prometheus names of the text format without a sample suffix: a counter's family is
 * {@code name_total}, a timer's family {@code name_seconds} holds its count, sum and buckets.
 */
public final class NodeMetrics {

    /** The media type of the protobuf exposition format: length-delimited {@code MetricFamily} messages. */
    static final String PROTOBUF =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;" + "encoding=delimited";

    private final Map<String, MetricFamily> families;

    private NodeMetrics(Map<String, MetricFamily> families) {
        this.families = families;
    }

    public static NodeMetrics scrape(StreamGuardHttp node) {
        return read(new ByteArrayInputStream(node.prometheus(PROTOBUF)));
    }

    static NodeMetrics read(InputStream scrape) {
        var families = new HashMap<String, MetricFamily>();
        try {
            for (MetricFamily family = MetricFamily.parseDelimitedFrom(scrape);
                    family != null;
                    family = MetricFamily.parseDelimitedFrom(scrape)) {
                families.put(family.getName(), family);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable metrics: " + e.getMessage(), e);
        }
        return new NodeMetrics(families);
    }

    /** The sum of a counter's or gauge's series whose labels include {@code labels}; NaN when there is none. */
    public double value(String family, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (Metric metric : series(family, labels)) {
            sum += metric.hasCounter()
                    ? metric.getCounter().getValue()
                    : metric.hasGauge()
                            ? metric.getGauge().getValue()
                            : metric.getUntyped().getValue();
            found = true;
        }
        return found ? sum : Double.NaN;
    }

    public double value(String family) {
        return value(family, Map.of());
    }

    /** A counter's or gauge's values summed by the value of one label, over the series that have it. */
    public Map<String, Double> byLabel(String family, String label) {
        var values = new HashMap<String, Double>();
        for (Metric metric : series(family, Map.of())) {
            labelOf(metric, label)
                    .ifPresent(value -> values.merge(
                            value,
                            metric.hasCounter()
                                    ? metric.getCounter().getValue()
                                    : metric.getGauge().getValue(),
                            Double::sum));
        }
        return values;
    }

    /** The value of {@code label} on the first series of {@code family}, e.g. the version of {@code jvm_info}. */
    public Optional<String> label(String family, String label) {
        return series(family, Map.of()).stream().findFirst().flatMap(metric -> labelOf(metric, label));
    }

    /** How many samples a timer (histogram or summary) holds over the matching series; NaN when there is none. */
    public double count(String family, Map<String, String> labels) {
        double count = 0;
        boolean found = false;
        for (Metric metric : series(family, labels)) {
            if (metric.hasHistogram()) {
                Histogram histogram = metric.getHistogram();
                count += histogram.hasSampleCountFloat() ? histogram.getSampleCountFloat() : histogram.getSampleCount();
                found = true;
            } else if (metric.hasSummary()) {
                count += metric.getSummary().getSampleCount();
                found = true;
            }
        }
        return found ? count : Double.NaN;
    }

    /** The total of a timer's samples (seconds for a timer) over the matching series; NaN when there is none. */
    public double sum(String family, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (Metric metric : series(family, labels)) {
            if (metric.hasHistogram()) {
                sum += metric.getHistogram().getSampleSum();
                found = true;
            } else if (metric.hasSummary()) {
                sum += metric.getSummary().getSampleSum();
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /**
     * Cumulative bucket counts of a histogram by upper bound, summed over series, with the +Inf bucket (which
     * the protobuf format leaves implicit: it is the sample count) always present.
     */
    public TreeMap<Double, Double> buckets(String family) {
        var buckets = new TreeMap<Double, Double>();
        for (Metric metric : series(family, Map.of())) {
            if (!metric.hasHistogram()) {
                continue;
            }
            Histogram histogram = metric.getHistogram();
            boolean infinite = false;
            for (Bucket bucket : histogram.getBucketList()) {
                double count = bucket.hasCumulativeCountFloat()
                        ? bucket.getCumulativeCountFloat()
                        : bucket.getCumulativeCount();
                buckets.merge(bucket.getUpperBound(), count, Double::sum);
                infinite |= Double.isInfinite(bucket.getUpperBound());
            }
            if (!infinite) {
                buckets.merge(
                        Double.POSITIVE_INFINITY,
                        histogram.hasSampleCountFloat()
                                ? histogram.getSampleCountFloat()
                                : (double) histogram.getSampleCount(),
                        Double::sum);
            }
        }
        return buckets;
    }

    private List<Metric> series(String family, Map<String, String> labels) {
        MetricFamily metrics = families.get(family);
        if (metrics == null) {
            return List.of();
        }
        return metrics.getMetricList().stream()
                .filter(metric -> labels.entrySet().stream()
                        .allMatch(label -> labelOf(metric, label.getKey())
                                .filter(label.getValue()::equals)
                                .isPresent()))
                .toList();
    }

    private static Optional<String> labelOf(Metric metric, String name) {
        return metric.getLabelList().stream()
                .filter(pair -> pair.getName().equals(name))
                .findFirst()
                .map(LabelPair::getValue);
    }
}
