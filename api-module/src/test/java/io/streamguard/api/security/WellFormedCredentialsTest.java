package io.streamguard.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Basic credentials must be UTF-8 text without NUL before anyone looks a user up; everything else passes on.
 * Run on Spring's servlet test doubles of a request and a response (the container is not ours).
 */
class WellFormedCredentialsTest {

    private record Outcome(boolean passedOn, MockHttpServletResponse response) {}

    private static Outcome filter(String authorization) throws Exception {
        var request = new MockHttpServletRequest("GET", "/v1/rules");
        if (authorization != null) {
            request.addHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();
        new WellFormedCredentials().doFilter(request, response, chain);
        return new Outcome(chain.getRequest() != null, response);
    }

    private static String basic(byte[] credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials);
    }

    private static String basic(String credentials) {
        return basic(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wellFormedCredentialsAndOtherHeadersPassOn() throws Exception {
        for (String header : new String[] {
            null,
            basic("admin:secret"),
            basic("ünïcødé:пароль😀"),
            basic(""),
            "Bearer sg_abc\0def",
            "Basic not*base64",
            "Basic "
        }) {
            Outcome outcome = filter(header);
            assertThat(outcome.passedOn()).as("%s", header).isTrue();
            assertThat(outcome.response().getStatus()).isEqualTo(200);
        }
    }

    @Test
    void aNulOrBytesThatAreNotUtf8AreRefusedBeforeAnyLookUp() throws Exception {
        for (String header : new String[] {
            basic("ad\0min:secret"),
            basic("admin:se\0cret"),
            basic(new byte[] {'a', ':', (byte) 0xff}),
            basic(new byte[] {'a', (byte) 0xc3, ':', 'b'}),
            basic(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
            "basic " + basic("a\0:b").substring(6),
            "BASIC   " + basic("a\0:b").substring(6) + "  "
        }) {
            Outcome outcome = filter(header);
            assertThat(outcome.passedOn()).as(header).isFalse();
            assertThat(outcome.response().getStatus()).isEqualTo(400);
            assertThat(outcome.response().getContentType()).startsWith("application/problem+json");
            assertThat(outcome.response().getContentAsString()).contains("UTF-8 text without NUL");
        }
    }
}
