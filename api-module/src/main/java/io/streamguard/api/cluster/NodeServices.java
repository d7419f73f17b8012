package io.streamguard.api.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.streamguard.engine.scan.CompiledRuleSet;
import java.util.Objects;

/**
 * What code running inside the cluster (entry processors on the member that owns a stream)
 * needs from its node. Reached through the member's user context, so processors stay small
 * values that carry nothing but their fields.
 *
 * @param ruleSets the node's compiled rule sets by version
 * @param tampering where a processor reports what a stranger did
 */
public record NodeServices(CompiledRuleSets ruleSets, GridTampering tampering) {

    /** The compiled rule set of that version, compiled at most once per node. */
    public CompiledRuleSet ruleSet(long version) {
        return ruleSets.ruleSet(version);
    }

    public static NodeServices of(HazelcastInstance hazelcast) {
        return (NodeServices) Objects.requireNonNull(
                hazelcast.getUserContext().get(NodeServices.class.getName()),
                "the cluster configuration puts the node's services in the member's user context");
    }

    /** The node's rule sets, compiled once per version. */
    @FunctionalInterface
    public interface CompiledRuleSets {
        CompiledRuleSet ruleSet(long version);
    }
}
