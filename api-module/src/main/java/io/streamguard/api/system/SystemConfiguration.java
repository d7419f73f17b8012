package io.streamguard.api.system;

import io.streamguard.engine.regex.AutomatonMemory;
import io.streamguard.engine.scan.EngineLimits;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamGuardProperties.class)
@EnableScheduling
class SystemConfiguration {

    /** The engine's limits are per JVM: every node started in it applies the same settings. */
    @Bean
    EngineLimits engineLimits(StreamGuardProperties properties) {
        var limits = properties.limits();
        var engine = new EngineLimits(
                limits.scanWorkPerRequest(),
                limits.regexCacheBytesPerRule(),
                AutomatonMemory.DEFAULT_STATES_PER_PATTERN,
                Math.max(limits.regexCacheBytes(), limits.regexCacheBytesPerRule()),
                Math.min(limits.keywordAutomatonDenseBytes(), limits.keywordAutomatonBytes()),
                limits.keywordAutomatonBytes());
        EngineLimits.apply(engine);
        return engine;
    }

    /** Before security, so an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(StreamGuardProperties properties) {
        var registration = new FilterRegistrationBean<>(
                new RequestSizeLimit(properties.limits().maxRequestBytes()));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
