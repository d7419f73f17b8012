package io.streamguard.console.security;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * The console's chain: form login with a session, views guarded by their annotations. The API's
 * stateless chains come first and own {@code /v1/**}. CSRF is checked on every request Vaadin
 * does not protect itself, the sign-in form included (Vaadin would exempt it; its form sends the
 * token the page carries). Every request of a signed-in person is checked against their current
 * account, so a disabled or re-roled person is signed out at their next click; a tab that only
 * listens to pushes within seconds.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    @Bean
    SecurityFilterChain consoleChain(HttpSecurity http, RequestUtil vaadinRequests, SignedInSessions sessions)
            throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/styles/**").permitAll());
        http.csrf(csrf -> csrf.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest));
        http.addFilterAfter(new CurrentAccountFilter(sessions), SecurityContextHolderFilter.class);
        http.with(
                VaadinSecurityConfigurer.vaadin(),
                vaadin -> vaadin.loginView(LoginView.class).enableCsrfConfiguration(false));
        return http.build();
    }
}
