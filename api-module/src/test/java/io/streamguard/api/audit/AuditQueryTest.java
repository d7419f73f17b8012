package io.streamguard.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.api.system.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** How {@code /v1/admin/audit} pages: the opaque cursor, and the filters a query is checked against. */
class AuditQueryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    /** The one place this test builds a query. */
    private static AuditQuery query(
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable String action,
            @Nullable String outcome,
            @Nullable String q,
            AuditQuery.Sort sort,
            int limit) {
        return new AuditQuery(from, to, "u-1", null, action, null, outcome, q, sort, limit, null);
    }

    /** The one place this test says how a refusal shows: the audit feature's, with the code of a 400. */
    private static void assertRefused(ThrowingCallable call, String detail) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        Refusal.class, problem -> assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(detail);
    }

    private static String base64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCursorComesBackAsItWasMadeAndIsSafeInAUrl() {
        for (var cursor : List.of(
                new AuditQuery.Cursor(0, 0, 0),
                new AuditQuery.Cursor(1_764_496_800_123_456L, 42, 0.0607927f),
                new AuditQuery.Cursor(Long.MAX_VALUE, Long.MAX_VALUE, Float.MAX_VALUE),
                new AuditQuery.Cursor(-1, 1, Float.MIN_VALUE),
                new AuditQuery.Cursor(5, 6, 1e-30f))) {
            String encoded = cursor.encode();
            assertThat(encoded).matches("[A-Za-z0-9_-]+");
            assertThat(AuditQuery.Cursor.decode(encoded)).isEqualTo(cursor);
        }
    }

    @Test
    void aCursorThisApiDidNotMakeIsRefused() {
        for (String garbage : List.of(
                "",
                "!!!",
                "a b",
                "%00",
                base64(""),
                base64("1"),
                base64("1:2"),
                base64("a:2:0.5"),
                base64("1:b:0.5"),
                base64("1:2:c"),
                base64("1.5:2:0.5"),
                base64("99999999999999999999:2:0.5"),
                base64(":::"),
                // parsed by Java, never written by encode(): an extra part, other digits, float spellings
                base64("1:2:0.5:9"),
                base64("１:2:0.5"),
                base64("1:2:0x1p-1"),
                base64("1:2:0.5f"),
                base64("1:2:NaN"),
                base64("1:2:Infinity"),
                base64("01:2:0.5"),
                base64("+1:2:0.5"))) {
            assertRefused(() -> AuditQuery.Cursor.decode(garbage), "cursor is not one this API returned");
        }
        // One changed character of a real cursor either decodes to another position or is refused; never a 500.
        String real = new AuditQuery.Cursor(1_764_496_800_123_456L, 42, 0.5f).encode();
        for (int i = 0; i < real.length(); i++) {
            for (char c : "A_-9z=+/.".toCharArray()) {
                String tampered = real.substring(0, i) + c + real.substring(i + 1);
                try {
                    assertThat(AuditQuery.Cursor.decode(tampered)).isNotNull();
                } catch (Refusal refused) {
                    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                }
            }
        }
    }

    @Test
    void theNextPageKeepsEveryFilterAndOnlyMovesTheCursor() {
        var first = query(T0, T0.plusSeconds(60), "block", "finished", "falcon", AuditQuery.Sort.RELEVANCE, 20);
        var cursor = new AuditQuery.Cursor(7, 8, 0.25f);
        var next = first.after(cursor);
        assertThat(next.cursor()).isEqualTo(cursor);
        assertThat(next).usingRecursiveComparison().ignoringFields("cursor").isEqualTo(first);
        assertThat(first.withLimit(500).limit()).isEqualTo(500);
        assertThat(first.describe())
                .isEqualTo("from=2026-11-30T10:00:00Z to=2026-11-30T10:01:00Z userId=u-1"
                        + " action=block outcome=finished q=falcon")
                .doesNotContain("cursor");
        assertThat(AuditQuery.newest(1).describe()).isEqualTo("(all)");
    }

    @Test
    void aQueryIsCheckedAsItIsMade() {
        assertRefused(
                () -> query(null, null, null, null, null, AuditQuery.Sort.TIME, 0), "limit must be between 1 and 500");
        assertRefused(() -> query(null, null, null, null, null, AuditQuery.Sort.TIME, 501), "limit");
        assertRefused(() -> AuditQuery.newest(1).withLimit(-1), "limit");
        assertThat(query(null, null, null, null, null, AuditQuery.Sort.TIME, 1).limit())
                .isEqualTo(1);
        assertThat(query(null, null, null, null, null, AuditQuery.Sort.TIME, 500)
                        .limit())
                .isEqualTo(500);

        assertRefused(() -> query(null, null, null, null, null, AuditQuery.Sort.RELEVANCE, 10), "sort=relevance needs");
        assertRefused(
                () -> query(null, null, null, null, " \t", AuditQuery.Sort.RELEVANCE, 10), "sort=relevance needs");
        assertRefused(
                () -> query(T0.plusNanos(1), T0, null, null, null, AuditQuery.Sort.TIME, 10),
                "from must not be after to");
        assertThat(query(T0, T0, null, null, null, AuditQuery.Sort.TIME, 10).from())
                .isEqualTo(T0);

        for (String action : List.of("allow", "warn", "block")) {
            assertThat(query(null, null, action, null, null, AuditQuery.Sort.TIME, 10)
                            .action())
                    .isEqualTo(action);
        }
        for (String action : List.of("BLOCK", "", "block ", "deny", "warn|block")) {
            assertRefused(() -> query(null, null, action, null, null, AuditQuery.Sort.TIME, 10), "action must be");
        }
        for (String outcome : List.of("finished", "expired", "checked")) {
            assertThat(query(null, null, null, outcome, null, AuditQuery.Sort.TIME, 10)
                            .outcome())
                    .isEqualTo(outcome);
        }
        for (String outcome : List.of("FINISHED", "open", "", "checked\n")) {
            assertRefused(() -> query(null, null, null, outcome, null, AuditQuery.Sort.TIME, 10), "outcome must be");
        }
    }

    @Test
    void aBlankSearchIsNoSearchAndOtherwiseItIsStripped() {
        assertThat(query(null, null, null, null, "  ", AuditQuery.Sort.TIME, 10).q())
                .isNull();
        assertThat(query(null, null, null, null, "  falcon key\n", AuditQuery.Sort.RELEVANCE, 10)
                        .q())
                .isEqualTo("falcon key");
    }
}
