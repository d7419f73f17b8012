package io.streamguard.api.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.streamguard.api.ApiTestApplication;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.PostgresFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/** Several real nodes in this JVM: each its own HTTP port and Hazelcast member, one Postgres. */
final class LocalCluster implements AutoCloseable {

    record Node(ConfigurableApplicationContext context, ApiTestClient api) {

        HazelcastInstance hazelcast() {
            return context.getBean(HazelcastInstance.class);
        }

        boolean owns(String streamId) {
            var owner = hazelcast().getPartitionService().getPartition(streamId).getOwner();
            return owner != null && owner.localMember();
        }

        /** As a crash: the member leaves without handing anything over, then the node stops. */
        void kill() {
            hazelcast().getLifecycleService().terminate();
            context.close();
        }
    }

    private final List<Node> nodes = new ArrayList<>();

    /**
     * Boot sets up logging for the whole JVM as each application starts; several starting at once
     * in one JVM can catch the shared logger context half reset. Only that setup is serialised.
     */
    private record OneLoggingSetupAtATime(boolean acquire) implements ApplicationListener<ApplicationEvent>, Ordered {

        private static final ReentrantLock SETUP = new ReentrantLock();

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (acquire && event instanceof ApplicationStartingEvent) {
                SETUP.lock();
            } else if (!acquire
                    && (event instanceof ApplicationEnvironmentPreparedEvent || event instanceof ApplicationFailedEvent)
                    && SETUP.isHeldByCurrentThread()) {
                SETUP.unlock();
            }
        }

        @Override
        public int getOrder() {
            return acquire ? Ordered.HIGHEST_PRECEDENCE : Ordered.LOWEST_PRECEDENCE;
        }
    }

    LocalCluster(int size, String... properties) {
        int basePort = 6100 + ThreadLocalRandom.current().nextInt(300) * 10;
        String members = String.join(
                ",",
                IntStream.range(0, size)
                        .mapToObj(i -> "127.0.0.1:" + (basePort + i))
                        .toList());
        String name = "cluster-it-" + UUID.randomUUID();
        List<Thread> starting = new ArrayList<>();
        Node[] started = new Node[size];
        for (int i = 0; i < size; i++) {
            int index = i;
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--streamguard.cluster.port=" + (basePort + i),
                    "--streamguard.cluster.members=" + members,
                    "--streamguard.cluster.name=" + name));
            for (String property : properties) {
                args.add("--" + property);
            }
            starting.add(Thread.ofPlatform().start(() -> {
                var context = new SpringApplicationBuilder(ApiTestApplication.class)
                        .initializers(new PostgresFixture())
                        .listeners(new OneLoggingSetupAtATime(true), new OneLoggingSetupAtATime(false))
                        .run(args.toArray(String[]::new));
                int port =
                        ((WebServerApplicationContext) context).getWebServer().getPort();
                started[index] = new Node(context, new ApiTestClient("http://localhost:" + port));
            }));
        }
        for (Thread thread : starting) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        for (Node node : started) {
            if (node == null) {
                close();
                throw new IllegalStateException("a node did not start");
            }
            nodes.add(node);
        }
    }

    Node node(int index) {
        return nodes.get(index);
    }

    List<Node> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        nodes.stream()
                .filter(n -> n.context().isActive())
                .forEach(n -> n.context().close());
    }
}
