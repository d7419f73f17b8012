package io.streamguard.loadtool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot methods of a JFR recording of the server: where the CPU samples were taken (top frame), and in
 * which of our own methods they were taken (the innermost frame of a package given), as a markdown table.
 */
final class HotMethods {

    private HotMethods() {}

    static String summarize(Path recording, String ownPackage, int limit) throws IOException {
        return summarize(recording, ownPackage, limit, List.of());
    }

    /**
     * As {@link #summarize(Path, String, int)}, counting only the samples taken inside the given windows
     * (epoch milliseconds, start and end): the measured windows of a suite, without its setup, prefill and
     * pauses. No windows: every sample.
     */
    static String summarize(Path recording, String ownPackage, int limit, List<long[]> windows) throws IOException {
        var top = new HashMap<String, Integer>();
        var own = new HashMap<String, Integer>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            long at = event.getStartTime().toEpochMilli();
            if (!windows.isEmpty() && windows.stream().noneMatch(w -> at >= w[0] && at <= w[1])) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            top.merge(name(frames.getFirst()), 1, Integer::sum);
            frames.stream()
                    .filter(f -> f.getMethod().getType().getName().startsWith(ownPackage))
                    .findFirst()
                    .ifPresent(f -> own.merge(name(f), 1, Integer::sum));
        }
        var md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d CPU samples (jdk.ExecutionSample).%n%n", samples));
        table(md, "top frame (where the CPU was)", top, samples, limit);
        table(md, "innermost " + ownPackage + " frame (whose work it was)", own, samples, limit);
        return md.toString();
    }

    private static void table(StringBuilder md, String title, Map<String, Integer> counts, int samples, int limit) {
        md.append("| ").append(title).append(" | share of samples |\n| --- | --- |\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> md.append(String.format(
                        Locale.ROOT, "| `%s` | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples))));
        md.append('\n');
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "."
                + frame.getMethod().getName();
    }
}
