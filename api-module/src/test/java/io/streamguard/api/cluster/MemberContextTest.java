package io.streamguard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.streamguard.api.system.StreamGuardProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What a member's tasks look up is in its configuration before it starts: a member that joins a running cluster
 * is handed partitions, and the processors on them, at once (a budget put there after the start answered 500s
 * during a rolling upgrade).
 */
class MemberContextTest {

    private record Budget(long chars) implements MemberContext {}

    @Test
    void everyMemberContextIsInTheConfigurationTheMemberStartsFrom() {
        var properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("streamguard", StreamGuardProperties.class);
        ClusterSecret secret = ClusterSecret.of("a-secret-of-at-least-thirty-two-characters");
        var budget = new Budget(42);

        Config config = new ClusterConfiguration()
                .hazelcastConfig(
                        properties,
                        secret,
                        new GridSeal(secret),
                        new GridTampering(),
                        List.of(),
                        List.of(budget),
                        new StaticListableBeanFactory().getBeanProvider(NodeServices.CompiledRuleSets.class));

        assertThat(config.getUserContext())
                .containsEntry(Budget.class.getName(), budget)
                .containsKey(NodeServices.class.getName());
    }
}
