package io.streamguard.api.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * A stranger's Hazelcast member, built from the same library the product ships, that knows the
 * cluster's name (as someone on its network could learn it) but not its secret. It keeps whatever
 * bytes it receives for the product's types as they are, so it can read them and write them back;
 * without that much preparation it could not even finish joining.
 */
final class ForeignMember {

    /** Bytes a stranger holds for one of the product's wire types. */
    abstract static class Captured {
        final byte[] bytes;

        Captured(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    static final class CapturedSession extends Captured {
        CapturedSession(byte[] bytes) {
            super(bytes);
        }
    }

    static final class CapturedKeyGrant extends Captured {
        CapturedKeyGrant(byte[] bytes) {
            super(bytes);
        }
    }

    static final class CapturedActivity extends Captured {
        CapturedActivity(byte[] bytes) {
            super(bytes);
        }
    }

    /** The nodes' removal guard as the stranger holds it: bytes it cannot open, doing nothing. */
    static final class CapturedInterceptor extends Captured implements com.hazelcast.map.MapInterceptor {
        CapturedInterceptor(byte[] bytes) {
            super(bytes);
        }

        @Override
        public Object interceptGet(Object value) {
            return null;
        }

        @Override
        public void afterGet(Object value) {}

        @Override
        public Object interceptPut(Object oldValue, Object newValue) {
            return null;
        }

        @Override
        public void afterPut(Object value) {}

        @Override
        public Object interceptRemove(Object removedValue) {
            return removedValue;
        }

        @Override
        public void afterRemove(Object value) {}
    }

    private record Capture<T extends Captured>(int typeId, Function<byte[], T> make) implements StreamSerializer<T> {

        @Override
        public int getTypeId() {
            return typeId;
        }

        @Override
        public void write(ObjectDataOutput out, T value) throws IOException {
            out.writeByteArray(value.bytes);
        }

        @Override
        public T read(ObjectDataInput in) throws IOException {
            return make.apply(in.readByteArray());
        }
    }

    static HazelcastInstance join(String clusterName, int port, List<String> members) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        var network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        var join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        config.getMapConfig("streams").setInMemoryFormat(com.hazelcast.config.InMemoryFormat.OBJECT);
        var serialization = config.getSerializationConfig();
        serialization.addSerializerConfig(new SerializerConfig()
                .setTypeClass(CapturedSession.class)
                .setImplementation(new Capture<>(1002, CapturedSession::new)));
        serialization.addSerializerConfig(new SerializerConfig()
                .setTypeClass(CapturedKeyGrant.class)
                .setImplementation(new Capture<>(1101, CapturedKeyGrant::new)));
        serialization.addSerializerConfig(new SerializerConfig()
                .setTypeClass(CapturedActivity.class)
                .setImplementation(new Capture<>(1013, CapturedActivity::new)));
        serialization.addSerializerConfig(new SerializerConfig()
                .setTypeClass(CapturedInterceptor.class)
                .setImplementation(new Capture<>(1014, CapturedInterceptor::new)));
        return Hazelcast.newHazelcastInstance(config);
    }

    private ForeignMember() {}
}
