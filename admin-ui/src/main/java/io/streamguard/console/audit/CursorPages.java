package io.streamguard.console.audit;

import io.streamguard.api.audit.AuditEntryView;
import io.streamguard.api.audit.AuditPage;
import io.streamguard.api.audit.AuditQuery;
import io.streamguard.api.audit.AuditQuery.Cursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Serves a grid's offset-and-limit fetches from the audit's cursor API. It remembers the cursor
 * at every row offset a page ended on, so scrolling on continues from the nearest known cursor
 * instead of from the newest row; the end is known once a page comes back without a next cursor.
 * One instance per search: a new search starts with no cursors.
 */
final class CursorPages {

    private final AuditQuery query;
    private final Function<AuditQuery, AuditPage> search;
    /** Row offset → the cursor that continues there; offset 0 continues from the newest (no cursor). */
    private final NavigableMap<Integer, Cursor> cursors = new TreeMap<>();

    private int end = Integer.MAX_VALUE;

    CursorPages(AuditQuery query, Function<AuditQuery, AuditPage> search) {
        this.query = query;
        this.search = search;
    }

    List<AuditEntryView> fetch(int offset, int limit) {
        if (offset >= end) {
            return List.of();
        }
        List<AuditEntryView> rows = new ArrayList<>(Math.min(limit, AuditQuery.MAX_LIMIT));
        Map.Entry<Integer, Cursor> known = cursors.floorEntry(offset);
        int position = known == null ? 0 : known.getKey();
        @Nullable Cursor cursor = known == null ? null : known.getValue();
        while (rows.size() < limit && position < end) {
            int skip = offset + rows.size() - position;
            int wanted = Math.min(AuditQuery.MAX_LIMIT, skip + limit - rows.size());
            AuditQuery page = query.withLimit(wanted);
            AuditPage result = search.apply(cursor == null ? page : page.after(cursor));
            List<AuditEntryView> items = result.items();
            for (int i = Math.max(0, skip); i < items.size() && rows.size() < limit; i++) {
                rows.add(items.get(i));
            }
            position += items.size();
            if (result.nextCursor() == null || items.isEmpty()) {
                end = position;
            } else {
                cursor = Cursor.decode(result.nextCursor());
                cursors.put(position, cursor);
            }
        }
        return rows;
    }
}
