package io.streamguard.api.cluster;

/** Names of the cluster's shared structures, in one place. */
public final class ClusterMaps {

    /** Live streams by stream id. */
    public static final String STREAMS = "streams";

    private ClusterMaps() {
    }
}
