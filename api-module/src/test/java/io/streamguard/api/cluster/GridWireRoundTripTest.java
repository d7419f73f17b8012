package io.streamguard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.map.IMap;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.streamguard.api.audit.AuditRecord;
import io.streamguard.engine.rules.Action;
import io.streamguard.engine.scan.StreamScan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * Every type of ours that crosses the cluster wire comes back as it went, through the serializers the members
 * use (encoded by its codec, sealed, opened, decoded). The codecs are found by scanning the class path for
 * {@link GridTypes}, and their samples likewise for {@link WireSamples}, so a new feature's wire type cannot be
 * left untested: a codec without a sample fails, naming its type.
 */
class GridWireRoundTripTest {

    private static final String BASE_PACKAGE = "io.streamguard.api";

    private static List<GridCodec<?>> codecs;
    private static Map<Class<?>, List<?>> samples;
    private static InternalSerializationService wire;

    @BeforeAll
    static void collect() {
        var classes = new ClassFileImporter().importPackages(BASE_PACKAGE);
        codecs = new ArrayList<>();
        for (JavaClass type : classes) {
            if (type.isAssignableTo(GridTypes.class)
                    && !type.isInterface()
                    && !type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                codecs.addAll(((GridTypes) instantiate(type.reflect())).codecs());
            }
        }
        samples = new HashMap<>();
        for (JavaClass type : classes) {
            if (type.isAssignableTo(WireSamples.class) && !type.isInterface()) {
                ((WireSamples) instantiate(type.reflect())).samples().forEach((wireType, values) -> {
                    assertThat(samples.put(wireType, values))
                            .as("samples of %s given twice", wireType)
                            .isNull();
                });
            }
        }
        var serialization = new SerializationConfig();
        var seal = new GridSeal(ClusterSecret.of("a-cluster-secret-of-enough-length-1234"));
        for (GridCodec<?> codec : codecs) {
            serialization.addSerializerConfig(new SerializerConfig()
                    .setTypeClass(codec.type())
                    .setImplementation(new SealedSerializer<>(codec, seal, new GridTampering())));
        }
        wire = new DefaultSerializationServiceBuilder().setConfig(serialization).build();
    }

    @Test
    void everyFeatureRegistersWireTypes() {
        assertThat(codecs)
                .extracting(c -> c.type().getPackageName())
                .contains(
                        BASE_PACKAGE + ".audit",
                        BASE_PACKAGE + ".check",
                        BASE_PACKAGE + ".clients",
                        BASE_PACKAGE + ".cluster",
                        BASE_PACKAGE + ".stream");
    }

    @Test
    void typeIdsAreUniqueAcrossAllFeatures() {
        Map<Integer, List<String>> byId = new TreeMap<>();
        codecs.forEach(c -> byId.computeIfAbsent(c.typeId(), id -> new ArrayList<>())
                .add(c.type().getName()));
        assertThat(byId)
                .allSatisfy(
                        (id, types) -> assertThat(types).as("type id %d", id).hasSize(1));
        assertThat(new HashSet<>(codecs.stream().map(GridCodec::type).toList())).hasSize(codecs.size());
    }

    @Test
    void everyWireTypeHasASample() {
        List<String> missing = codecs.stream()
                .map(GridCodec::type)
                .filter(type -> samples.getOrDefault(type, List.of()).isEmpty())
                .map(Class::getName)
                .toList();
        assertThat(missing)
                .as("wire types without a sample in a WireSamples class")
                .isEmpty();
        List<String> stale = samples.keySet().stream()
                .filter(type -> codecs.stream().noneMatch(c -> c.type() == type))
                .map(Class::getName)
                .toList();
        assertThat(stale).as("samples for types no GridTypes registers").isEmpty();
    }

    @Test
    void everySampleComesBackAsItWentThroughTheSealedWire() throws IOException {
        for (GridCodec<?> codec : codecs) {
            for (Object sample : samples.getOrDefault(codec.type(), List.of())) {
                Object back = wire.toObject(wire.toData(sample));
                assertSame(codec.type(), sample, back);
                byte[] bytes = encode(codec, sample);
                assertSame(codec.type(), sample, decode(codec, bytes));
                assertThat(encode(codec, back))
                        .as("%s written again", codec.type().getSimpleName())
                        .isEqualTo(bytes);
            }
        }
    }

    /** Enums travel by name, so reordering or inserting constants can never change what a member reads. */
    @Test
    void everyEnumConstantTravelsByItsName() throws IOException {
        Map<Class<?>, Set<Object>> seen = new HashMap<>();
        for (GridCodec<?> codec : codecs) {
            for (Object sample : samples.getOrDefault(codec.type(), List.of())) {
                Set<Enum<?>> constants = new HashSet<>();
                enumsIn(sample, constants, new IdentityHashMap<>());
                byte[] bytes = encode(codec, sample);
                for (Enum<?> constant : constants) {
                    seen.computeIfAbsent(constant.getDeclaringClass(), k -> new HashSet<>())
                            .add(constant);
                    // By its name, or by the lower-case wire name the API uses for it.
                    assertThat(Math.max(
                                    indexOf(bytes, lengthPrefixed(constant.name())),
                                    indexOf(
                                            bytes,
                                            lengthPrefixed(constant.name().toLowerCase(Locale.ROOT)))))
                            .as(
                                    "%s in %s is written by name",
                                    constant, codec.type().getSimpleName())
                            .isNotNegative();
                }
            }
        }
        assertThat(seen.keySet()).as("our enums on the wire").contains(Action.class, AuditRecord.Outcome.class);
        seen.forEach((type, constants) -> assertThat(constants)
                .as("samples hold every %s", type.getSimpleName())
                .containsExactlyInAnyOrder((Object[]) type.getEnumConstants()));
    }

    private static void assertSame(Class<?> type, Object sample, Object back) {
        assertThat(back).as(type.getSimpleName()).isInstanceOf(sample.getClass());
        if (sample instanceof Record && !holdsArray(sample.getClass())) {
            assertThat(back).as(type.getSimpleName()).isEqualTo(sample);
        }
        // What a member holds only for itself (its instance, its own books) does not travel; the engine's scan
        // state is compared in the engine's own encoding, which leaves out its scratch space.
        assertThat(back)
                .as(type.getSimpleName())
                .usingRecursiveComparison()
                .ignoringFieldsMatchingRegexes("(.*\\.)?hazelcast", "(.*\\.)?tampering", "(.*\\.)?putBack")
                .withEqualsForType((a, b) -> Arrays.equals(a.toBytes(), b.toBytes()), StreamScan.class)
                .isEqualTo(sample);
    }

    private static boolean holdsArray(Class<?> record) {
        for (var component : record.getRecordComponents()) {
            if (component.getType().isArray() || component.getType().isRecord() && holdsArray(component.getType())) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] encode(GridCodec<T> codec, Object value) throws IOException {
        var bytes = new ByteArrayOutputStream();
        codec.writer().write(new DataOutputStream(bytes), (T) value);
        return bytes.toByteArray();
    }

    private static Object decode(GridCodec<?> codec, byte[] bytes) throws IOException {
        var in = new DataInputStream(new ByteArrayInputStream(bytes));
        Object read = codec.reader().read(in);
        assertThat(in.available())
                .as("every byte of %s read", codec.type().getSimpleName())
                .isZero();
        return read;
    }

    /**
     * Our enum values (the engine's too) held anywhere in a value of the API module's (its classes, lists), found by
     * reflection; the engine's own state (a stream's scan) is the engine's to encode and is not entered.
     */
    private static void enumsIn(Object value, Set<Enum<?>> found, Map<Object, Boolean> visited) {
        if (value instanceof Enum<?> constant) {
            if (constant.getDeclaringClass().getName().startsWith("io.streamguard.")) {
                found.add(constant);
            }
            return;
        }
        if (visited.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> values) {
            values.forEach(v -> enumsIn(v, found, visited));
            return;
        }
        for (Class<?> type = value.getClass();
                type != null && type.getName().startsWith(BASE_PACKAGE);
                type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        || Modifier.isTransient(field.getModifiers())
                        || field.getType().isPrimitive()) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    Object held = field.get(value);
                    if (held != null) {
                        enumsIn(held, found, visited);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static byte[] lengthPrefixed(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + utf8.length)
                .putInt(utf8.length)
                .put(utf8)
                .array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * A feature's {@link GridTypes} or {@link WireSamples} as Spring would make it, from the few things they take:
     * the node's tampering books, and a provider of the stream map (used only when a stranger evicts a stream).
     */
    private static Object instantiate(Class<?> type) {
        Constructor<?> constructor = type.getDeclaredConstructors()[0];
        Object[] arguments = new Object[constructor.getParameterCount()];
        for (int i = 0; i < arguments.length; i++) {
            Class<?> parameter = constructor.getParameterTypes()[i];
            if (parameter == GridTampering.class) {
                arguments[i] = new GridTampering();
            } else if (parameter == ObjectProvider.class) {
                arguments[i] = new StaticListableBeanFactory().getBeanProvider(ResolvableType.forClass(IMap.class));
            } else {
                return fail("%s takes a %s: teach this test to build one", type.getName(), parameter.getName());
            }
        }
        try {
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + type.getName(), e);
        }
    }
}
