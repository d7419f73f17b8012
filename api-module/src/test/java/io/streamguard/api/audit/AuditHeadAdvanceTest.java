package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap;
import org.junit.jupiter.api.Test;

/** The cluster's audit head only ever moves forward, whatever order the heads arrive in. */
class AuditHeadAdvanceTest {

    private static AuditHead.Sealed head(long sequence) {
        return AuditWireSamples.head(sequence, 16);
    }

    @Test
    void theFirstHeadIsTaken() {
        var entry = new AbstractMap.SimpleEntry<String, AuditHead.Sealed>(AuditHead.KEY, null);
        var first = head(1);
        assertThat(new AuditHead.Advance(first).process(entry)).isTrue();
        assertThat(entry.getValue()).isSameAs(first);
    }

    @Test
    void aLaterHeadReplacesAnEarlierOneAndNeverTheOtherWayRound() {
        var five = head(5);
        var entry = new AbstractMap.SimpleEntry<>(AuditHead.KEY, five);

        assertThat(new AuditHead.Advance(head(4)).process(entry)).isFalse();
        assertThat(entry.getValue()).isSameAs(five);
        assertThat(new AuditHead.Advance(head(5)).process(entry))
                .as("the same row again")
                .isFalse();
        assertThat(entry.getValue()).isSameAs(five);

        var six = head(6);
        assertThat(new AuditHead.Advance(six).process(entry)).isTrue();
        assertThat(entry.getValue()).isSameAs(six);
        assertThat(new AuditHead.Advance(head(Long.MIN_VALUE)).process(entry)).isFalse();
        assertThat(entry.getValue()).isSameAs(six);
    }
}
