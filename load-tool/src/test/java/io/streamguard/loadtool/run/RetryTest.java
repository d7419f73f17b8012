package io.streamguard.loadtool.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.loadtool.server.StreamGuardHttp.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final List<Duration> waits = new ArrayList<>();
    private final List<UncheckedIOException> ioErrors = new ArrayList<>();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    private boolean windowClosed;

    private Retry retry(Retry.Policy policy) {
        return new Retry(policy, waits::add, () -> windowClosed, ioErrors::add);
    }

    private static Reply reply(int status, @Nullable String retryAfter) {
        return new Reply(status, "{}", 1_000, retryAfter);
    }

    /** Answers the given replies one call after the other. */
    private static Supplier<Reply> server(Reply... replies) {
        var queue = new ArrayDeque<>(List.of(replies));
        return queue::removeFirst;
    }

    @Test
    void aRefusalIsRetriedAfterTheDelayTheServerAsksForUntilTheCallIsTaken() throws InterruptedException {
        Reply ok = reply(200, null);

        Reply answer =
                retry(Retry.Policy.PLUGIN).send(server(reply(429, "2"), reply(429, null), ok), attempts, refusals);

        assertThat(answer).isSameAs(ok);
        assertThat(attempts.sum()).isEqualTo(3);
        assertThat(refusals.sum()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(100));
    }

    @Test
    void otherFailuresAreTheCallersToJudgeAndNotRetried() throws InterruptedException {
        for (int status : new int[] {400, 409, 500, 503}) {
            Reply failure = reply(status, "1");
            assertThat(retry(Retry.Policy.PLUGIN).send(server(failure), attempts, refusals))
                    .isSameAs(failure);
        }
        assertThat(attempts.sum()).isEqualTo(4);
        assertThat(refusals.sum()).isZero();
        assertThat(waits).isEmpty();
    }

    @Test
    void theCallerGivesUpAfterAWaitAndGetsTheLastRefusal() throws InterruptedException {
        Reply refused = reply(429, "1");
        windowClosed = true;

        Reply answer = retry(Retry.Policy.PLUGIN).send(server(refused, reply(200, null)), attempts, refusals);

        assertThat(answer).isSameAs(refused);
        assertThat(attempts.sum()).isEqualTo(1);
        assertThat(refusals.sum()).isEqualTo(1);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void noMoreAttemptsThanThePolicyAllows() throws InterruptedException {
        var policy = new Retry.Policy(2, Duration.ofMillis(100), Duration.ofMillis(100));
        Reply last = reply(429, null);

        Reply answer = retry(policy).send(server(reply(429, null), last, reply(200, null)), attempts, refusals);

        assertThat(answer).isSameAs(last);
        assertThat(attempts.sum()).isEqualTo(2);
        assertThat(waits).hasSize(1);
    }

    @Test
    void anIoErrorIsReportedPausedAfterAndNotRetried() throws InterruptedException {
        var failure = new UncheckedIOException(new IOException("connection reset"));
        Supplier<Reply> broken = () -> {
            throw failure;
        };

        assertThat(retry(Retry.Policy.PLUGIN).send(broken, attempts, refusals)).isNull();
        assertThat(ioErrors).containsExactly(failure);
        assertThat(attempts.sum()).isEqualTo(1);
        assertThat(waits).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void retryAfterIsWholeSecondsAtLeastOneAndNeverBelowTheMinimum() {
        var policy = Retry.Policy.PLUGIN;
        assertThat(policy.delay(reply(429, "3"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delay(reply(429, " 0 "))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(reply(429, "Wed, 21 Oct 2026 07:28:00 GMT"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(reply(429, null))).isEqualTo(Duration.ofMillis(100));
        assertThat(new Retry.Policy(3, Duration.ofSeconds(5), Duration.ZERO).delay(reply(429, "2")))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aPolicyMakesAtLeastOneAttempt() {
        assertThatThrownBy(() -> new Retry.Policy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
