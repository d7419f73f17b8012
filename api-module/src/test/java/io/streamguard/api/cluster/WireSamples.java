package io.streamguard.api.cluster;

import java.util.List;
import java.util.Map;

/**
 * Sample values for the wire types one feature registers, kept beside them (they are package-private there).
 * {@link GridWireRoundTripTest} finds every implementation on the class path and sends each sample through the
 * cluster's serializers; public only so that every feature's test package can implement it.
 */
public interface WireSamples {

    /** For each wire type (the type its codec names), values that stress its encoding. */
    Map<Class<?>, List<?>> samples();
}
