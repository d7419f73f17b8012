package io.streamguard.api.security;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.streamguard.api.clients.ApiClientService;
import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <apiKey>}, and {@code Bearer sgp_…}, a person's
 * access token, as that person with their current role. Deliberately not a bean: Boot would
 * otherwise also register it as a filter for every request, outside the API's chain.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    static final String ACCESS_TOKEN_PREFIX = "sgp_";
    private static final List<SimpleGrantedAuthority> CLIENT_AUTHORITIES =
            List.of(new SimpleGrantedAuthority("ROLE_" + ApiClientPrincipal.ROLE));

    private final ApiClientService clients;
    private final People people;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(ApiClientService clients, People people, AuthenticationEntryPoint entryPoint) {
        this.clients = clients;
        this.people = people;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        String credential = header.substring(BEARER.length()).strip();
        boolean person = credential.startsWith(ACCESS_TOKEN_PREFIX);
        Optional<Authentication> authentication;
        try {
            authentication = person ? personOf(credential) : clientOf(credential);
        } catch (DataAccessException | TransactionException storageAway) {
            Problems.write(
                    request, response, ErrorCode.UNAVAILABLE, "Storage is temporarily unavailable; retry shortly.");
            return;
        } catch (HazelcastException | HazelcastInstanceNotActiveException clusterAway) {
            Problems.write(
                    request, response, ErrorCode.UNAVAILABLE, "This node has lost its cluster; retry on another.");
            return;
        }
        if (authentication.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(
                    request,
                    response,
                    new BadCredentialsException(person ? "Unknown access token" : "Unknown API key"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication.get());
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    private Optional<Authentication> clientOf(String apiKey) {
        return clients.authenticate(apiKey)
                .map(client -> UsernamePasswordAuthenticationToken.authenticated(
                        new ApiClientPrincipal(client), null, CLIENT_AUTHORITIES));
    }

    private Optional<Authentication> personOf(String token) {
        return people.byAccessToken(token).filter(People.Person::enabled).map(person -> {
            var authorities = List.of(new SimpleGrantedAuthority(person.authority()));
            return UsernamePasswordAuthenticationToken.authenticated(
                    new User(person.username(), "", authorities), null, authorities);
        });
    }
}
