package io.streamguard.api.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of audit entries; pass {@code nextCursor} back as {@code cursor} for the next one. */
public record AuditPage(
        List<AuditEntryView> items, @Nullable String nextCursor) {}
