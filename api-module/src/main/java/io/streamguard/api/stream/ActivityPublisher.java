package io.streamguard.api.stream;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.streamguard.api.cluster.ClusterMaps;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every second, this node's activity goes into a cluster map, keyed by member, short-lived. */
@Component
class ActivityPublisher {

    private final IMap<String, NodeActivity> activity;
    private final String member;
    private final StreamMetrics metrics;
    private final Clock clock;

    ActivityPublisher(HazelcastInstance hazelcast, StreamMetrics metrics, Clock clock) {
        this.activity = hazelcast.getMap(ClusterMaps.NODE_ACTIVITY);
        this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(fixedRate = 1000)
    void publish() {
        activity.set(member, metrics.activity(clock.millis()), 5, TimeUnit.SECONDS);
    }

    IMap<String, NodeActivity> activity() {
        return activity;
    }
}
