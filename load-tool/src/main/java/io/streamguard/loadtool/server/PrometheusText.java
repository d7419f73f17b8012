package io.streamguard.loadtool.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The samples of one scrape in the Prometheus text format, summed over whatever labels a query leaves open. */
public final class PrometheusText {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        var samples = new ArrayList<Sample>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line.strip()));
            }
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The sum over all series of {@code name} whose labels include {@code labels}; NaN when there is none. */
    public double sum(String name, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet())) {
                sum += sample.value();
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    public double sum(String name) {
        return sum(name, Map.of());
    }

    /** Cumulative bucket counts of a histogram by upper bound in seconds, summed over series. */
    public TreeMap<Double, Double> buckets(String histogram) {
        var buckets = new TreeMap<Double, Double>();
        for (Sample sample : samples) {
            if (sample.name().equals(histogram + "_bucket")) {
                String le = sample.labels().get("le");
                double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, sample.value(), Double::sum);
            }
        }
        return buckets;
    }

    public Map<String, Double> byLabel(String name, String label) {
        var values = new HashMap<String, Double>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().containsKey(label)) {
                values.merge(sample.labels().get(label), sample.value(), Double::sum);
            }
        }
        return values;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || (space >= 0 && space < brace)) {
            return new Sample(line.substring(0, space), Map.of(), value(line.substring(space + 1)));
        }
        var labels = new HashMap<String, String>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String key = line.substring(i, equals).strip();
            var value = new StringBuilder();
            int j = equals + 2;
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                }
                else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return new Sample(line.substring(0, brace), labels, value(line.substring(i + 1).strip()));
    }

    private static double value(String text) {
        String number = text.strip().split(" ")[0];
        return switch (number) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(number);
        };
    }
}
