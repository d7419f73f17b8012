package io.streamguard.api.cluster;

/** Names of the cluster's shared structures, in one place. */
public final class ClusterMaps {

    /** Live streams by stream id. */
    public static final String STREAMS = "streams";

    /** The audit chain's newest row (sequence, id, MAC), sealed: what deleting the newest rows contradicts. */
    public static final String AUDIT_HEAD = "audit-head";

    /** Each member's recent stream activity, for the console's live view. */
    public static final String NODE_ACTIVITY = "node-activity";

    /** New rule-set versions, announced by the node that committed them. */
    public static final String RULE_SET_ANNOUNCEMENTS = "rule-set-announcements";

    /** Streams that expired, announced by the member that expired them, for the sockets that push it. */
    public static final String STREAM_EXPIRIES = "stream-expiries";

    /** Active API keys: SHA-256 of the key to client id, replicated to every member for local reads. */
    public static final String API_KEYS = "api-keys";

    /** Each API client's token bucket for {@code /v1/check}, by client id; entries vanish when idle. */
    public static final String CHECK_RATES = "check-rates";

    /** Failed sign-ins per user, per user and address and per address, sealed, each expiring with its window. */
    public static final String SIGN_IN_FAILURES = "sign-in-failures";

    private ClusterMaps() {}
}
