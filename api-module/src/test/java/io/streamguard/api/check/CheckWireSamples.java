package io.streamguard.api.check;

import io.streamguard.api.cluster.WireSamples;
import java.util.List;
import java.util.Map;

/** The check feature's wire types, for the cluster's round-trip test. */
class CheckWireSamples implements WireSamples {

    @Override
    public Map<Class<?>, List<?>> samples() {
        return Map.of(
                CheckBucket.class,
                        List.of(
                                new CheckBucket(0, 0),
                                new CheckBucket(99.875, 1_764_000_000_123L),
                                new CheckBucket(Double.MIN_VALUE, Long.MAX_VALUE),
                                new CheckBucket(-0.0, -1)),
                TakeCheckToken.class,
                        List.of(
                                new TakeCheckToken(1_764_000_000_123L, 100),
                                new TakeCheckToken(Long.MIN_VALUE, Integer.MAX_VALUE)));
    }
}
