package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.testing.ApiTestClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The chain does not depend on the application's JSON settings: rows written by a node with the
 * defaults verify on a node restarted with indented, null-dropping output, and the rows that
 * node writes verify after another restart with the defaults.
 */
class AuditJsonSettingsIT {

    @Test
    void restartingWithOtherJacksonSettingsLeavesVerificationUnchanged() {
        try (AuditDatabase db = new AuditDatabase()) {
            try (var node = db.start()) {
                String key = node.newApiKey();
                assertThat(node.api()
                                .post(
                                        "/v1/admin/rules",
                                        AuditDatabase.ADMIN,
                                        Map.of(
                                                "name",
                                                "Falcon",
                                                "kind",
                                                "keyword",
                                                "keywords",
                                                java.util.List.of("falcon"),
                                                "action",
                                                "warn"))
                                .status())
                        .isEqualTo(201);
                write(node, key, 3);
                assertThat(node.verify().get("ok").asBoolean()).isTrue();
            }
            try (var node = db.start(
                    "spring.jackson.serialization.indent-output=true",
                    "spring.jackson.default-property-inclusion=non_null")) {
                var raw = node.api()
                        .get("/v1/admin/audit/verify", AuditDatabase.ADMIN)
                        .raw()
                        .body();
                assertThat(raw).as("the setting took effect").contains("\n  \"ok\"");
                JsonNode verification = node.verify();
                assertThat(verification.get("ok").asBoolean())
                        .as(verification.toString())
                        .isTrue();
                assertThat(verification.get("checked").asLong()).isEqualTo(3);
                write(node, node.newApiKey(), 2);
                assertThat(node.verify().get("checked").asLong()).isEqualTo(5);
            }
            try (var node = db.start()) {
                JsonNode verification = node.verify();
                assertThat(verification.get("ok").asBoolean())
                        .as(verification.toString())
                        .isTrue();
                assertThat(verification.get("checked").asLong()).isEqualTo(5);
                long withViolations = db.sql()
                        .sql("select count(*) from audit_entry where fired_rule_ids <> '{}'")
                        .query(Long.class)
                        .single();
                assertThat(withViolations).isEqualTo(5);
            }
        }
    }

    private static void write(AuditDatabase.Node node, String key, int count) {
        for (int i = 0; i < count; i++) {
            var check = node.api()
                    .post(
                            "/v1/check",
                            ApiTestClient.bearer(key),
                            Map.of(
                                    "context",
                                    Map.of("userId", "json-user", "botId", "bot", "sessionId", "s"),
                                    "content",
                                    "project falcon, part " + i));
            assertThat(check.status()).isEqualTo(200);
            assertThat(check.body().get("violations")).isNotEmpty();
        }
    }
}
