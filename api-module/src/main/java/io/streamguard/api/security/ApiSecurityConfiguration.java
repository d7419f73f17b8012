package io.streamguard.api.security;

import io.streamguard.api.clients.ApiClientService;
import io.streamguard.api.system.StreamGuardProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The machine-facing chains. {@code /v1/**} is stateless: API keys for the plugin, personal access
 * tokens and HTTP Basic for people's automation, never the console's session cookie. The console's own chain lives in the
 * console module and covers everything else.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    @Bean
    FilterRegistrationBean<SecurityHeaders> securityHeaders() {
        var registration = new FilterRegistrationBean<>(new SecurityHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** No observation around each filter: on the update path it cost more than it told. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    PasswordSignIn passwordSignIn(
            People people, PasswordEncoder passwordEncoder, SignInThrottle throttle, SignInMetrics metrics) {
        return new PasswordSignIn(people, passwordEncoder, throttle, metrics);
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> trustedProxyValve(StreamGuardProperties properties) {
        TrustedProxies proxies = TrustedProxies.of(properties.security().trustedProxies());
        return factory -> {
            if (!proxies.isEmpty()) {
                factory.addEngineValves(new TrustedProxyValve(proxies));
            }
        };
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiClientService clients, People people) throws Exception {
        var problems = new ProblemSecurityHandlers();
        http.securityMatcher("/v1/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.requireExplicitSave(true))
                .requestCache(cache -> cache.disable())
                // No session to end: its filter only compared every request's path with /logout.
                .logout(logout -> logout.disable())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .addFilterBefore(new SocketCredentials(), BasicAuthenticationFilter.class)
                .addFilterBefore(new WellFormedCredentials(), BasicAuthenticationFilter.class)
                .addFilterBefore(
                        new ApiKeyAuthenticationFilter(clients, people, problems), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(auth -> auth.requestMatchers("/v1/check", "/v1/stream/**")
                        .hasRole(ApiClientPrincipal.ROLE)
                        .requestMatchers("/v1/admin/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/v1/audit", "/v1/audit/**")
                        .hasAnyRole("ADMIN", "COMPLIANCE")
                        .requestMatchers("/v1/me/**")
                        .hasAnyRole("ADMIN", "COMPLIANCE")
                        .anyRequest()
                        .denyAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain operationsChain(HttpSecurity http) throws Exception {
        var problems = new ProblemSecurityHandlers();
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .addFilterBefore(new WellFormedCredentials(), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // Health answers everyone with its status; its components only an admin (see the defaults).
                .authorizeHttpRequests(auth -> auth.requestMatchers(EndpointRequest.to("health", "info", "prometheus"))
                        .permitAll()
                        .anyRequest()
                        .hasRole("ADMIN"));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain apiDocsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**", "/swagger-ui.html")
                .csrf(csrf -> csrf.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /**
     * The error page answers every error dispatch, whichever chain the failed request went
     * through, so it must not itself ask for a sign-in (the console's chain would redirect).
     */
    @Bean
    @Order(4)
    SecurityFilterChain errorPageChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/error")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }
}
