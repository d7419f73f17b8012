package io.streamguard.api.stream;

import io.streamguard.api.rules.PublishedRuleSet.ClientRuleSet;
import io.streamguard.api.rules.PublishedRuleSet.ClientRules;
import io.streamguard.api.security.ApiClientPrincipal;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.api.system.WellFormedText;
import io.streamguard.api.verdict.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Streams", description = "Streaming sessions for the browser plugin")
@RestController
@RequestMapping("/v1/stream")
class StreamController {

    private final StreamService streams;
    private final StreamGuardProperties.Limits limits;

    StreamController(StreamService streams, StreamGuardProperties properties) {
        this.streams = streams;
        this.limits = properties.limits();
    }

    @Operation(summary = "Start a stream; answers its id, the client-side rules and the limits")
    @PostMapping("/start")
    @ResponseStatus(HttpStatus.CREATED)
    StartResponse start(@Valid @RequestBody StartRequest request, @AuthenticationPrincipal ApiClientPrincipal client) {
        var started = streams.start(client.clientId(), request.context());
        return new StartResponse(
                started.streamId(),
                started.expiresAt(),
                started.ruleSet().version(),
                started.ruleSet().clientRules(),
                started.ruleSet().clientRuleSetUnless(request.clientRuleSetVersion()),
                new Limits(limits.maxContentChars(), limits.maxUpdatesPerSecond(), limits.idleTimeoutSeconds()));
    }

    @Operation(
            summary = "Check what is new: the full current content, or a delta at the server's position",
            description = "Answers the stream's action so far, the violations that became certain in this update,"
                    + " the earlier ones whose span settled differently, and how much of the text is safe to show."
                    + " A violation becomes certain when its match lies wholly in the text received and no boundary"
                    + " (`\\b`, `$`, a whole-word edge) waits for a char not yet received.")
    @ApiResponse(
            responseCode = "200",
            description = "Checked",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = UpdateResponse.class),
                            examples =
                                    @ExampleObject(
                                            name = "revised",
                                            summary = "A token grew after it was first reported",
                                            value = UPDATE_EXAMPLE)))
    @PostMapping("/update")
    UpdateResponse update(
            @Valid @RequestBody UpdateRequest request, @AuthenticationPrincipal ApiClientPrincipal client) {
        UpdateOutcome.Checked checked;
        if (request.content() != null && request.delta() == null) {
            if (request.position() != null
                    && request.position() > request.content().length()) {
                throw new StreamRefusal(ErrorCode.INVALID_REQUEST, "position is beyond the end of content");
            }
            checked = streams.updateContent(client.clientId(), request.streamId(), request.content());
        } else if (request.delta() != null && request.content() == null) {
            if (request.position() == null) {
                throw new StreamRefusal(ErrorCode.INVALID_REQUEST, "a delta needs the position it is appended at");
            }
            checked = streams.appendDelta(client.clientId(), request.streamId(), request.delta(), request.position());
        } else {
            throw new StreamRefusal(ErrorCode.INVALID_REQUEST, "send exactly one of content and delta");
        }
        return new UpdateResponse(
                checked.action().wireName(),
                checked.newViolations(),
                checked.position(),
                checked.safeOffset(),
                checked.revised(),
                checked.withdrawn());
    }

    @Operation(
            summary = "Finish a stream: the message's verdict and its one audit entry",
            description = "Decides everything still pending at the end of the text. `violations` is the message's"
                    + " complete, final list and supersedes every span reported before; the change fields say what"
                    + " this call changed and are empty when the stream had already been finished.")
    @PostMapping("/finish")
    FinishResponse finish(
            @Valid @RequestBody FinishRequest request, @AuthenticationPrincipal ApiClientPrincipal client) {
        var finished = streams.finish(client.clientId(), request.streamId(), request.finalContent());
        return new FinishResponse(
                finished.action().wireName(),
                finished.violations(),
                finished.auditId().toString(),
                finished.position(),
                finished.position(),
                finished.newViolations(),
                finished.revised(),
                finished.withdrawn());
    }

    record StartRequest(
            @NotNull @Valid StreamContext context,

            @Schema(description = "The version of the clientRuleSet the client has cached, if any") @Nullable
            Long clientRuleSetVersion) {}

    record StartResponse(
            String streamId,
            Instant expiresAt,
            long ruleSetVersion,
            ClientRules clientRules,

            @Schema(
                    description = "The client-side rules in the engine's own form, for the plugin SDK"
                            + " (docs/sdk.md); null when the request's clientRuleSetVersion is this version")
            @Nullable
            ClientRuleSet clientRuleSet,

            Limits limits) {}

    record Limits(int maxContentChars, int maxUpdatesPerSecond, int idleTimeoutSeconds) {}

    record UpdateRequest(
            @NotBlank @Size(max = 64) String streamId,
            @Nullable @WellFormedText String content,
            @Nullable @WellFormedText String delta,
            @Nullable @PositiveOrZero Integer position) {}

    @Schema(description = "What an update changed, and what the plugin may show")
    record UpdateResponse(
            @Schema(
                    description = "The stream's action so far: the most severe among the violations certain in the"
                            + " text received; once block, it stays block",
                    allowableValues = {"allow", "warn", "block"})
            String action,

            @Schema(
                    description = "Violations that became certain in this update, each reported once, with the span"
                            + " known now (a later answer may revise it: see revisedViolations)")
            List<Violation> deltaViolations,

            @Schema(description = "How much of the content the server has checked (its length), in UTF-16 code units")
            int position,

            @Schema(
                    description = "The plugin may show text up to here; hold back the rest. No char before it can"
                            + " become part of a violation, whatever text follows. Never more than position; equal to it"
                            + " when nothing is pending.",
                    example = "12")
            int safeOffset,

            @Schema(
                    description = "Violations reported in an earlier answer whose span settled differently in this"
                            + " one; replace each earlier one (ruleId, previous.start, previous.end) with it")
            List<RevisedViolation> revisedViolations,

            @Schema(
                    description = "Violations reported in an earlier answer that vanished because the content was"
                            + " rewritten before them; forget them")
            List<Violation> withdrawnViolations) {}

    record FinishRequest(
            @NotBlank @Size(max = 64) String streamId,
            @Nullable @WellFormedText String finalContent) {}

    @Schema(description = "The message's verdict and its audit entry")
    record FinishResponse(
            @Schema(
                    description = "The message's action: the most severe among its violations, and block if the"
                            + " stream was ever blocked",
                    allowableValues = {"allow", "warn", "block"})
            String action,

            @Schema(
                    description = "Every violation of the message, with its final span; supersedes every span"
                            + " reported before")
            List<Violation> violations,

            @Schema(description = "The message's one audit entry; a retried finish answers the same")
            String auditId,

            @Schema(description = "The length of the final content, in UTF-16 code units")
            int position,

            @Schema(description = "Equal to position: after a finish nothing is pending")
            int safeOffset,

            @Schema(
                    description = "Violations that became certain at the finish (the end of the text decided them);"
                            + " empty when the stream had already been finished")
            List<Violation> deltaViolations,

            @Schema(
                    description = "Violations reported in an earlier answer whose span the finish settled"
                            + " differently; empty when the stream had already been finished")
            List<RevisedViolation> revisedViolations,

            @Schema(
                    description = "Violations reported in an earlier answer that vanished with finalContent's"
                            + " rewrite; empty when the stream had already been finished")
            List<Violation> withdrawnViolations) {}

    private static final String UPDATE_EXAMPLE = """
            {"action": "block",
             "deltaViolations": [],
             "position": 37,
             "safeOffset": 37,
             "revisedViolations": [{"ruleId": "r-7", "ruleName": "Slack token", "action": "block",
                                    "start": 12, "end": 30, "excerpt": "xoxb-1234567890abc",
                                    "previous": {"start": 12, "end": 27}}],
             "withdrawnViolations": []}""";
}
