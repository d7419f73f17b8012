package io.streamguard.api.rules;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A rule as the API returns it. */
public record RuleView(
        String id,
        String name,
        String kind,
        @Nullable String pattern,
        String flags,
        List<String> keywords,
        boolean caseSensitive,
        boolean wholeWord,
        String action,
        boolean clientSide,
        boolean enabled,
        String description,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {}
