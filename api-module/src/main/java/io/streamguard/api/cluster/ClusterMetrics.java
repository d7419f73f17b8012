package io.streamguard.api.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** {@code streamguard_cluster_members}: the members this node sees, itself included (0 once it has left). */
@Component
class ClusterMetrics implements MeterBinder {

    private final HazelcastInstance hazelcast;

    ClusterMetrics(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("streamguard.cluster.members", this, ClusterMetrics::members)
                .description("Members of the cluster this node sees, itself included")
                .register(registry);
    }

    private double members() {
        return hazelcast.getLifecycleService().isRunning()
                ? hazelcast.getCluster().getMembers().size()
                : 0;
    }
}
