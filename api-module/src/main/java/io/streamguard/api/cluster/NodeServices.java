package io.streamguard.api.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.streamguard.engine.compile.CompiledRuleSet;

/**
 * What code running inside the cluster (entry processors on the member that owns a stream)
 * needs from its node. Reached through the member's user context, so processors stay small,
 * serialisable values.
 */
public interface NodeServices {

    /** The compiled rule set of that version, compiled at most once per node. */
    CompiledRuleSet ruleSet(long version);

    static NodeServices of(HazelcastInstance hazelcast) {
        return (NodeServices) hazelcast.getUserContext().get(NodeServices.class.getName());
    }
}
