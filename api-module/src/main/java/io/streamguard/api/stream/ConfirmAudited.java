package io.streamguard.api.stream;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Notes that an ended stream's audit row is in Postgres: the cluster may now let it go. */
final class ConfirmAudited implements EntryProcessor<String, StreamSession, Boolean>, IdentifiedDataSerializable {

    @Override
    public Boolean process(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null || !session.ended()) {
            return false;
        }
        session.markAudited();
        entry.setValue(session);
        return true;
    }

    @Override
    public int getFactoryId() {
        return StreamSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StreamSerialization.CONFIRM_AUDITED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
    }
}
