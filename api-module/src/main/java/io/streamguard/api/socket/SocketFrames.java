package io.streamguard.api.socket;

import io.streamguard.api.rules.PublishedRuleSet.ClientRuleSet;
import io.streamguard.api.rules.PublishedRuleSet.ClientRules;
import io.streamguard.api.stream.RevisedViolation;
import io.streamguard.api.stream.StreamContext;
import io.streamguard.api.system.WellFormedText;
import io.streamguard.api.verdict.Violation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The frames of protocol {@code streamguard.v1}. A client's frame names its {@code type} and an {@code id} of its
 * choosing, and otherwise holds exactly the fields of the HTTP request; the answer holds exactly the fields of
 * the HTTP answer, plus {@code type} and the same {@code id}. Pushed frames carry no id.
 */
final class SocketFrames {

    static final String PROTOCOL = "streamguard.v1";
    static final int MAX_ID_CHARS = 64;

    private SocketFrames() {}

    // From the client. type and id are declared so that an unknown field is refused, as over HTTP.

    record Start(
            String type,
            String id,
            @NotNull @Valid StreamContext context,
            @Nullable Long clientRuleSetVersion) {}

    record Update(
            String type,
            String id,
            @NotBlank @Size(max = 64) String streamId,
            @Nullable @WellFormedText String content,
            @Nullable @WellFormedText String delta,
            @Nullable @PositiveOrZero Integer position) {}

    record Finish(
            String type,
            String id,
            @NotBlank @Size(max = 64) String streamId,
            @Nullable @WellFormedText String finalContent) {}

    record Resume(
            String type,
            String id,
            @NotBlank @Size(max = 64) String streamId) {}

    record Ping(String type, String id) {}

    // To the client, in answer.

    record Started(
            String type,
            String id,
            String streamId,
            Instant expiresAt,
            long ruleSetVersion,
            ClientRules clientRules,
            @Nullable ClientRuleSet clientRuleSet,
            Limits limits) {}

    record Limits(int maxContentChars, int maxUpdatesPerSecond, int idleTimeoutSeconds) {}

    record Updated(
            String type,
            String id,
            String action,
            List<Violation> deltaViolations,
            int position,
            int safeOffset,
            List<RevisedViolation> revisedViolations,
            List<Violation> withdrawnViolations) {}

    record Finished(
            String type,
            String id,
            String action,
            List<Violation> violations,
            String auditId,
            int position,
            int safeOffset,
            List<Violation> deltaViolations,
            List<RevisedViolation> revisedViolations,
            List<Violation> withdrawnViolations) {}

    record Resumed(String type, String id, String streamId, String action, int position, int safeOffset) {}

    record Pong(String type, String id) {}

    // To the client, unasked.

    record Expired(String type, String streamId, UUID auditId, String action) {}

    record RulesChanged(String type, long ruleSetVersion) {}
}
