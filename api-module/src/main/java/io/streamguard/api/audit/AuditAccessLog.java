package io.streamguard.api.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Access to the audit log is itself audited: who searched, read, exported or verified what. */
@Service
public class AuditAccessLog {

    private final JdbcClient jdbc;

    AuditAccessLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public enum Access {
        SEARCH,
        READ,
        EXPORT,
        VERIFY
    }

    public record AccessEntry(String username, String action, String detail, Instant accessedAt) {}

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String username, Access access, String detail) {
        jdbc.sql("insert into audit_access (username, action, detail) values (:u, :a, :d)")
                .param("u", username)
                .param("a", access.name().toLowerCase(java.util.Locale.ROOT))
                .param("d", detail.length() > 4000 ? detail.substring(0, 4000) : detail)
                .update();
    }

    @Transactional(readOnly = true)
    public List<AccessEntry> latest(int limit) {
        return jdbc.sql("select username, action, detail, accessed_at from audit_access order by id desc limit :l")
                .param("l", limit)
                .query((rs, n) -> new AccessEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }
}
