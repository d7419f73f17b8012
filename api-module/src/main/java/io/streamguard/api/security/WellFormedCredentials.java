package io.streamguard.api.security;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic credentials must decode to well-formed UTF-8 text without NUL before anything looks a
 * user up: a NUL in a user name would otherwise reach Postgres, which cannot hold it. Malformed
 * Base64 is left to Spring Security (401). Not a bean, for the reason the API key filter is not.
 */
final class WellFormedCredentials extends OncePerRequestFilter {

    private static final String BASIC = "Basic ";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length()) && !wellFormed(header)) {
            Problems.write(
                    request,
                    response,
                    ErrorCode.INVALID_REQUEST,
                    "The header 'Authorization' must carry user name and password as UTF-8 text without NUL.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean wellFormed(String header) {
        byte[] decoded;
        try {
            decoded =
                    Base64.getDecoder().decode(header.substring(BASIC.length()).strip());
        } catch (IllegalArgumentException notBase64) {
            return true;
        }
        try {
            String credentials = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded))
                    .toString();
            return credentials.indexOf('\0') < 0;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }
}
