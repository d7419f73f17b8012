package io.streamguard.api.security;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * One API key cannot starve the others: a client that opens a thousand streams of 256 K
 * characters each hits its own budget long before the heap fills, and any other client goes on
 * as if nothing happened. The budget is set low here so the run stays short; by default it is a
 * share of the heap.
 */
@ApiIntegrationTest
@TestPropertySource(
        properties = {"streamguard.limits.max-client-chars=20000000", "streamguard.limits.max-updates-per-second=1000"})
class ClientBudgetIT {

    private static final String ADMIN = basic("admin", "admin-test-password");
    private static final int STREAMS = 1_000;
    private static final String FULL = "x".repeat(262_144);

    @LocalServerPort
    int port;

    @Test
    void aThousandFullStreamsOfOneClientLeaveAnotherClientUntouched() {
        var api = new ApiTestClient("http://localhost:" + port);
        String attacker = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "greedy"))
                .body()
                .get("apiKey")
                .asString();
        String neighbour = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "neighbour"))
                .body()
                .get("apiKey")
                .asString();

        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < STREAMS; i++) {
            Response started = api.post("/v1/stream/start", bearer(attacker), context());
            assertThat(started.status()).isEqualTo(201);
            Response filled = api.post(
                    "/v1/stream/update",
                    bearer(attacker),
                    Map.of("streamId", started.body().get("streamId").asString(), "content", FULL, "position", 0));
            if (filled.status() == 200) {
                accepted++;
            } else {
                assertThat(filled.status()).isEqualTo(429);
                assertThat(filled.body().get("code").asString()).isEqualTo("client_budget_exceeded");
                assertThat(filled.raw().headers().firstValue("Retry-After")).isPresent();
                refused++;
            }
        }
        // 20,000,000 characters hold 76 streams of 262,144.
        assertThat(accepted).isEqualTo(20_000_000 / 262_144);
        assertThat(refused).isEqualTo(STREAMS - accepted);

        Response started = api.post("/v1/stream/start", bearer(neighbour), context());
        assertThat(started.status()).isEqualTo(201);
        String streamId = started.body().get("streamId").asString();
        assertThat(api.post(
                                "/v1/stream/update",
                                bearer(neighbour),
                                Map.of("streamId", streamId, "content", FULL, "position", 0))
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/v1/stream/finish", bearer(neighbour), Map.of("streamId", streamId))
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @Test
    void finishingWithTheWholeTextAtOnceIsHeldToTheSameBudget() {
        var api = new ApiTestClient("http://localhost:" + port);
        String finisher = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "finisher"))
                .body()
                .get("apiKey")
                .asString();
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            Response started = api.post("/v1/stream/start", bearer(finisher), context());
            Response finished = api.post(
                    "/v1/stream/finish",
                    bearer(finisher),
                    Map.of("streamId", started.body().get("streamId").asString(), "finalContent", FULL));
            if (finished.status() == 200) {
                accepted++;
                continue;
            }
            assertThat(finished.status()).isEqualTo(429);
            assertThat(finished.body().get("code").asString()).isEqualTo("client_budget_exceeded");
        }
        // Finished streams stay in memory a while for a retried finish, so they count until let go.
        assertThat(accepted).isEqualTo(20_000_000 / 262_144);
    }

    private static Map<String, Object> context() {
        return Map.of("context", Map.of("userId", "u-1", "botId", "bot", "sessionId", "tab"));
    }
}
