package io.streamguard.api.audit;

import io.streamguard.api.audit.AuditRecord.Outcome;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills the audit log with realistic, correctly chained and MACed rows for measuring search at scale:
 * {@code java -jar streamguard-dev.jar --streamguard.seed.audit-rows=1000000}. A development tool: it writes
 * synthetic rows into the tamper-evident log, so it is compiled only into the {@code dev-tools} build, never into
 * the production jar. Users, bots, outcomes,
 * actions and fired rules follow skewed distributions; messages are English-like text.
 */
@Component
@ConditionalOnProperty("streamguard.seed.audit-rows")
class AuditSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AuditSeeder.class);
    private static final int BATCH = 2_000;
    private static final String[] WORDS = ("the a to of and in is it you that for on with as this be are can your "
                    + "data model code function value we will use python answer question example result error file list "
                    + "report customer project plan revenue quarter secret password token access key server cluster deploy "
                    + "review contract legal policy meeting summary draft email budget forecast design test release")
            .split(" ");
    private static final String[] BOTS = {"chatgpt", "claude", "gemini", "copilot", "internal-llm"};

    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final long rows;

    AuditSeeder(
            AuditLog audit,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            org.springframework.core.env.Environment environment) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.rows = environment.getRequiredProperty("streamguard.seed.audit-rows", Long.class);
    }

    @Override
    public void run(ApplicationArguments args) {
        Random random = new Random(20261125);
        Instant start = Instant.now().minus(Duration.ofDays(90));
        long step = Duration.ofDays(90).toMillis() / Math.max(1, rows);
        long began = System.nanoTime();
        for (long done = 0; done < rows; done += BATCH) {
            int size = (int) Math.min(BATCH, rows - done);
            long offset = done;
            transactions.executeWithoutResult(tx -> insertBatch(random, start, step, offset, size));
            if ((done / BATCH) % 50 == 0) {
                log.info("Seeded {} of {} audit rows", done + size, rows);
            }
        }
        jdbc.execute("analyze audit_entry");
        log.info(
                "Seeded {} audit rows in {} s",
                rows,
                Duration.ofNanos(System.nanoTime() - began).toSeconds());
    }

    private void insertBatch(Random random, Instant start, long stepMillis, long offset, int size) {
        List<AuditRecord> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(randomRecord(random, start.plusMillis((offset + i) * stepMillis)));
        }
        audit.appendAll(batch);
    }

    private AuditRecord randomRecord(Random random, Instant finished) {
        StringBuilder content = new StringBuilder();
        int words = 20 + random.nextInt(120);
        for (int w = 0; w < words; w++) {
            content.append(w == 0 ? "" : " ")
                    .append(WORDS[(int) Math.abs(random.nextGaussian() * WORDS.length / 3) % WORDS.length]);
        }
        List<Violation> violations = new ArrayList<>();
        int roll = random.nextInt(100);
        Action action = Action.ALLOW;
        if (roll < 12) {
            int at = random.nextInt(Math.max(1, content.length() - 10));
            boolean block = roll < 4;
            action = block ? Action.BLOCK : Action.WARN;
            int end = Math.min(content.length(), at + 8);
            violations.add(new Violation(
                    "r-" + (1 + random.nextInt(40)),
                    "Seeded rule",
                    action,
                    at,
                    end,
                    io.streamguard.engine.scan.Violation.excerpt(content, at, end)));
        }
        Outcome outcome = random.nextInt(50) == 0
                ? Outcome.EXPIRED
                : random.nextInt(10) == 0 ? Outcome.CHECKED : Outcome.FINISHED;
        int user = (int) Math.abs(random.nextGaussian() * 2_000) % 10_000;
        return new AuditRecord(
                UUID.randomUUID(),
                outcome,
                outcome == Outcome.CHECKED ? null : "seed-" + UUID.randomUUID(),
                new UUID(0, 1),
                "user-" + user,
                BOTS[random.nextInt(BOTS.length)],
                "tab-" + random.nextInt(20),
                action,
                content.toString(),
                violations,
                1,
                1 + random.nextInt(40),
                action == Action.BLOCK ? violations.getFirst().end() : null,
                finished.minusSeconds(5 + random.nextInt(60)).truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                finished.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }
}
