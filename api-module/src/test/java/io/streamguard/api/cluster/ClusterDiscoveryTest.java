package io.streamguard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import io.streamguard.api.system.StreamGuardProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * How a member finds the others: a fixed member list (TCP-IP) or Kubernetes discovery by DNS lookup, never both,
 * and with either the member binds one interface and needs the shared secret.
 */
class ClusterDiscoveryTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("a-secret-of-at-least-thirty-two-characters");
    private static final String SERVICE_DNS = "streamguard-cluster.streamguard.svc.cluster.local";

    @Test
    void aMemberListJoinsByTcpIpOnTheNamedInterface() {
        Config config = hazelcastConfig(Map.of(
                "streamguard.cluster.members", "node1:5701,node2:5701",
                "streamguard.cluster.bind-interface", "172.31.57.*"));

        var join = config.getAdvancedNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("node1:5701", "node2:5701");
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(memberEndpoint(config).getInterfaces().getInterfaces()).containsExactly("172.31.57.*");
        assertThat(memberEndpoint(config).isPortAutoIncrement()).isFalse();
    }

    @Test
    void kubernetesDiscoveryLooksUpTheHeadlessServiceAndBindsThePodAddressOnly() {
        Config config = hazelcastConfig(Map.of(
                "streamguard.cluster.kubernetes.service-dns", SERVICE_DNS,
                "streamguard.cluster.bind-interface", "10.244.1.7",
                "streamguard.cluster.port", "5801"));

        var join = config.getAdvancedNetworkConfig().getJoin();
        var kubernetes = join.getKubernetesConfig();
        assertThat(kubernetes.isEnabled()).isTrue();
        assertThat(kubernetes.getProperties())
                .containsEntry("service-dns", SERVICE_DNS)
                .containsEntry("service-port", "5801")
                .containsEntry("service-dns-timeout", "5")
                // DNS lookup, not the Kubernetes API: no token, no service account, no RBAC.
                .doesNotContainKeys("service-name", "namespace", "api-token", "kubernetes-master");
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();

        var endpoint = memberEndpoint(config);
        assertThat(endpoint.getPort()).isEqualTo(5801);
        assertThat(endpoint.isPortAutoIncrement()).isFalse();
        assertThat(endpoint.getInterfaces().isEnabled()).isTrue();
        assertThat(endpoint.getInterfaces().getInterfaces()).containsExactly("10.244.1.7");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        // Still no client endpoint, and the name still derives from the secret.
        assertThat(config.getAdvancedNetworkConfig().getEndpointConfigs()).containsOnlyKeys(EndpointQualifier.MEMBER);
        assertThat(config.getClusterName()).isEqualTo(ClusterConfiguration.clusterName("streamguard", SECRET));
    }

    /**
     * Hazelcast accepts the configuration and runs its DNS lookup: {@code localhost} stands for the headless service
     * and resolves to this member's own address (no Kubernetes here, and no second address to join).
     */
    @Test
    void aMemberStartsWithKubernetesDiscoveryAndListensOnItsPodAddressAlone() throws IOException {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Config config = hazelcastConfig(Map.of(
                "streamguard.cluster.kubernetes.service-dns", "localhost",
                "streamguard.cluster.bind-interface", "127.0.0.1",
                "streamguard.cluster.port", String.valueOf(port)));
        config.setProperty("hazelcast.wait.seconds.before.join", "0");

        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        try {
            var address = member.getCluster().getLocalMember().getAddress();
            assertThat(address.getHost()).isEqualTo("127.0.0.1");
            assertThat(address.getPort()).isEqualTo(port);
            assertThat(member.getCluster().getMembers()).hasSize(1);
        } finally {
            member.shutdown();
        }
    }

    @Test
    void membersAndKubernetesDiscoveryTogetherAreRefused() {
        assertThatThrownBy(() -> hazelcastConfig(Map.of(
                        "streamguard.cluster.members", "node1:5701",
                        "streamguard.cluster.kubernetes.service-dns", SERVICE_DNS,
                        "streamguard.cluster.bind-interface", "10.244.1.7")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STREAMGUARD_CLUSTER_MEMBERS and STREAMGUARD_CLUSTER_KUBERNETES_SERVICEDNS")
                .hasMessageContaining("not both");
    }

    @Test
    void kubernetesDiscoveryWithoutABindInterfaceIsRefused() {
        assertThatThrownBy(() -> hazelcastConfig(Map.of("streamguard.cluster.kubernetes.service-dns", SERVICE_DNS)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STREAMGUARD_CLUSTER_BINDINTERFACE")
                .hasMessageContaining("status.podIP");
    }

    @Test
    void kubernetesDiscoveryNeedsTheClusterSecret() {
        var properties = properties(Map.of(
                "streamguard.cluster.kubernetes.service-dns",
                SERVICE_DNS,
                "streamguard.cluster.bind-interface",
                "10.244.1.7"));

        assertThatThrownBy(() -> new ClusterConfiguration().clusterSecret(properties))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STREAMGUARD_CLUSTER_SECRET is required")
                .hasMessageContaining("STREAMGUARD_CLUSTER_KUBERNETES_SERVICEDNS");
    }

    @Test
    void aBlankServiceNameLeavesDiscoveryOff() {
        Config config = hazelcastConfig(Map.of("streamguard.cluster.kubernetes.service-dns", " "));

        assertThat(config.getAdvancedNetworkConfig()
                        .getJoin()
                        .getKubernetesConfig()
                        .isEnabled())
                .isFalse();
        assertThat(memberEndpoint(config).getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    }

    static StreamGuardProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("streamguard", StreamGuardProperties.class);
    }

    static Config hazelcastConfig(StreamGuardProperties properties, ClusterSecret secret) {
        return new ClusterConfiguration()
                .hazelcastConfig(
                        properties,
                        secret,
                        new GridSeal(secret),
                        new GridTampering(),
                        List.of(),
                        List.of(),
                        new StaticListableBeanFactory().getBeanProvider(NodeServices.CompiledRuleSets.class));
    }

    static ServerSocketEndpointConfig memberEndpoint(Config config) {
        return (ServerSocketEndpointConfig)
                config.getAdvancedNetworkConfig().getEndpointConfigs().get(EndpointQualifier.MEMBER);
    }

    private static Config hazelcastConfig(Map<String, String> settings) {
        return hazelcastConfig(properties(settings), SECRET);
    }
}
