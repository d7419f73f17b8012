package io.streamguard.loadtool.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.loadtool.answers.AnswerMix;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadTest {

    @Test
    void aStreamingPluginMayGatherTokensIntoOneUpdate() {
        var load = new Load(
                "cadence", Load.Api.STREAM, 500, 2, Duration.ofSeconds(30), 0, AnswerMix.realistic(), 0, 42, 15);
        assertThat(load.tokensPerUpdate()).isEqualTo(15);
        assertThat(load.describe()).contains("15 tokens per update");
    }

    @Test
    void theShortConstructorIsThePerTokenPlugin() {
        var load = new Load(
                "per token",
                Load.Api.STREAM,
                20,
                30,
                Duration.ofSeconds(30),
                40,
                AnswerMix.fixedLength(1_000, 3_000),
                0,
                42);
        assertThat(load.tokensPerUpdate()).isEqualTo(1);
        assertThat(load.describe()).contains("one token per update");
    }

    @Test
    void theBaselineChecksOnEveryToken() {
        assertThatThrownBy(() -> new Load(
                        "baseline",
                        Load.Api.BASELINE,
                        20,
                        30,
                        Duration.ofSeconds(30),
                        40,
                        AnswerMix.fixedLength(1_000, 3_000),
                        0,
                        42,
                        15))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Load(
                        "none",
                        Load.Api.STREAM,
                        20,
                        30,
                        Duration.ofSeconds(30),
                        40,
                        AnswerMix.fixedLength(1_000, 3_000),
                        0,
                        42,
                        0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBaselineIsHttpOnlyAndAStreamingLoadSaysItsTransport() {
        Load streaming = new Load(
                "cadence", Load.Api.STREAM, 500, 2, Duration.ofSeconds(30), 0, AnswerMix.realistic(), 0, 42, 15);
        assertThat(streaming.transport()).isEqualTo(Load.Transport.HTTP);
        assertThat(streaming.describe()).startsWith("streaming,");
        Load overSocket = streaming.over(Load.Transport.WS);
        assertThat(overSocket.describe()).startsWith("streaming over WebSocket,");
        assertThat(overSocket.over(Load.Transport.HTTP)).isEqualTo(streaming);

        Load baseline = new Load(
                "baseline",
                Load.Api.BASELINE,
                20,
                30,
                Duration.ofSeconds(30),
                40,
                AnswerMix.fixedLength(1_000, 3_000),
                0,
                42);
        assertThatThrownBy(() -> baseline.over(Load.Transport.WS)).isInstanceOf(IllegalArgumentException.class);
    }
}
