package io.streamguard.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.audit.AuditEntryView;
import io.streamguard.api.audit.AuditPage;
import io.streamguard.api.audit.AuditQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The grid's offsets over the audit's cursors, against an in-memory log of 1234 entries, newest first. */
class CursorPagesTest {

    private static final int ENTRIES = 1234;

    private final List<AuditQuery> searches = new ArrayList<>();
    private final CursorPages pages = new CursorPages(AuditQuery.newest(100), this::search);

    @Test
    void consecutivePagesContinueFromTheRememberedCursor() {
        assertThat(sequences(pages.fetch(0, 100))).isEqualTo(range(ENTRIES, 100));
        assertThat(sequences(pages.fetch(100, 100))).isEqualTo(range(ENTRIES - 100, 100));

        assertThat(searches).hasSize(2);
        assertThat(searches.get(0).cursor()).isNull();
        assertThat(searches.get(1).cursor()).isNotNull();
        assertThat(searches.get(1).cursor().sequence()).isEqualTo(ENTRIES - 99);
    }

    @Test
    void aJumpAheadWalksTheCursorsInPagesOfAtMostTheApiLimit() {
        assertThat(sequences(pages.fetch(1100, 50))).isEqualTo(range(ENTRIES - 1100, 50));

        assertThat(searches).allMatch(q -> q.limit() <= AuditQuery.MAX_LIMIT);
        assertThat(searches).hasSize(3);

        searches.clear();
        assertThat(sequences(pages.fetch(1000, 50))).isEqualTo(range(ENTRIES - 1000, 50));
        assertThat(searches).hasSize(1);
    }

    @Test
    void theLastPageIsShortAndNothingIsFetchedBeyondTheEnd() {
        assertThat(pages.fetch(1200, 100)).hasSize(34);
        searches.clear();

        assertThat(pages.fetch(1300, 100)).isEmpty();
        assertThat(searches).isEmpty();
    }

    @Test
    void anEmptyResultIsOneSearch() {
        CursorPages none = new CursorPages(AuditQuery.newest(100), q -> {
            searches.add(q);
            return new AuditPage(List.of(), null);
        });

        assertThat(none.fetch(0, 100)).isEmpty();
        assertThat(none.fetch(100, 100)).isEmpty();
        assertThat(searches).hasSize(1);
    }

    /** Sequences ENTRIES down to 1, newest first; the cursor is the last sequence served, as the log does it. */
    private AuditPage search(AuditQuery query) {
        searches.add(query);
        long below = query.cursor() == null ? ENTRIES + 1 : query.cursor().sequence();
        List<AuditEntryView> items = new ArrayList<>();
        for (long seq = below - 1; seq >= 1 && items.size() < query.limit(); seq--) {
            items.add(entry(seq));
        }
        boolean more = !items.isEmpty() && items.getLast().sequence() > 1;
        return new AuditPage(
                items, more ? new AuditQuery.Cursor(0L, items.getLast().sequence(), 0f).encode() : null);
    }

    private static AuditEntryView entry(long seq) {
        return new AuditEntryView(
                UUID.randomUUID(),
                seq,
                "finished",
                "s-" + seq,
                UUID.randomUUID(),
                new AuditEntryView.Context("u", "b", "t"),
                "allow",
                "message " + seq,
                List.of(),
                List.of(),
                1,
                1,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                Instant.EPOCH,
                "hash");
    }

    private static List<Long> sequences(List<AuditEntryView> entries) {
        return entries.stream().map(AuditEntryView::sequence).toList();
    }

    private static List<Long> range(int newest, int count) {
        return IntStream.range(0, count).mapToObj(i -> (long) (newest - i)).toList();
    }
}
