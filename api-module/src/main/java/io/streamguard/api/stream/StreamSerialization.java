package io.streamguard.api.stream;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Hazelcast's factory for the stream types (registered in {@code hazelcast.yaml}). */
public final class StreamSerialization implements DataSerializableFactory {

    static final int FACTORY_ID = 1;
    static final int SESSION = 1;
    static final int UPDATE = 2;
    static final int FINISH = 3;
    static final int EXPIRE = 4;
    static final int CONFIRM_AUDITED = 5;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case SESSION -> new StreamSession();
            case UPDATE -> new UpdateStream();
            case FINISH -> new FinishStream();
            case EXPIRE -> new ExpireStream();
            case CONFIRM_AUDITED -> new ConfirmAudited();
            default -> throw new IllegalArgumentException("Unknown stream type " + typeId);
        };
    }
}
