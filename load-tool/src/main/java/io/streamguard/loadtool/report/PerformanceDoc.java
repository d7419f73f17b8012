package io.streamguard.loadtool.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the tool's sections of docs/performance.md and leaves everything else as it is: each section
 * sits between its own begin and end markers, is replaced in place when present and appended otherwise,
 * so the sections other people own (such as the engine's) stay intact.
 */
public final class PerformanceDoc {

    private PerformanceDoc() {}

    public static void writeSection(Path doc, String section, String markdown) {
        try {
            String text = Files.exists(doc) ? Files.readString(doc) : "# Performance\n\n";
            Files.createDirectories(doc.toAbsolutePath().getParent());
            Files.writeString(doc, merge(text, section, markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String merge(String text, String section, String markdown) {
        String begin = "<!-- load-tool:" + section + ":begin -->";
        String end = "<!-- load-tool:" + section + ":end -->";
        String block = begin + "\n" + markdown.strip() + "\n" + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            return text.substring(0, from) + block + text.substring(to + end.length());
        }
        return text.stripTrailing() + "\n\n" + block + "\n";
    }
}
