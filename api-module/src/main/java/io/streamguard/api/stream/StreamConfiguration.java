package io.streamguard.api.stream;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.streamguard.api.cluster.ClusterMaps;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

    @Bean
    IMap<String, StreamSession> streams(HazelcastInstance hazelcast) {
        return hazelcast.getMap(ClusterMaps.STREAMS);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
