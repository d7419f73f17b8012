package io.streamguard.testing;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A real Hazelcast member that joins no one, for unit tests of code that runs inside a member (its user context,
 * its maps): about a second to start, no Spring, no network beyond loopback.
 */
public final class LoneMember {

    private LoneMember() {}

    /** Started with these entries in its user context; shut it down when done. */
    public static HazelcastInstance start(Map<String, Object> userContext) {
        return start(userContext, config -> {});
    }

    /** Likewise, with more configuration (serializers, say) of the test's own. */
    public static HazelcastInstance start(Map<String, Object> userContext, Consumer<Config> configure) {
        var config = new Config().setClusterName("lone-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        var network = config.getNetworkConfig().setPort(5951).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        var join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        config.getUserContext().putAll(userContext);
        configure.accept(config);
        return Hazelcast.newHazelcastInstance(config);
    }
}
