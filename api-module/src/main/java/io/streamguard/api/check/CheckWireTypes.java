package io.streamguard.api.check;

import io.streamguard.api.cluster.GridCodec;
import io.streamguard.api.cluster.GridTypes;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the check feature puts on the cluster wire: its rate buckets. Type ids fixed forever. */
@Component
class CheckWireTypes implements GridTypes {

    @Override
    public List<GridCodec<?>> codecs() {
        return List.of(
                new GridCodec<>(
                        CheckBucket.class,
                        1301,
                        (out, bucket) -> {
                            out.writeDouble(bucket.tokens());
                            out.writeLong(bucket.atMillis());
                        },
                        in -> new CheckBucket(in.readDouble(), in.readLong())),
                new GridCodec<>(
                        TakeCheckToken.class,
                        1302,
                        (out, take) -> {
                            out.writeLong(take.nowMillis());
                            out.writeInt(take.maxPerSecond());
                        },
                        in -> new TakeCheckToken(in.readLong(), in.readInt())));
    }
}
