package io.streamguard.api.audit;

import java.util.List;
import java.util.UUID;

import io.streamguard.api.system.ApiProblem;
import io.streamguard.api.system.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Audit", description = "The audit log (compliance, admin)")
@RestController
@RequestMapping("/v1/audit")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @Operation(summary = "The newest audit entries first; pass nextCursor back as cursor for the next page")
    @GetMapping
    AuditPage search(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(required = false) @Nullable String cursor) {
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            }
            catch (NumberFormatException e) {
                throw new ApiProblem(ErrorCode.INVALID_REQUEST, "cursor is not one this API returned");
            }
        }
        List<AuditEntryView> items = audit.latest(before, limit);
        String next = items.size() == limit ? Long.toString(items.getLast().sequence()) : null;
        return new AuditPage(items, next);
    }

    @Operation(summary = "One audit entry with its context, content, violations and outcome")
    @GetMapping("/{auditId}")
    AuditEntryView get(@PathVariable UUID auditId) {
        return audit.find(auditId)
                .orElseThrow(() -> new ApiProblem(ErrorCode.AUDIT_ENTRY_NOT_FOUND, "No audit entry " + auditId));
    }

    record AuditPage(List<AuditEntryView> items, @Nullable String nextCursor) {
    }
}
