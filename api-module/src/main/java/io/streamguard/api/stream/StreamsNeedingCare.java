package io.streamguard.api.stream;

import com.hazelcast.query.Predicate;
import java.util.Map;

/**
 * Streams the janitor must look at: open but idle past the timeout, ended but not yet confirmed
 * in the audit log, or confirmed and kept long enough for a retried finish.
 */
record StreamsNeedingCare(long nowMillis, long idleMillis, long settleMillis, long keepMillis)
        implements Predicate<String, StreamSession> {

    @Override
    public boolean apply(Map.Entry<String, StreamSession> entry) {
        StreamSession session = entry.getValue();
        if (session == null) {
            return false;
        }
        if (!session.ended()) {
            return session.idleAt(nowMillis, idleMillis);
        }
        long endedFor = nowMillis - session.endedAtMillis();
        return session.audited() ? endedFor >= keepMillis : endedFor >= settleMillis;
    }
}
