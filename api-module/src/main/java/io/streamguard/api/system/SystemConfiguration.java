package io.streamguard.api.system;

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

    /** Before security, so an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(StreamGuardProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimit(properties.limits().maxRequestBytes()));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
