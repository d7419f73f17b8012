package io.streamguard.api.audit;

import io.streamguard.api.audit.AuditAccessLog.Access;
import io.streamguard.api.audit.AuditAccessLog.AccessEntry;
import io.streamguard.api.audit.AuditLog.ChainVerification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.security.Principal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Audit administration", description = "Chain verification and the access log (admin)")
@RestController
@RequestMapping("/v1/admin/audit")
class AuditAdminController {

    private final AuditLog audit;
    private final AuditAccessLog access;

    AuditAdminController(AuditLog audit, AuditAccessLog access) {
        this.audit = audit;
        this.access = access;
    }

    @Operation(
            summary = "Check the keyed MAC chain, its purge marker and its head; names the first row that fails"
                    + " (firstBrokenAuditId, firstBrokenSequence) and why (problem: row_altered, row_unsigned,"
                    + " rows_missing_before, newest_rows_missing, bad_purge_marker, row_behind_purge_marker, bad_checkpoint,"
                    + " legacy_chain_broken, bad_legacy_record)")
    @GetMapping("/verify")
    ChainVerification verify(Principal who) {
        access.record(who.getName(), Access.VERIFY, "chain");
        return audit.verify();
    }

    @Operation(summary = "Who searched, read, exported or verified the audit log, newest first")
    @GetMapping("/access")
    List<AccessEntry> accessLog(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return access.latest(limit);
    }
}
