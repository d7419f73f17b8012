package io.streamguard.api.cluster;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import io.streamguard.api.system.StreamGuardProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This node's Hazelcast member. Hazelcast's open-source edition authenticates nobody, so the
 * member protects itself: it listens on one interface only (loopback unless told otherwise), takes
 * members and no clients, joins only a cluster whose name derives from the shared secret, and
 * every value, processor and answer of ours crosses the wire sealed under that secret. It finds the
 * other members in a fixed list (TCP-IP) or, on Kubernetes, at the addresses a headless service's
 * DNS name resolves to; never both. {@code hazelcast.yaml} holds what every node shares; the
 * properties what differs per node.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

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
        if (members(properties).isEmpty() && !properties.cluster().kubernetes().enabled()) {
            Path dataDirectory = properties.embeddedDb().dataDirectory().toAbsolutePath();
            return ClusterSecret.inFile(dataDirectory.resolveSibling("cluster-secret"));
        }
        throw new IllegalStateException("STREAMGUARD_CLUSTER_SECRET is required when STREAMGUARD_CLUSTER_MEMBERS"
                + " or STREAMGUARD_CLUSTER_KUBERNETES_SERVICEDNS is set: give every node of the cluster the same secret of at least "
                + ClusterSecret.MIN_LENGTH
                + " characters (for example: openssl rand -base64 32).");
    }

    @Bean
    GridSeal gridSeal(ClusterSecret secret) {
        return new GridSeal(secret);
    }

    @Bean
    GridTampering gridTampering() {
        return new GridTampering();
    }

    @Bean
    Config hazelcastConfig(
            StreamGuardProperties properties,
            ClusterSecret secret,
            GridSeal seal,
            GridTampering tampering,
            List<GridTypes> gridTypes,
            List<MemberContext> memberContexts,
            ObjectProvider<NodeServices.CompiledRuleSets> ruleSets) {
        var cluster = properties.cluster();
        Config config = new ClasspathYamlConfig("hazelcast.yaml");
        config.setClusterName(clusterName(cluster.name(), secret));
        // Bind to the named interface alone, never to every interface as Hazelcast would by default.
        config.setProperty("hazelcast.socket.bind.any", "false");

        // The advanced network with a member endpoint and no client endpoint: clients cannot connect at all.
        var network = config.getAdvancedNetworkConfig().setEnabled(true);
        var members = members(properties);
        var kubernetes = cluster.kubernetes();
        if (!members.isEmpty() && kubernetes.enabled()) {
            throw new IllegalStateException("STREAMGUARD_CLUSTER_MEMBERS and STREAMGUARD_CLUSTER_KUBERNETES_SERVICEDNS"
                    + " are both set: a node finds the others either in the member list or by Kubernetes discovery,"
                    + " not both. Unset one of them.");
        }
        if (kubernetes.enabled() && cluster.bindInterface() == null) {
            throw new IllegalStateException("STREAMGUARD_CLUSTER_BINDINTERFACE is required with Kubernetes discovery:"
                    + " set it to the pod's own address (an env entry from the field status.podIP), so that the member"
                    + " listens on the pod network and on nothing else.");
        }
        boolean alone = members.isEmpty() && !kubernetes.enabled();
        var endpoint = (ServerSocketEndpointConfig) Objects.requireNonNull(
                network.getEndpointConfigs().get(EndpointQualifier.MEMBER),
                "the advanced network has a member endpoint");
        endpoint.setPort(cluster.port()).setPortAutoIncrement(alone);
        endpoint.getInterfaces()
                .setEnabled(true)
                .addInterface(cluster.bindInterface() == null ? "127.0.0.1" : cluster.bindInterface());
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        if (kubernetes.enabled()) {
            // DNS lookup: no access to the Kubernetes API, so no service account or RBAC is needed.
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig()
                    .setEnabled(true)
                    .setProperty(
                            "service-dns",
                            Objects.requireNonNull(kubernetes.serviceDns()).strip())
                    .setProperty("service-dns-timeout", String.valueOf(kubernetes.serviceDnsTimeoutSeconds()))
                    .setProperty("service-port", String.valueOf(cluster.port()));
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(members);
        }

        var serialization = config.getSerializationConfig();
        for (GridTypes types : gridTypes) {
            for (GridCodec<?> codec : types.codecs()) {
                serialization.addSerializerConfig(new SerializerConfig()
                        .setTypeClass(codec.type())
                        .setImplementation(new SealedSerializer<>(codec, seal, tampering)));
            }
        }
        // Java serialisation of our own classes is refused, and Hazelcast's list of known gadgets stays on.
        var filter = new JavaSerializationFilterConfig().setDefaultsDisabled(false);
        filter.getBlacklist().addPrefixes("io.streamguard.");
        serialization.setJavaSerializationFilterConfig(filter);

        // Looked up lazily: Boot starts the member before JPA, and the node's services need JPA.
        NodeServices.CompiledRuleSets lazy = version -> ruleSets.getObject().ruleSet(version);
        config.getUserContext().put(NodeServices.class.getName(), new NodeServices(lazy, tampering));
        memberContexts.forEach(context -> config.getUserContext().put(context.contextKey(), context));
        return config;
    }

    /**
     * The configured name followed by a tag derived from the secret: a member without the secret
     * cannot even ask to join. The tag is no secret itself (it is sent in the clear on join), so
     * the cluster network must still be private.
     */
    static String clusterName(String name, ClusterSecret secret) {
        byte[] tag =
                ClusterSecret.hmacSha256(secret.deriveKey("cluster-name/v1"), name.getBytes(StandardCharsets.UTF_8));
        return name + "-" + HexFormat.of().formatHex(tag, 0, 8);
    }

    private static List<String> members(StreamGuardProperties properties) {
        return properties.cluster().members().stream()
                .map(String::strip)
                .filter(m -> !m.isEmpty())
                .toList();
    }
}
