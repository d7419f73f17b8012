package io.streamguard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.streamguard.api.system.StreamGuardProperties;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manifests in {@code deploy/kubernetes}, checked offline (no Kubernetes cluster here): every document is read
 * into the Kubernetes object model (fabric8's classes) and a field the model does not know fails, then what the
 * deployment depends on is asserted, down to the node's own configuration built from the pods' environment.
 */
class KubernetesManifestsTest {

    private static final Map<String, Kind> KINDS = Map.of(
            "Namespace", new Kind("v1", Namespace.class),
            "Secret", new Kind("v1", Secret.class),
            "Service", new Kind("v1", Service.class),
            "StatefulSet", new Kind("apps/v1", StatefulSet.class),
            "NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class));

    /** What the pods' env entries taken from elsewhere stand for here. */
    private static final String POD_IP = "10.244.1.7";

    private static final String SECRET_VALUE = "a-test-value-of-at-least-thirty-two-characters";

    private static List<HasMetadata> objects;

    private record Kind(String apiVersion, Class<? extends HasMetadata> type) {}

    @BeforeAll
    static void readEveryManifest() throws IOException {
        Path folder = manifestFolder();
        List<HasMetadata> read = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    read.addAll(parse(reader, file.getFileName().toString()));
                }
            }
        }
        objects = read;
    }

    @Test
    void everyManifestIsAKnownKubernetesObjectInOneNamespace() {
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder(
                        "Namespace",
                        "Secret",
                        "Service",
                        "Service",
                        "StatefulSet",
                        "NetworkPolicy",
                        "PodDisruptionBudget");
        String namespace = one(Namespace.class).getMetadata().getName();
        assertThat(objects)
                .filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                        .as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo(namespace));
    }

    @Test
    void threeNodesProbedOnTheirHealthGroupsAndStoppedGracefully() {
        StatefulSet nodes = one(StatefulSet.class);
        var spec = nodes.getSpec();
        assertThat(spec.getReplicas()).isEqualTo(3);
        assertThat(spec.getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(selects(spec.getSelector(), spec.getTemplate().getMetadata().getLabels()))
                .isTrue();

        Container node = node();
        assertThat(httpPath(node.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(httpPath(node.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
        assertThat(httpPath(node.getStartupProbe())).isEqualTo("/actuator/health/liveness");
        for (Probe probe : List.of(node.getLivenessProbe(), node.getReadinessProbe(), node.getStartupProbe())) {
            assertThat(containerPort(node, probe.getHttpGet().getPort())).isEqualTo(8080);
        }
        assertThat(node.getImage()).startsWith("streamguard:");
        assertThat(node.getResources().getLimits()).containsKey("memory");
        assertThat(node.getResources().getRequests()).containsKeys("cpu", "memory");

        // The endpoints forget the pod before it is told to stop, and the stop has time to hand its streams over.
        assertThat(node.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "10");
        assertThat(spec.getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThanOrEqualTo(10 + 30 + 30L);
        assertThat(spec.getTemplate().getSpec().getAutomountServiceAccountToken())
                .isFalse();
    }

    @Test
    void theNodesEnvironmentBindsToWhatTheNodeReadsAndBuildsAKubernetesMember() {
        Map<String, String> env = environment(node());
        StreamGuardProperties properties = bindStrictly(env);

        Service headless = headlessService();
        String namespace = headless.getMetadata().getNamespace();
        assertThat(properties.cluster().kubernetes().serviceDns())
                .isEqualTo(headless.getMetadata().getName() + "." + namespace + ".svc.cluster.local");
        assertThat(properties.cluster().members()).isEmpty();
        assertThat(properties.cluster().bindInterface()).isEqualTo(POD_IP);
        assertThat(properties.cluster().secret()).isEqualTo(SECRET_VALUE);

        Config config = ClusterDiscoveryTest.hazelcastConfig(properties, ClusterSecret.of(SECRET_VALUE));
        var endpoint = ClusterDiscoveryTest.memberEndpoint(config);
        ServicePort clusterPort = headless.getSpec().getPorts().getFirst();
        assertThat(clusterPort.getPort()).isEqualTo(endpoint.getPort());
        assertThat(containerPort(node(), clusterPort.getTargetPort())).isEqualTo(endpoint.getPort());
        assertThat(endpoint.getInterfaces().getInterfaces()).containsExactly(POD_IP);
        assertThat(config.getAdvancedNetworkConfig()
                        .getJoin()
                        .getKubernetesConfig()
                        .getProperty("service-dns"))
                .isEqualTo(properties.cluster().kubernetes().serviceDns());
    }

    @Test
    void everySecretReferencedExistsWithItsKey() {
        Secret secret = one(Secret.class);
        List<EnvVar> fromSecrets = node().getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .toList();
        assertThat(fromSecrets)
                .extracting(EnvVar::getName)
                .contains(
                        "STREAMGUARD_CLUSTER_SECRET",
                        "SPRING_DATASOURCE_URL",
                        "SPRING_DATASOURCE_USERNAME",
                        "SPRING_DATASOURCE_PASSWORD");
        for (EnvVar entry : fromSecrets) {
            var ref = entry.getValueFrom().getSecretKeyRef();
            assertThat(ref.getName())
                    .as(entry.getName())
                    .isEqualTo(secret.getMetadata().getName());
            assertThat(secret.getStringData()).as(entry.getName()).containsKey(ref.getKey());
        }
    }

    @Test
    void theClusterPortIsReachableFromStreamGuardPodsAlone() {
        Map<String, String> podLabels =
                one(StatefulSet.class).getSpec().getTemplate().getMetadata().getLabels();

        Service headless = headlessService();
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        for (Service service : all(Service.class)) {
            assertThat(Objects.requireNonNullElse(service.getSpec().getType(), "ClusterIP"))
                    .as(service.getMetadata().getName())
                    .isEqualTo("ClusterIP");
            assertThat(service.getSpec().getExternalIPs()).isNullOrEmpty();
            assertThat(selects(service.getSpec().getSelector(), podLabels)).isTrue();
            if (service != headless) {
                assertThat(service.getSpec().getPorts())
                        .allSatisfy(p -> assertThat(containerPort(node(), p.getTargetPort()))
                                .isEqualTo(8080));
            }
        }

        NetworkPolicy policy = one(NetworkPolicy.class);
        assertThat(selects(policy.getSpec().getPodSelector(), podLabels)).isTrue();
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
        var rules = policy.getSpec().getIngress();
        var clusterRules = rules.stream()
                .filter(r ->
                        r.getPorts().stream().map(NetworkPolicyPort::getPort).anyMatch(p -> portIs(p, 5701)))
                .toList();
        assertThat(clusterRules).hasSize(1);
        var clusterRule = clusterRules.getFirst();
        assertThat(clusterRule.getPorts()).hasSize(1);
        assertThat(clusterRule.getFrom()).isNotEmpty().allSatisfy(peer -> {
            assertThat(peer.getIpBlock()).isNull();
            assertThat(peer.getNamespaceSelector()).isNull();
            assertThat(selects(peer.getPodSelector(), podLabels)).isTrue();
        });
        // No other rule opens every port (a rule without ports would let anyone reach 5701).
        assertThat(rules).allSatisfy(r -> assertThat(r.getPorts()).isNotEmpty());
    }

    @Test
    void aDisruptionLeavesTwoNodes() {
        PodDisruptionBudget budget = one(PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMinAvailable()).isEqualTo(new IntOrString(2));
        assertThat(selects(
                        budget.getSpec().getSelector(),
                        one(StatefulSet.class)
                                .getSpec()
                                .getTemplate()
                                .getMetadata()
                                .getLabels()))
                .isTrue();
    }

    @Test
    void aBrokenManifestFails() {
        String misspeltField = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: streamguard
                spec:
                  replica: 3
                """;
        assertThatThrownBy(() -> parse(new StringReader(misspeltField), "broken.yaml"))
                .hasMessageContaining("spec.replica");

        String wrongType = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: streamguard
                spec:
                  ports:
                    - port: five-seven-o-one
                """;
        assertThatThrownBy(() -> parse(new StringReader(wrongType), "broken.yaml"))
                .hasMessageContaining("broken.yaml");

        String wrongVersion = """
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata:
                  name: streamguard
                """;
        assertThatThrownBy(() -> parse(new StringReader(wrongVersion), "broken.yaml"))
                .hasMessageContaining("policy/v1beta1");
    }

    @Test
    void aMisspeltVariableFails() {
        Map<String, String> env = new LinkedHashMap<>(environment(node()));
        env.put("STREAMGUARD_CLUSTER_KUBERNETES_SERVICEDSN", env.remove("STREAMGUARD_CLUSTER_KUBERNETES_SERVICEDNS"));
        assertThatThrownBy(() -> bindStrictly(env)).hasStackTraceContaining("servicedsn");

        Map<String, String> datasource = new LinkedHashMap<>(environment(node()));
        datasource.put("SPRING_DATASOURCE_PASWORD", SECRET_VALUE);
        assertThatThrownBy(() -> bindStrictly(datasource)).hasStackTraceContaining("pasword");

        Map<String, String> stranger = new LinkedHashMap<>(environment(node()));
        stranger.put("HAZELCAST_CLUSTER_MEMBERS", "node1");
        assertThatThrownBy(() -> bindStrictly(stranger)).hasMessageContaining("HAZELCAST_CLUSTER_MEMBERS");
    }

    /** Reads every YAML document into its model class; a field the model does not know, anywhere, fails. */
    static List<HasMetadata> parse(Reader reader, String file) {
        var mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        List<HasMetadata> read = new ArrayList<>();
        int document = 0;
        for (Object tree : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
            document++;
            if (tree == null) {
                continue;
            }
            String where = file + " document " + document;
            if (!(tree instanceof Map<?, ?> map)) {
                throw new AssertionError(where + " is not an object");
            }
            Kind kind = KINDS.get(String.valueOf(map.get("kind")));
            if (kind == null) {
                throw new AssertionError(where + ": kind " + map.get("kind") + " is not one the test knows");
            }
            if (!kind.apiVersion().equals(map.get("apiVersion"))) {
                throw new AssertionError(where + ": apiVersion " + map.get("apiVersion") + " for " + map.get("kind")
                        + ", expected " + kind.apiVersion());
            }
            HasMetadata object;
            try {
                object = mapper.convertValue(map, kind.type());
            } catch (RuntimeException e) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(object, "", unknown);
            if (!unknown.isEmpty()) {
                throw new AssertionError(where + ": fields the Kubernetes model does not know: " + unknown);
            }
            read.add(object);
        }
        return read;
    }

    /**
     * The model keeps fields it does not know in {@code additionalProperties} (Jackson's any-setter) rather than
     * failing: walk the object and collect them.
     */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
            return;
        }
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !getter.getName().startsWith("get")) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(getter.toString(), e);
            }
            String name = getter.getName().substring(3);
            if (name.equals("AdditionalProperties")) {
                if (field instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add((path.isEmpty() ? "" : path.substring(1) + ".") + key));
                }
            } else {
                unknownFields(field, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown);
            }
        }
    }

    /**
     * Binds the pods' environment as the node would, failing on any variable nothing reads: every
     * {@code STREAMGUARD_*} into {@link StreamGuardProperties}, every {@code SPRING_DATASOURCE_*} into Boot's
     * data source properties, anything else refused.
     */
    private static StreamGuardProperties bindStrictly(Map<String, String> env) {
        List<String> strangers = env.keySet().stream()
                .filter(name -> !name.startsWith("STREAMGUARD_") && !name.startsWith("SPRING_DATASOURCE_"))
                .toList();
        if (!strangers.isEmpty()) {
            throw new AssertionError("variables the node does not read: " + strangers);
        }
        var sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env)));
        var binder = new Binder(ConfigurationPropertySources.from(sources));
        BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
        binder.bind("spring.datasource", Bindable.ofInstance(new DataSourceProperties()), strict);
        return binder.bindOrCreate("streamguard", Bindable.of(StreamGuardProperties.class), strict);
    }

    /** The container's environment, with what comes from the Secret or the pod's status given test values. */
    private static Map<String, String> environment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar entry : container.getEnv()) {
            if (entry.getValueFrom() == null) {
                env.put(entry.getName(), entry.getValue());
            } else if (entry.getValueFrom().getSecretKeyRef() != null) {
                env.put(entry.getName(), SECRET_VALUE);
            } else if (entry.getValueFrom().getFieldRef() != null) {
                assertThat(entry.getValueFrom().getFieldRef().getFieldPath())
                        .as(entry.getName())
                        .isEqualTo("status.podIP");
                env.put(entry.getName(), POD_IP);
            } else {
                throw new AssertionError(entry.getName() + " comes from somewhere the test does not know");
            }
        }
        return env;
    }

    private static Container node() {
        var containers =
                one(StatefulSet.class).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    private static Service headlessService() {
        List<Service> headless = all(Service.class).stream()
                .filter(s -> "None".equals(s.getSpec().getClusterIP()))
                .toList();
        assertThat(headless).hasSize(1);
        assertThat(headless.getFirst().getMetadata().getName())
                .isEqualTo(one(StatefulSet.class).getSpec().getServiceName());
        return headless.getFirst();
    }

    private static String httpPath(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    /** The container port a service or probe port (a number or a port's name) reaches. */
    private static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            assertThat(container.getPorts())
                    .extracting(ContainerPort::getContainerPort)
                    .contains(port.getIntVal());
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    private static boolean portIs(IntOrString port, int number) {
        return port != null && (Integer.valueOf(number).equals(port.getIntVal()) || containerPortNamed(port, number));
    }

    private static boolean containerPortNamed(IntOrString port, int number) {
        return port.getStrVal() != null && containerPort(node(), port) == number;
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions()).isNullOrEmpty();
        return selects(selector.getMatchLabels(), labels);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private static <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Path manifestFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path folder = dir.resolve("deploy/kubernetes");
            if (Files.isDirectory(folder)) {
                return folder;
            }
        }
        throw new IllegalStateException(
                "deploy/kubernetes not found above " + Path.of("").toAbsolutePath());
    }
}
