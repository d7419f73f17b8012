package io.streamguard.api.check;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.StreamGuardProperties;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * At most {@code max-checks-per-second} full checks per API client across the cluster: each
 * client's token bucket (one second deep) lives in a cluster map and is taken from on the member
 * that owns it, one hop per check, so the limit holds however the checks are spread over nodes.
 */
@Component
class CheckRateLimit {

    private final IMap<UUID, CheckBucket> buckets;
    private final int maxPerSecond;

    CheckRateLimit(HazelcastInstance hazelcast, StreamGuardProperties properties) {
        this.buckets = hazelcast.getMap(ClusterMaps.CHECK_RATES);
        this.maxPerSecond = properties.limits().maxChecksPerSecond();
    }

    void take(UUID clientId) {
        long waitMillis = buckets.executeOnKey(clientId, new TakeCheckToken(System.currentTimeMillis(), maxPerSecond));
        if (waitMillis > 0) {
            throw new CheckRefusal(
                            ErrorCode.RATE_LIMITED,
                            "Too many checks for this API client: at most " + maxPerSecond + " a second; slow down.")
                    .with("maxChecksPerSecond", maxPerSecond)
                    .retryAfter(Duration.ofMillis(waitMillis));
        }
    }
}
