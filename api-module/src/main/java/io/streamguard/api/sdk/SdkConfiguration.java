package io.streamguard.api.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Public, read-only, and revalidated on every load ({@code no-cache} with an ETag of the content): a plugin
 * build that fetches the SDK always gets the node's own version, and a browser reloads the demo for a 304.
 */
@Configuration(proxyBeanMethods = false)
class SdkConfiguration implements WebMvcConfigurer {

    static final String LOCATION = "classpath:/META-INF/resources/sdk/";

    /** Content hashes of the served files; the jar does not change while the node runs. */
    private final Map<String, String> etags = new ConcurrentHashMap<>();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/sdk/**")
                .addResourceLocations(LOCATION)
                .setCacheControl(CacheControl.noCache())
                .setUseLastModified(false)
                .setEtagGenerator(resource -> etags.computeIfAbsent(resource.getDescription(), d -> etag(resource)));
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/sdk/demo").setViewName("forward:/sdk/demo.html");
        registry.addViewController("/sdk/").setViewName("forward:/sdk/demo.html");
        registry.addRedirectViewController("/sdk", "/sdk/demo");
    }

    @Bean
    @Order(5)
    SecurityFilterChain sdkChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/sdk", "/sdk/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET, "/sdk", "/sdk/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/sdk", "/sdk/**")
                        .permitAll()
                        .anyRequest()
                        .denyAll());
        return http.build();
    }

    private static String etag(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(in.readAllBytes());
            return "\"" + HexFormat.of().formatHex(sha256.digest(), 0, 16) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
