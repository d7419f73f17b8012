package io.streamguard.loadtool.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server's operating-system processes, when the caller names them: the JVMs and the PostgreSQL that
 * holds the audit. Their CPU time comes from /proc (Linux) and includes every descendant, so the database
 * work a request causes is counted too. Through jcmd the JVMs are asked for a full GC (to read heap in use
 * exactly) and for a JFR recording of the measured points.
 */
public final class ServerProcesses {

    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private final List<Long> jvms;
    private final List<Long> pids;

    public ServerProcesses(List<Long> jvms, List<Long> databases) {
        this.jvms = List.copyOf(jvms);
        this.pids = Stream.concat(jvms.stream(), databases.stream()).toList();
    }

    public boolean isKnown() {
        return !pids.isEmpty();
    }

    public boolean includesDatabase() {
        return pids.size() > jvms.size();
    }

    /** Seconds of CPU the processes and their descendants used so far; NaN when none was named. */
    public double cpuSeconds() {
        if (pids.isEmpty()) {
            return Double.NaN;
        }
        Set<Long> all = new LinkedHashSet<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(process -> {
                all.add(process.pid());
                process.descendants().forEach(child -> all.add(child.pid()));
            });
        }
        double ticks = 0;
        for (long pid : all) {
            ticks += cpuTicks(pid);
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }

    /** Asks every named JVM for a full collection; true when at least one did it. */
    public boolean collectGarbage() {
        boolean collected = false;
        for (long pid : jvms) {
            collected |= jcmd(pid, "GC.run");
        }
        return collected;
    }

    /** Starts a JFR recording (profiling settings) in the first named JVM; false when there is none. */
    public boolean startRecording() {
        return !jvms.isEmpty() && jcmd(jvms.getFirst(), "JFR.start", "name=load-tool", "settings=profile");
    }

    /** Writes the recording started by {@link #startRecording()} to {@code file} and ends it. */
    public boolean stopRecording(Path file) {
        return !jvms.isEmpty()
                && jcmd(jvms.getFirst(), "JFR.stop", "name=load-tool", "filename=" + file.toAbsolutePath());
    }

    private static boolean jcmd(long pid, String... command) {
        var line = new ArrayList<String>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
