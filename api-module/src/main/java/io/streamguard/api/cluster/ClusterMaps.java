package io.streamguard.api.cluster;

/** Names of the cluster's shared structures, in one place. */
public final class ClusterMaps {

    /** Live streams by stream id. */
    public static final String STREAMS = "streams";

    /** Active API keys: SHA-256 of the key to client id, replicated to every member for local reads. */
    public static final String API_KEYS = "api-keys";

    private ClusterMaps() {
    }
}
