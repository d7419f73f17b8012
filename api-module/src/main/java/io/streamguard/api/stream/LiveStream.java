package io.streamguard.api.stream;

import com.hazelcast.projection.Projection;
import io.streamguard.api.verdict.ActionJson;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/** A live stream as the admin sees it; {@code owner} is the member that holds it. */
public record LiveStream(
        String streamId,
        UUID clientId,
        String userId,
        String botId,
        @Nullable String owner,
        Instant startedAt,
        Instant lastUpdateAt,
        int position,
        int updateCount,

        @JsonSerialize(using = ActionJson.Writer.class) @JsonDeserialize(using = ActionJson.Reader.class)
        Action action,

        List<Violation> violations) {

    LiveStream withOwner(String owner) {
        return new LiveStream(
                streamId,
                clientId,
                userId,
                botId,
                owner,
                startedAt,
                lastUpdateAt,
                position,
                updateCount,
                action,
                violations);
    }

    /** Runs on each member over its own streams, so only the summaries cross the network. */
    static final class Of implements Projection<Map.Entry<String, StreamSession>, LiveStream> {

        @Override
        public LiveStream transform(Map.Entry<String, StreamSession> entry) {
            StreamSession s = entry.getValue();
            return new LiveStream(
                    s.streamId(),
                    s.clientId(),
                    s.userId(),
                    s.botId(),
                    null,
                    s.startedAt(),
                    s.lastUpdateAt(),
                    s.scan().position(),
                    s.updateCount(),
                    s.scan().action(),
                    s.scan().violations().stream().map(Violation::of).toList());
        }
    }

    /** Open streams only. */
    record Open() implements com.hazelcast.query.Predicate<String, StreamSession> {

        @Override
        public boolean apply(Map.Entry<String, StreamSession> entry) {
            return entry.getValue() != null && !entry.getValue().ended();
        }
    }
}
