package io.streamguard.api.stream;

import java.time.Instant;
import java.util.List;

import io.streamguard.api.audit.ViolationView;
import io.streamguard.api.rules.PublishedRuleSet.ClientRules;
import io.streamguard.api.security.ApiClientPrincipal;
import io.streamguard.api.system.ApiProblem;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.api.system.WellFormedText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
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
        return new StartResponse(started.streamId(), started.expiresAt(), started.ruleSet().version(),
                started.ruleSet().clientRules(), new Limits(limits.maxContentChars(), limits.maxUpdatesPerSecond(),
                        limits.idleTimeoutSeconds()));
    }

    @Operation(summary = "Check what is new: the full current content, or a delta at the server's position")
    @PostMapping("/update")
    UpdateResponse update(@Valid @RequestBody UpdateRequest request,
            @AuthenticationPrincipal ApiClientPrincipal client) {
        StreamService.Checked checked;
        if (request.content() != null && request.delta() == null) {
            if (request.position() != null && request.position() > request.content().length()) {
                throw new ApiProblem(ErrorCode.INVALID_REQUEST, "position is beyond the end of content");
            }
            checked = streams.updateContent(client.clientId(), request.streamId(), request.content());
        }
        else if (request.delta() != null && request.content() == null) {
            if (request.position() == null) {
                throw new ApiProblem(ErrorCode.INVALID_REQUEST, "a delta needs the position it is appended at");
            }
            checked = streams.appendDelta(client.clientId(), request.streamId(), request.delta(), request.position());
        }
        else {
            throw new ApiProblem(ErrorCode.INVALID_REQUEST, "send exactly one of content and delta");
        }
        return new UpdateResponse(checked.action(), checked.newViolations(), checked.position());
    }

    @Operation(summary = "Finish a stream: the message's verdict and its one audit entry")
    @PostMapping("/finish")
    FinishResponse finish(@Valid @RequestBody FinishRequest request,
            @AuthenticationPrincipal ApiClientPrincipal client) {
        var finished = streams.finish(client.clientId(), request.streamId(), request.finalContent());
        return new FinishResponse(finished.action(), finished.violations(), finished.auditId().toString());
    }

    record StartRequest(@NotNull @Valid StreamContext context) {
    }

    record StartResponse(String streamId, Instant expiresAt, long ruleSetVersion, ClientRules clientRules,
            Limits limits) {
    }

    record Limits(int maxContentChars, int maxUpdatesPerSecond, int idleTimeoutSeconds) {
    }

    record UpdateRequest(@NotBlank @Size(max = 64) String streamId, @Nullable @WellFormedText String content,
            @Nullable @WellFormedText String delta, @Nullable @PositiveOrZero Integer position) {
    }

    record UpdateResponse(String action, List<ViolationView> deltaViolations, int position) {
    }

    record FinishRequest(@NotBlank @Size(max = 64) String streamId, @Nullable @WellFormedText String finalContent) {
    }

    record FinishResponse(String action, List<ViolationView> violations, String auditId) {
    }
}
