package io.streamguard.api.system;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.instance.impl.DefaultOutOfMemoryHandler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * A node without its cluster member, or one that ran out of memory (on a cluster thread or under a
 * request), cannot recover by itself: liveness turns {@code DOWN} so that whatever supervises the
 * node restarts it, rather than leaving it to answer every call with an error.
 */
@Component
class LivenessGuard implements Filter, Ordered {

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

    /** Every request: an error the JVM itself raised under it (out of memory) ends this node's liveness. */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            failedWith(e);
            throw e;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @EventListener(ContextClosedEvent.class)
    void closing() {
        closing = true;
    }

    private void memberChanged(LifecycleEvent event) {
        if (!closing
                && (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN
                        || event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN)) {
            broken("its cluster member stopped");
        }
    }

    /** A request or task failed: if the JVM itself failed under it (out of memory), this node is done. */
    void failedWith(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError) {
                broken(t.getClass().getSimpleName());
                return;
            }
        }
    }

    private void broken(String why) {
        log.error("This node cannot work on: {}. Liveness is now DOWN; restart it.", why);
        AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
    }
}
