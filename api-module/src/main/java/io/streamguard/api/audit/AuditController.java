package io.streamguard.api.audit;

import io.streamguard.api.audit.AuditAccessLog.Access;
import io.streamguard.api.system.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Audit", description = "Compliance search over the audit log (compliance, admin)")
@RestController
@RequestMapping("/v1/audit")
class AuditController {

    /**
     * A finish answers before its row is in Postgres; a read on the node that took the finish waits
     * this long at most for the rows it still holds, so a client reading its own finish finds it.
     */
    private static final Duration READ_YOUR_FINISHES = Duration.ofSeconds(2);

    private final AuditLog audit;
    private final AuditAccessLog access;
    private final AuditExport export;
    private final AuditWriter writer;

    AuditController(AuditLog audit, AuditAccessLog access, AuditExport export, AuditWriter writer) {
        this.audit = audit;
        this.access = access;
        this.export = export;
        this.writer = writer;
    }

    /** The filters of a search, bound from the query string; every one optional. */
    record Filters(
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable
            Instant from,

            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable
            Instant to,

            @Nullable String userId,
            @Nullable String botId,
            @Nullable String action,
            @Nullable String ruleId,
            @Nullable String outcome,
            @Nullable String q) {

        AuditQuery query(AuditQuery.Sort sort, int limit, AuditQuery.@Nullable Cursor cursor) {
            return new AuditQuery(from, to, userId, botId, action, ruleId, outcome, q, sort, limit, cursor);
        }
    }

    @Operation(summary = "Search: filters, full text (q), newest first or by relevance; cursor pagination")
    @GetMapping
    AuditPage search(
            @ParameterObject Filters filters,
            @RequestParam(defaultValue = "time") String sort,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) @Nullable String cursor,
            Principal who) {
        AuditQuery query = filters.query(sort(sort), limit, cursor == null ? null : AuditQuery.Cursor.decode(cursor));
        if (cursor == null) {
            access.record(who.getName(), Access.SEARCH, query.describe());
            writer.awaitHeld(READ_YOUR_FINISHES);
        }
        return audit.search(query);
    }

    @Operation(summary = "Export a search as CSV (at most 100,000 rows)")
    @GetMapping(value = "/export.csv", produces = "text/csv")
    void export(@ParameterObject Filters filters, Principal who, HttpServletResponse response) throws IOException {
        AuditQuery query = filters.query(AuditQuery.Sort.TIME, AuditQuery.MAX_LIMIT, null);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-export.csv\"");
        writer.awaitHeld(READ_YOUR_FINISHES);
        export.writeCsv(
                query, who.getName(), new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }

    @Operation(
            summary = "One audit entry with its context, content, violations and outcome",
            description = "A stream's row is written a few milliseconds after its finish answers. Asked of the"
                    + " node that took the finish, this waits for the row (up to 2 s); asked of another node"
                    + " (or while the database is away) it may answer 404 until the row is written: retry.")
    @GetMapping("/{auditId}")
    AuditEntryView get(@PathVariable UUID auditId, Principal who) {
        access.record(who.getName(), Access.READ, auditId.toString());
        return audit.find(auditId)
                .or(() -> {
                    writer.awaitWritten(auditId, READ_YOUR_FINISHES);
                    return audit.find(auditId);
                })
                .orElseThrow(() -> new AuditRefusal(ErrorCode.AUDIT_ENTRY_NOT_FOUND, "No audit entry " + auditId));
    }

    private static AuditQuery.Sort sort(String sort) {
        return switch (sort) {
            case "time" -> AuditQuery.Sort.TIME;
            case "relevance" -> AuditQuery.Sort.RELEVANCE;
            default -> throw new AuditRefusal(ErrorCode.INVALID_REQUEST, "sort must be time or relevance");
        };
    }
}
