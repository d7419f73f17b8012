package io.streamguard.api.check;

import io.streamguard.api.audit.AuditLog;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.api.rules.PublishedRuleSet;
import io.streamguard.api.rules.RuleSets;
import io.streamguard.api.security.ApiClientPrincipal;
import io.streamguard.api.stream.StreamContext;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.StreamGuardProperties;
import io.streamguard.api.system.WellFormedText;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The pre-streaming API: one full check of complete content, one audit row per call. */
@Tag(name = "Check", description = "One-shot check of complete content")
@RestController
class CheckController {

    private final RuleSets ruleSets;
    private final AuditLog audit;
    private final CheckRateLimit rateLimit;
    private final int maxContentChars;

    CheckController(RuleSets ruleSets, AuditLog audit, CheckRateLimit rateLimit, StreamGuardProperties properties) {
        this.ruleSets = ruleSets;
        this.audit = audit;
        this.rateLimit = rateLimit;
        this.maxContentChars = properties.limits().maxContentChars();
    }

    @Operation(summary = "Check complete content with the current rules; writes one audit entry")
    @PostMapping("/v1/check")
    CheckResponse check(@Valid @RequestBody CheckRequest request, @AuthenticationPrincipal ApiClientPrincipal client) {
        rateLimit.take(client.clientId());
        if (request.content().length() > maxContentChars) {
            throw new CheckRefusal(
                            ErrorCode.CONTENT_TOO_LARGE, "Content may be at most " + maxContentChars + " characters.")
                    .with("maxContentChars", maxContentChars);
        }
        Instant now = Instant.now();
        PublishedRuleSet ruleSet = ruleSets.current();
        List<io.streamguard.engine.scan.Violation> found = ruleSet.compiled().check(request.content());
        Action action = found.stream()
                .map(io.streamguard.engine.scan.Violation::action)
                .reduce(Action.ALLOW, Action::mostSevere);
        List<Violation> violations = found.stream().map(Violation::of).toList();
        var context = request.context();
        var record = new AuditRecord(
                UUID.randomUUID(),
                AuditRecord.Outcome.CHECKED,
                null,
                client.clientId(),
                context.userId(),
                context.botId(),
                context.sessionId(),
                action,
                request.content(),
                violations,
                ruleSet.version(),
                1,
                action == Action.BLOCK ? 0 : null,
                now,
                now);
        audit.append(record);
        return new CheckResponse(action.wireName(), violations, record.auditId().toString());
    }

    record CheckRequest(
            @NotNull @Valid StreamContext context,
            @NotNull @WellFormedText String content) {}

    record CheckResponse(String action, List<Violation> violations, String auditId) {}
}
