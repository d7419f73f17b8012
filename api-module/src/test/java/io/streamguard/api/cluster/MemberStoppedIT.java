package io.streamguard.api.cluster;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamguard.testing.ApiTestClient.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node whose cluster member stopped (as Hazelcast does after an OutOfMemoryError on one of its
 * threads) cannot recover by itself: liveness says so, and the API answers with a problem the
 * plugin can retry elsewhere, not a redirect to the sign-in page.
 */
class MemberStoppedIT {

    @Test
    void livenessFailsAndTheApiAnswersUnavailable() {
        try (LocalCluster cluster = new LocalCluster(1)) {
            var node = cluster.node(0);
            String key = node.api()
                    .post("/v1/admin/api-clients", basic("admin", "admin-test-password"), Map.of("name", "before"))
                    .body()
                    .get("apiKey")
                    .asString();
            assertThat(node.api().get("/actuator/health/liveness", null).status())
                    .isEqualTo(200);

            node.hazelcast().getLifecycleService().terminate();

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            node.api().get("/actuator/health/liveness", null).status() == 503);
            Response start = node.api()
                    .post(
                            "/v1/stream/start",
                            bearer(key),
                            Map.of("context", Map.of("userId", "u", "botId", "b", "sessionId", "s")));
            assertThat(start.status()).isEqualTo(503);
            assertThat(start.contentType()).startsWith("application/problem+json");
            assertThat(start.body().get("code").asString()).isEqualTo("unavailable");
        }
    }
}
