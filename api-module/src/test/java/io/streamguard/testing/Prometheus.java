package io.streamguard.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample of a node's public {@code /actuator/prometheus}, as a monitoring system would. */
public final class Prometheus {

    private Prometheus() {}

    /** The value of {@code name} with exactly these labels (e.g. {@code reason="locked"}), 0 if absent. */
    public static double sample(ApiTestClient api, String name, String labels) {
        String text = api.getText("/actuator/prometheus");
        String series = labels.isEmpty()
                ? Pattern.quote(name)
                : Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*}";
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
