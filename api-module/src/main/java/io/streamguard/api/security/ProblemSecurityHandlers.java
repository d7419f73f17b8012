package io.streamguard.api.security;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 as problem+json, like every other error of the API. */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"streamguard\", Basic realm=\"streamguard\"");
        Problems.write(
                request,
                response,
                ErrorCode.UNAUTHORIZED,
                "Send an API key as 'Authorization: Bearer <apiKey>', or a user's credentials over HTTP Basic.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Problems.write(
                request, response, ErrorCode.FORBIDDEN, "Your credential does not grant access to this endpoint.");
    }
}
