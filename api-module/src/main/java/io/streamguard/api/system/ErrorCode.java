package io.streamguard.api.system;

import java.net.URI;

/**
 * The machine-readable {@code code} of every refusal and problem the API answers with (see API.md): the
 * reason, in the API's words. Which HTTP status each has is the web edge's business ({@link Problems#status}).
 */
public enum ErrorCode {
    INVALID_REQUEST("Invalid request"),
    UNAUTHORIZED("Unauthorized"),
    FORBIDDEN("Forbidden"),
    NOT_FOUND("Not found"),
    STREAM_NOT_FOUND("Stream not found"),
    AUDIT_ENTRY_NOT_FOUND("Audit entry not found"),
    RULE_NOT_FOUND("Rule not found"),
    METHOD_NOT_ALLOWED("Method not allowed"),
    NOT_ACCEPTABLE("Not acceptable"),
    STREAM_FINISHED("Stream finished"),
    POSITION_MISMATCH("Position mismatch"),
    CONTENT_TOO_LARGE("Content too large"),
    SCAN_BUDGET_EXCEEDED("Content too costly to check"),
    UNSUPPORTED_MEDIA_TYPE("Unsupported media type"),
    RATE_LIMITED("Rate limited"),
    TOO_MANY_STREAMS("Too many streams"),
    CLIENT_BUDGET_EXCEEDED("Client budget exceeded"),
    UNAVAILABLE("Service unavailable"),
    NOT_IMPLEMENTED("Not implemented"),
    HTTP_VERSION_NOT_SUPPORTED("HTTP version not supported"),
    INTERNAL_ERROR("Internal error");

    private final String title;

    ErrorCode(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public URI type() {
        return URI.create("https://streamguard.io/problems/" + code().replace('_', '-'));
    }
}
