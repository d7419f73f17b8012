package io.streamguard.api.audit;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's audit writer: ended streams hand it their records, and one thread appends them to
 * Postgres in groups ({@link AuditLog#appendBatch}: one transaction, one lock, one batched insert and
 * one commit for up to {@value #BATCH} rows). A group is whatever arrived while the previous one was
 * being written, so an idle writer starts at once and a busy one pays one fsync for many rows.
 *
 * <p>What it holds is only a copy: the record stays in its stream's entry of the cluster map, with a
 * backup, until it is confirmed after its group commits. If Postgres is away the group fails whole
 * and is retried with backoff; if this node dies, the janitors of the streams' owners write them
 * from the map.
 */
@Component
public class AuditWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    static final int BATCH = 256;
    /** Beyond this many records held, new ones are left to the janitors (they are in the cluster map). */
    static final int MAX_HELD = 16 * BATCH;

    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final Duration FLUSH_AT_STOP = Duration.ofSeconds(10);
    private static final Duration REFUSED_PAUSE = Duration.ofMinutes(1);

    private record Pending(AuditRecord record, Runnable onWritten, CompletableFuture<Void> written) {}

    private final AuditLog audit;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<UUID, Pending> held = new ConcurrentHashMap<>();
    /** Records the database refused, and when: offered again only after {@link #REFUSED_PAUSE}. */
    private final Map<UUID, Long> refused = new ConcurrentHashMap<>();

    private volatile boolean failing;
    private volatile boolean running;
    private volatile @Nullable Thread thread;

    AuditWriter(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * Hands a record over without waiting. {@code onWritten} runs on the writer's thread once the
     * record needs no more writing: its row committed (or found there already, or refused because
     * the stream has another row). Returns false if the writer holds too much already (the record
     * then waits in the cluster map for its owner's janitor) or the database refused this record
     * within the last minute.
     */
    public boolean write(AuditRecord record, Runnable onWritten) {
        if (held.containsKey(record.auditId())) {
            return true;
        }
        if (held.size() >= MAX_HELD || refusedLately(record.auditId())) {
            return false;
        }
        Pending pending = new Pending(record, onWritten, new CompletableFuture<>());
        if (held.putIfAbsent(record.auditId(), pending) == null) {
            queue.add(pending);
        }
        return true;
    }

    private boolean refusedLately(UUID auditId) {
        Long at = refused.get(auditId);
        if (at == null) {
            return false;
        }
        if (System.nanoTime() - at < REFUSED_PAUSE.toNanos()) {
            return true;
        }
        refused.remove(auditId, at);
        return false;
    }

    /** Whether this node holds the record and has not written it yet. */
    boolean holds(UUID auditId) {
        return held.containsKey(auditId);
    }

    /**
     * Waits, at most {@code max}, until the record this node holds is written; at once if it holds
     * none or Postgres is away. A read on this node right after a finish on it thus sees its row.
     */
    public void awaitWritten(UUID auditId, Duration max) {
        Pending pending = held.get(auditId);
        if (pending != null) {
            await(pending.written(), max);
        }
    }

    /** Waits, at most {@code max}, until every record this node holds now is written. */
    void awaitHeld(Duration max) {
        await(
                CompletableFuture.allOf(
                        held.values().stream().map(Pending::written).toArray(CompletableFuture[]::new)),
                max);
    }

    private void await(CompletableFuture<?> written, Duration max) {
        if (failing) {
            return;
        }
        try {
            written.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // answered from what Postgres holds now
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>(BATCH);
        long backoff = FIRST_BACKOFF_MILLIS;
        while (running) {
            try {
                if (group.isEmpty()) {
                    group.add(queue.take());
                }
                queue.drainTo(group, BATCH - group.size());
                audit.appendBatch(group.stream().map(Pending::record).toList());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (audit.reachable()) {
                    // Postgres answers, so something in the group itself was refused: one record must not
                    // hold back the others.
                    group = oneByOne(group);
                    continue;
                }
                // The group stays whole and is tried again; the records are safe in the cluster map meanwhile.
                failing = true;
                log.warn(
                        "{} audit rows not written yet ({}); retrying in {} ms",
                        group.size(),
                        e.getClass().getSimpleName(),
                        backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                continue;
            }
            failing = false;
            backoff = FIRST_BACKOFF_MILLIS;
            group.forEach(this::written);
            group.clear();
        }
    }

    /**
     * Writes the group's records one at a time; a record Postgres refuses while it answers is set
     * aside: logged, left unconfirmed in the cluster map (where the audit backlog and lag show it),
     * and taken again from the janitor only after a pause. Returns what is left to retry if Postgres
     * went away meanwhile.
     */
    private List<Pending> oneByOne(List<Pending> group) {
        failing = false;
        for (int i = 0; i < group.size(); i++) {
            Pending pending = group.get(i);
            try {
                audit.appendBatch(List.of(pending.record()));
            } catch (RuntimeException e) {
                if (!audit.reachable()) {
                    return new ArrayList<>(group.subList(i, group.size()));
                }
                // Not the exception's message: the driver's names the row's values, the message's content.
                log.error(
                        "Audit row {} of stream {} refused by the database ({}, SQL state {}); it stays unconfirmed"
                                + " in the cluster",
                        pending.record().auditId(),
                        pending.record().streamId(),
                        e.getClass().getSimpleName(),
                        sqlState(e));
                if (refused.size() < MAX_HELD) {
                    refused.put(pending.record().auditId(), System.nanoTime());
                }
                held.remove(pending.record().auditId(), pending);
                pending.written().complete(null);
                continue;
            }
            written(pending);
        }
        return new ArrayList<>(BATCH);
    }

    private static @Nullable String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private void written(Pending pending) {
        held.remove(pending.record().auditId(), pending);
        try {
            pending.onWritten().run();
        } catch (RuntimeException e) {
            log.warn(
                    "Audit row {} written but not confirmed ({}); its owner's janitor will confirm it",
                    pending.record().auditId(),
                    e.getClass().getSimpleName());
        }
        pending.written().complete(null);
    }

    @Override
    public synchronized void start() {
        if (!running) {
            running = true;
            thread = Thread.ofPlatform().daemon().name("audit-writer").start(this::run);
        }
    }

    /** Writes what it holds before the node leaves the cluster (unless Postgres is away), then stops. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        long deadline = System.nanoTime() + FLUSH_AT_STOP.toNanos();
        while (!held.isEmpty() && !failing && System.nanoTime() < deadline) {
            awaitHeld(Duration.ofMillis(100));
        }
        running = false;
        Thread writing = thread;
        if (writing != null) {
            writing.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server has stopped taking finishes, before the cluster member leaves. */
    @Override
    public int getPhase() {
        return 0;
    }
}
