package io.streamguard.api.stream;

import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * What the streams this member owns hold, read when the metrics are scraped: {@code
 * streamguard_streams_open} and the audit backlog, ended streams whose row is not yet in PostgreSQL
 * ({@code streamguard_audit_backlog}, and {@code streamguard_audit_lag_seconds}, the age of the
 * oldest). Each is this member's share: sum over the members for the cluster's.
 */
@Component
class StreamGauges implements MeterBinder {

    private final IMap<String, StreamSession> streams;
    private final Clock clock;

    StreamGauges(IMap<String, StreamSession> streams, Clock clock) {
        this.streams = streams;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("streamguard.streams.open", this, StreamGauges::open)
                .description("Open streams this member owns")
                .register(registry);
        Gauge.builder("streamguard.audit.backlog", this, StreamGauges::backlog)
                .description("Ended streams this member owns whose audit row is not yet in PostgreSQL")
                .register(registry);
        Gauge.builder("streamguard.audit.lag", this, StreamGauges::lagSeconds)
                .description("Age of the oldest ended stream this member owns whose audit row is not yet in PostgreSQL")
                .baseUnit("seconds")
                .register(registry);
    }

    private double open() {
        return streams.localKeySet(new LiveStream.Open()).size();
    }

    private double backlog() {
        return streams.localKeySet(awaitingAudit()).size();
    }

    private double lagSeconds() {
        long now = clock.millis();
        long oldest = now;
        for (String streamId : streams.localKeySet(awaitingAudit())) {
            StreamSession session = streams.get(streamId);
            if (session != null && session.ended() && !session.audited()) {
                oldest = Math.min(oldest, session.endedAtMillis());
            }
        }
        return (now - oldest) / 1000.0;
    }

    /** Ended and not audited, however recently (clocks of members may differ): never idle, never kept. */
    private StreamsNeedingCare awaitingAudit() {
        return new StreamsNeedingCare(clock.millis(), Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
