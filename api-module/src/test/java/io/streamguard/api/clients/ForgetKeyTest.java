package io.streamguard.api.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.streamguard.api.cluster.ClusterMaps;
import io.streamguard.api.cluster.GridCodec;
import io.streamguard.testing.LoneMember;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A revocation as each member runs it: remembered for good, and the key gone from the member's replica at once. */
class ForgetKeyTest {

    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        // The grant's own codec, unsealed: the seal is the cluster's business and has its own tests.
        member = LoneMember.start(
                Map.of(),
                config -> new ClientWireTypes()
                        .codecs()
                        .forEach(codec -> config.getSerializationConfig()
                                .addSerializerConfig(new SerializerConfig()
                                        .setTypeClass(codec.type())
                                        .setImplementation(plain(codec)))));
    }

    @AfterAll
    static void stop() {
        member.shutdown();
    }

    private static <T> StreamSerializer<T> plain(GridCodec<T> codec) {
        return new StreamSerializer<>() {

            @Override
            public void write(ObjectDataOutput out, T value) throws IOException {
                var bytes = new ByteArrayOutputStream();
                codec.writer().write(new DataOutputStream(bytes), value);
                out.writeByteArray(bytes.toByteArray());
            }

            @Override
            public T read(ObjectDataInput in) throws IOException {
                return codec.reader().read(new DataInputStream(new ByteArrayInputStream(in.readByteArray())));
            }

            @Override
            public int getTypeId() {
                return codec.typeId();
            }
        };
    }

    @Test
    void aRevokedKeyLeavesTheReplicaAndIsRememberedForGood() {
        var keys = member.<String, KeyGrant>getReplicatedMap(ClusterMaps.API_KEYS);
        keys.put("hash-1", new KeyGrant("hash-1", UUID.randomUUID()));
        keys.put("hash-2", new KeyGrant("hash-2", UUID.randomUUID()));

        var forget = new ForgetKey("hash-1");
        forget.setHazelcastInstance(member);
        assertThat(forget.call()).isTrue();
        assertThat(keys.containsKey("hash-1")).isFalse();
        assertThat(keys.containsKey("hash-2")).isTrue();
        assertThat(RevokedKeys.of(member).contains("hash-1")).isTrue();
        assertThat(RevokedKeys.of(member).contains("hash-2")).isFalse();

        // A key this member never held is remembered all the same, so a replay later is refused.
        var unknown = new ForgetKey("hash-3");
        unknown.setHazelcastInstance(member);
        assertThat(unknown.call()).isFalse();
        assertThat(RevokedKeys.of(member).contains("hash-3")).isTrue();
    }

    @Test
    void outsideAMemberItRefusesToRun() {
        assertThatThrownBy(() -> new ForgetKey("hash-1").call()).isInstanceOf(IllegalStateException.class);
    }
}
