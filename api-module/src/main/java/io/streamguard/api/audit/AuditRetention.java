package io.streamguard.api.audit;

import io.streamguard.api.system.StreamGuardProperties;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges audit rows older than {@code streamguard.audit.retention-days} on a schedule (off when
 * 0). Nodes may all run it: the purge takes the audit lock, and a second run finds nothing.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditLog audit;
    private final int retentionDays;

    AuditRetention(AuditLog audit, StreamGuardProperties properties) {
        this.audit = audit;
        this.retentionDays = properties.audit().retentionDays();
    }

    @Scheduled(cron = "${streamguard.audit.retention-cron:0 17 3 * * *}")
    void purge() {
        if (retentionDays <= 0) {
            return;
        }
        long purged = audit.purgeRecordedBefore(Instant.now().minus(Duration.ofDays(retentionDays)));
        if (purged > 0) {
            log.info("Audit retention: purged {} rows older than {} days", purged, retentionDays);
        }
    }
}
