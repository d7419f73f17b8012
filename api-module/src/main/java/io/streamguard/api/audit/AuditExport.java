package io.streamguard.api.audit;

import io.streamguard.api.audit.AuditAccessLog.Access;
import java.io.IOException;
import java.io.Writer;
import org.springframework.stereotype.Service;

/** A search written out as CSV, page by page, at most {@link #MAX_ROWS} rows; the export is itself audited. */
@Service
public class AuditExport {

    public static final int MAX_ROWS = 100_000;

    private final AuditLog audit;
    private final AuditAccessLog access;

    AuditExport(AuditLog audit, AuditAccessLog access) {
        this.audit = audit;
        this.access = access;
    }

    /** @return the number of rows written */
    public int writeCsv(AuditQuery query, String username, Writer out) throws IOException {
        access.record(username, Access.EXPORT, query.describe());
        AuditCsv.header(out);
        AuditQuery page = query.withLimit(AuditQuery.MAX_LIMIT);
        int written = 0;
        while (written < MAX_ROWS) {
            AuditPage result = audit.search(page);
            for (AuditEntryView entry : result.items()) {
                AuditCsv.entry(out, entry);
            }
            written += result.items().size();
            if (result.nextCursor() == null) {
                break;
            }
            page = page.after(AuditQuery.Cursor.decode(result.nextCursor()));
        }
        out.flush();
        return written;
    }
}
