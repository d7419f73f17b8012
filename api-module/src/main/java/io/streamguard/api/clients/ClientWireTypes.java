package io.streamguard.api.clients;

import io.streamguard.api.cluster.GridCodec;
import io.streamguard.api.cluster.GridTypes;
import io.streamguard.api.cluster.GridWire;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the clients feature puts on the cluster wire; type ids fixed forever. */
@Component
class ClientWireTypes implements GridTypes {

    @Override
    public List<GridCodec<?>> codecs() {
        return List.of(
                new GridCodec<>(
                        KeyGrant.class,
                        1101,
                        (out, grant) -> {
                            GridWire.writeString(out, grant.keyHash());
                            GridWire.writeUuid(out, grant.clientId());
                        },
                        in -> new KeyGrant(GridWire.readString(in), GridWire.readUuid(in))),
                new GridCodec<>(
                        ForgetKey.class,
                        1102,
                        (out, forget) -> GridWire.writeString(out, forget.keyHash()),
                        in -> new ForgetKey(GridWire.readString(in))));
    }
}
