package io.streamguard.api.system;

import java.util.Set;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API speaks JSON only. Libraries bring converters for YAML, XML, CBOR or Smile onto the
 * classpath (Swagger brings YAML); none of them may read a request or write an answer, so they are
 * dropped, and {@link StrictRequests} refuses any other request body whatever converters remain.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {

    private static final Set<String> FOREIGN_SUBTYPES = Set.of(
            "yaml", "x-yaml", "xml", "cbor", "x-jackson-smile", "x-protobuf", "protobuf", "x-msgpack", "msgpack");

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return StrictJson::configure;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new StrictRequests()).addPathPatterns("/v1/**");
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> converters.removeIf(ApiWebConfiguration::foreign));
    }

    private static boolean foreign(HttpMessageConverter<?> converter) {
        for (MediaType type : converter.getSupportedMediaTypes()) {
            String subtype = type.getSubtype();
            String suffix = type.getSubtypeSuffix();
            if (FOREIGN_SUBTYPES.contains(subtype) || (suffix != null && FOREIGN_SUBTYPES.contains(suffix))) {
                return true;
            }
        }
        return false;
    }
}
