package io.streamguard.api.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * A body must be JSON unless its handler declares what it consumes; which handlers declare it is
 * remembered, so every request after the first must be judged as the first was.
 */
class StrictRequestsTest {

    static class Handlers {

        @PostMapping("/v1/json")
        void json() {}

        @PostMapping(path = "/v1/toml", consumes = "application/toml")
        void toml() {}
    }

    private final StrictRequests strict = new StrictRequests();

    @RepeatedTest(3)
    void aJsonEndpointTakesJsonAndRefusesAnythingElse() throws Exception {
        assertThat(strict.preHandle(post("application/json"), new MockHttpServletResponse(), handler("json")))
                .isTrue();
        assertThatThrownBy(() -> strict.preHandle(post("text/plain"), new MockHttpServletResponse(), handler("json")))
                .isInstanceOfSatisfying(
                        RequestRefusal.class,
                        refusal -> assertThat(refusal.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
    }

    @RepeatedTest(3)
    void anEndpointThatDeclaresWhatItConsumesIsLeftToSpring() throws Exception {
        assertThat(strict.preHandle(post("application/toml"), new MockHttpServletResponse(), handler("toml")))
                .isTrue();
        assertThat(strict.preHandle(post("text/plain"), new MockHttpServletResponse(), handler("toml")))
                .isTrue();
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod(name));
    }

    private static MockHttpServletRequest post(String contentType) {
        var request = new MockHttpServletRequest("POST", "/v1/any");
        request.setContentType(contentType);
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
