package io.streamguard.api.cluster;

import com.hazelcast.nio.serialization.HazelcastSerializationException;

/**
 * Data in the grid that this cluster's nodes did not write: sealed with another key, altered, or
 * moved from another entry. Never acted on; counted and logged where it is caught.
 */
public final class ForgedGridDataException extends HazelcastSerializationException {

    public ForgedGridDataException(String message) {
        super(message);
    }
}
