package io.streamguard.loadtool.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server's operating-system processes, when the caller names them: the JVMs and the PostgreSQL that
 * holds the audit. Their CPU time comes from /proc (Linux) and includes every descendant, so the database
 * work a request causes is counted too. The JVMs can be asked for a full GC to read heap in use exactly.
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
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        boolean collected = false;
        for (long pid : jvms) {
            try {
                Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                collected |= process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
            }
            catch (IOException e) {
                return false;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return collected;
            }
        }
        return collected;
    }

    private static double cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
        }
        catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
