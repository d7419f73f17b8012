package io.streamguard.api.cluster;

import java.nio.file.Path;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import io.streamguard.api.system.StreamGuardProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This node's Hazelcast member: {@code hazelcast.yaml} for what every node shares, the
 * properties for what differs per node (port, members). Boot starts the member from this
 * {@link Config} and adds it to the health endpoint.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    private static boolean isLoopback(String member) {
        String host = member.contains(":") ? member.substring(0, member.lastIndexOf(':')) : member;
        return host.equals("localhost") || host.startsWith("127.");
    }

    /**
     * The configured secret; without one, a cluster of one keeps a generated secret in a file
     * beside its data, and a node told to join others refuses to start.
     */
    @Bean
    ClusterSecret clusterSecret(StreamGuardProperties properties) {
        var cluster = properties.cluster();
        if (cluster.secret() != null && !cluster.secret().isBlank()) {
            return ClusterSecret.of(cluster.secret());
        }
        if (cluster.members().stream().anyMatch(m -> !m.isBlank())) {
            throw new IllegalStateException("STREAMGUARD_CLUSTER_SECRET is required when STREAMGUARD_CLUSTER_MEMBERS"
                    + " is set: give every node of the cluster the same secret of at least " + ClusterSecret.MIN_LENGTH
                    + " characters (for example: openssl rand -base64 32).");
        }
        Path dataDirectory = properties.embeddedDb().dataDirectory().toAbsolutePath();
        return ClusterSecret.inFile(dataDirectory.resolveSibling("cluster-secret"));
    }

    @Bean
    GridSeal gridSeal(ClusterSecret secret) {
        return new GridSeal(secret);
    }

    @Bean
    Config hazelcastConfig(StreamGuardProperties properties, ObjectProvider<NodeServices> nodeServices) {
        var cluster = properties.cluster();
        Config config = new ClasspathYamlConfig("hazelcast.yaml");
        config.setClusterName(cluster.name());
        config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(cluster.members().isEmpty());
        var tcpIp = config.getNetworkConfig().getJoin().getTcpIpConfig();
        var members = cluster.members().stream().map(String::strip).filter(m -> !m.isEmpty()).toList();
        members.forEach(tcpIp::addMember);
        if (cluster.bindInterface() != null) {
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.bindInterface());
        }
        else if (!members.isEmpty() && members.stream().allMatch(ClusterConfiguration::isLoopback)) {
            // Several nodes on one machine: bind where the members were told to look for each other.
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        }
        // Looked up lazily: Boot starts the member before JPA, and the node's services need JPA.
        NodeServices lazy = version -> nodeServices.getObject().ruleSet(version);
        config.getUserContext().put(NodeServices.class.getName(), lazy);
        return config;
    }
}
