package io.streamguard.loadtool.run;

import io.streamguard.loadtool.server.StreamGuardHttp.Reply;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one retry loop of the tool: sends a plugin's call again while the server refuses it for now (429:
 * rate limited, or too many open streams), waiting as long as the server's Retry-After asks. Any other
 * answer, success or failure, is the caller's to judge. An I/O error is reported, paused after and not
 * retried: the plugin drops that message, as a real one shows the error to its user.
 */
final class Retry {

    /** How long to wait and how often to try again; everything the tool decides about retries. */
    record Policy(int maxAttempts, Duration minimumDelay, Duration pauseAfterIoError) {

        /**
         * A plugin keeps trying while its user waits (the window still open, or messages still to send):
         * no cap on attempts, at least 100 ms apart so that a refusal without Retry-After does not spin.
         */
        static final Policy PLUGIN = new Policy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofMillis(100));

        Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("at least one attempt, not " + maxAttempts);
            }
        }

        boolean isRefusedForNow(Reply reply) {
            return reply.status() == 429;
        }

        Duration delay(Reply reply) {
            Duration asked = retryAfter(reply.retryAfter());
            return asked.compareTo(minimumDelay) > 0 ? asked : minimumDelay;
        }

        /**
         * Retry-After in whole seconds, at least one; a value that is not a number of seconds (HTTP also
         * allows a date, which the server never sends) counts as one second; none asks for no wait.
         */
        static Duration retryAfter(@Nullable String header) {
            if (header == null) {
                return Duration.ZERO;
            }
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(header.strip())));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(1);
            }
        }
    }

    /** How the retry waits; {@code Thread::sleep} but in tests. */
    interface Sleep {

        void sleep(Duration duration) throws InterruptedException;
    }

    private final Policy policy;
    private final Sleep sleep;
    private final BooleanSupplier giveUp;
    private final Consumer<UncheckedIOException> ioErrors;

    /**
     * {@code giveUp} is asked after each wait (true: return the refusal instead of trying again);
     * {@code ioErrors} hears of every call that failed with an I/O error.
     */
    Retry(Policy policy, Sleep sleep, BooleanSupplier giveUp, Consumer<UncheckedIOException> ioErrors) {
        this.policy = policy;
        this.sleep = sleep;
        this.giveUp = giveUp;
        this.ioErrors = ioErrors;
    }

    /**
     * The server's answer to {@code call}, tried until it is not refused for now, the policy's attempts are
     * spent or {@code giveUp} says so (then the last refusal); null when the call failed with an I/O error.
     * Each attempt counts in {@code attempts}, each refusal in {@code refusals}.
     */
    @Nullable
    Reply send(Supplier<Reply> call, LongAdder attempts, LongAdder refusals) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            attempts.increment();
            Reply reply;
            try {
                reply = call.get();
            } catch (UncheckedIOException e) {
                ioErrors.accept(e);
                sleep.sleep(policy.pauseAfterIoError());
                return null;
            }
            if (!policy.isRefusedForNow(reply)) {
                return reply;
            }
            refusals.increment();
            if (attempt >= policy.maxAttempts()) {
                return reply;
            }
            sleep.sleep(policy.delay(reply));
            if (giveUp.getAsBoolean()) {
                return reply;
            }
        }
    }
}
