package io.streamguard.api.system;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.instance.impl.DefaultOutOfMemoryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A node without its cluster member, or one that ran out of memory, cannot recover by itself:
 * liveness turns {@code DOWN} so that whatever supervises the node restarts it, rather than
 * leaving it to answer every call with an error.
 */
@Component
class LivenessGuard {

    private static final Logger log = LoggerFactory.getLogger(LivenessGuard.class);

    private final ApplicationContext context;
    private volatile boolean closing;

    LivenessGuard(ApplicationContext context, HazelcastInstance hazelcast) {
        this.context = context;
        hazelcast.getLifecycleService().addLifecycleListener(this::memberChanged);
        Hazelcast.setOutOfMemoryHandler(new DefaultOutOfMemoryHandler() {
            @Override
            public void onOutOfMemory(OutOfMemoryError error, HazelcastInstance[] instances) {
                broken("out of memory");
                super.onOutOfMemory(error, instances);
            }
        });
    }

    @EventListener(ContextClosedEvent.class)
    void closing() {
        closing = true;
    }

    private void memberChanged(LifecycleEvent event) {
        if (!closing && (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN
                || event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN)) {
            broken("its cluster member stopped");
        }
    }

    private void broken(String why) {
        log.error("This node cannot work on: {}. Liveness is now DOWN; restart it.", why);
        AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
    }
}
