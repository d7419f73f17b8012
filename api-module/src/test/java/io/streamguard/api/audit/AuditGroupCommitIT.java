package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The node's audit writer commits rows in groups: many records handed over at once cost a few
 * transactions, not one each; the chain runs through each group in the order the records came;
 * and a record written before, or a second record of an audited stream, is not written again.
 */
@ApiIntegrationTest
class AuditGroupCommitIT {

    @Autowired
    AuditWriter writer;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void manyRecordsHandedOverAtOnceAreCommittedInGroupsChainedInTheirOrder() throws Exception {
        String run = UUID.randomUUID().toString();
        int count = 3 * AuditWriter.BATCH;
        double appendedBefore = appended();
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(run + "-" + i, "message " + i));
        }
        CountDownLatch written = new CountDownLatch(count);
        long began = System.nanoTime();
        for (AuditRecord record : records) {
            assertThat(writer.write(record, written::countDown)).isTrue();
        }
        assertThat(written.await(60, TimeUnit.SECONDS)).isTrue();
        long groupedNanos = System.nanoTime() - began;

        record Row(UUID id, long seq, Instant recordedAt, byte[] prevMac, byte[] mac) {}
        List<Row> rows = jdbc.sql("select id, seq, recorded_at, prev_mac, mac from audit_entry"
                        + " where stream_id like :run order by seq")
                .param("run", run + "-%")
                .query((rs, n) -> new Row(
                        rs.getObject("id", UUID.class),
                        rs.getLong("seq"),
                        rs.getTimestamp("recorded_at").toInstant(),
                        rs.getBytes("prev_mac"),
                        rs.getBytes("mac")))
                .list();
        assertThat(rows)
                .extracting(Row::id)
                .containsExactlyElementsOf(
                        records.stream().map(AuditRecord::auditId).toList());
        // one group, one transaction: its rows share the time they were recorded
        Map<Instant, Long> groups = rows.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        Row::recordedAt, java.util.stream.Collectors.counting()));
        System.out.printf(
                "Group commit: %d rows in %d groups, %.0f rows/s%n", count, groups.size(), count * 1e9 / groupedNanos);
        assertThat(groups.size()).isBetween(3, count / 4);
        assertThat(groups.values()).allMatch(size -> size <= AuditWriter.BATCH);
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).seq() == rows.get(i - 1).seq() + 1) {
                assertThat(Arrays.equals(rows.get(i).prevMac(), rows.get(i - 1).mac()))
                        .as("row %d links to the row before it", rows.get(i).seq())
                        .isTrue();
            }
        }
        assertThat(appended() - appendedBefore).isEqualTo(count);
        var verification = audit.verify();
        assertThat(verification.ok()).as(verification.toString()).isTrue();
    }

    /** For comparison only (the test database runs without fsync): one transaction per row, as finish did before. */
    @Test
    void singleAppendsStillWriteOneRowEachAndAreTimedForComparison() {
        String run = UUID.randomUUID().toString();
        int count = AuditWriter.BATCH;
        long began = System.nanoTime();
        for (int i = 0; i < count; i++) {
            assertThat(audit.append(record(run + "-" + i, "single " + i))).isTrue();
        }
        System.out.printf(
                "One row per transaction: %d rows, %.0f rows/s%n", count, count * 1e9 / (System.nanoTime() - began));
        assertThat(rowsOf(run + "-0")).hasSize(1);
    }

    @Test
    void aRecordWrittenBeforeOrASecondRecordOfAnAuditedStreamIsNotWrittenButStillConfirmed() throws Exception {
        String stream = "twice-" + UUID.randomUUID();
        AuditRecord first = record(stream, "the first");
        CountDownLatch once = new CountDownLatch(1);
        writer.write(first, once::countDown);
        assertThat(once.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch again = new CountDownLatch(2);
        writer.write(first, again::countDown);
        writer.write(record(stream, "another row for the same stream"), again::countDown);
        assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();

        String other = "same-group-" + UUID.randomUUID();
        AuditRecord kept = record(other, "kept");
        assertThat(audit.appendBatch(List.of(kept, kept, record(other, "refused"))))
                .isEqualTo(1);

        assertThat(rowsOf(stream)).containsExactly(first.auditId());
        assertThat(rowsOf(other)).containsExactly(kept.auditId());
    }

    @Test
    void aRecordTheDatabaseRefusesHoldsBackNoOtherRecord() throws Exception {
        String run = UUID.randomUUID().toString();
        // Postgres refuses a NUL in text; the API never lets one in, so this stands for any refused row.
        AuditRecord refused = record(run + "-refused", "bad\u0000row");
        List<AuditRecord> good = List.of(record(run + "-a", "good a"), record(run + "-b", "good b"));
        CountDownLatch written = new CountDownLatch(good.size());
        AtomicBoolean refusedConfirmed = new AtomicBoolean();
        writer.write(good.get(0), written::countDown);
        writer.write(refused, () -> refusedConfirmed.set(true));
        writer.write(good.get(1), written::countDown);
        assertThat(written.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(rowsOf(run + "-a")).containsExactly(good.get(0).auditId());
        assertThat(rowsOf(run + "-b")).containsExactly(good.get(1).auditId());
        assertThat(rowsOf(run + "-refused")).isEmpty();
        assertThat(refusedConfirmed).isFalse();
        assertThat(writer.write(refused, () -> refusedConfirmed.set(true)))
                .as("set aside for a while")
                .isFalse();

        AuditRecord after = record(run + "-after", "still writing");
        CountDownLatch next = new CountDownLatch(1);
        writer.write(after, next::countDown);
        assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(rowsOf(run + "-after")).containsExactly(after.auditId());
        var verification = audit.verify();
        assertThat(verification.ok()).as(verification.toString()).isTrue();
    }

    private List<UUID> rowsOf(String stream) {
        return jdbc.sql("select id from audit_entry where stream_id = :s")
                .param("s", stream)
                .query(UUID.class)
                .list();
    }

    private double appended() {
        var counter = meters.find("streamguard.audit.appended")
                .tag("outcome", "finished")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static AuditRecord record(String streamId, String content) {
        Instant now = Instant.now();
        return new AuditRecord(
                UUID.randomUUID(),
                AuditRecord.Outcome.FINISHED,
                streamId,
                new UUID(0, 1),
                "group-commit",
                "bot",
                "s",
                Action.WARN,
                content,
                List.of(new Violation("r-9", "Nine", Action.WARN, 0, 3, content.substring(0, 3))),
                1,
                1,
                null,
                now.minusSeconds(1),
                now);
    }
}
