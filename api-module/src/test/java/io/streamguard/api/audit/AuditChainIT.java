package io.streamguard.api.audit;

import static io.streamguard.testing.ApiTestClient.basic;
import static io.streamguard.testing.ApiTestClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import io.streamguard.testing.ApiTestClient.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit log's MAC chain shows an edit at exactly the edited row, and survives retention. */
@ApiIntegrationTest
class AuditChainIT {

    private static final String ADMIN = basic("admin", "admin-test-password");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    ApiTestClient api;
    String key;

    @BeforeEach
    void client() {
        api = new ApiTestClient("http://localhost:" + port);
        key = api.post("/v1/admin/api-clients", ADMIN, Map.of("name", "chain"))
                .body()
                .get("apiKey")
                .asString();
    }

    @Test
    void alteringOneRowWithSqlBreaksTheChainAtExactlyThatRow() {
        List<UUID> ids = checks(5);
        assertThat(verify().get("ok").asBoolean()).isTrue();

        UUID victim = ids.get(2);
        String original = jdbc.sql("select content from audit_entry where id = :id")
                .param("id", victim)
                .query(String.class)
                .single();
        jdbc.sql("update audit_entry set content = 'nothing happened' where id = :id")
                .param("id", victim)
                .update();
        try {
            var broken = verify();
            assertThat(broken.get("ok").asBoolean()).isFalse();
            assertThat(broken.get("firstBrokenAuditId").asString()).isEqualTo(victim.toString());
            assertThat(broken.get("problem").asString()).isEqualTo("row_altered");
        } finally {
            jdbc.sql("update audit_entry set content = :c where id = :id")
                    .param("c", original)
                    .param("id", victim)
                    .update();
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void deletingARowBreaksTheChainAtItsSuccessor() {
        List<UUID> ids = checks(3);
        String saved = "audit_saved_" + Long.toString(System.nanoTime(), 36);
        String columns = AuditRows.COLUMNS;
        jdbc.sql("create table " + saved + " as select " + columns + " from audit_entry where id = :id")
                .param("id", ids.get(1))
                .update();
        jdbc.sql("delete from audit_entry where id = :id")
                .param("id", ids.get(1))
                .update();
        try {
            var broken = verify();
            assertThat(broken.get("firstBrokenAuditId").asString())
                    .isEqualTo(ids.get(2).toString());
            assertThat(broken.get("problem").asString()).isEqualTo("rows_missing_before");
        } finally {
            jdbc.sql("insert into audit_entry (" + columns + ") select " + columns + " from " + saved)
                    .update();
            jdbc.sql("drop table " + saved).update();
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void retentionPurgesAPrefixAndTheRestStillVerifies() {
        checks(3);
        long purged = audit.purgeRecordedBefore(Instant.now().plusSeconds(1));
        assertThat(purged).isGreaterThanOrEqualTo(3);
        List<UUID> after = checks(2);
        var verification = verify();
        assertThat(verification.get("ok").asBoolean()).isTrue();
        assertThat(verification.get("checked").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("select count(*) from audit_entry where id in (:ids)")
                        .param("ids", after)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void accessToTheAuditIsItselfAudited() {
        UUID id = checks(1).getFirst();
        api.get("/v1/audit/" + id, ADMIN);
        api.get("/v1/audit?userId=someone", ADMIN);
        Response log = api.get("/v1/admin/audit/access?limit=10", ADMIN);
        List<String> entries = new ArrayList<>();
        log.body()
                .forEach(e -> entries.add(e.get("username").asString() + " "
                        + e.get("action").asString() + " " + e.get("detail").asString()));
        assertThat(entries).contains("admin read " + id, "admin search userId=someone");
    }

    private tools.jackson.databind.JsonNode verify() {
        Response response = api.get("/v1/admin/audit/verify", ADMIN);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private List<UUID> checks(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Response check = api.post(
                    "/v1/check",
                    bearer(key),
                    Map.of(
                            "context",
                            Map.of("userId", "chain-user", "botId", "bot", "sessionId", "s"),
                            "content",
                            "message number " + i));
            ids.add(UUID.fromString(check.body().get("auditId").asString()));
        }
        return ids;
    }
}
