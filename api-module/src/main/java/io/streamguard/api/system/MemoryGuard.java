package io.streamguard.api.system;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Whether this node may take on more streams: the heap as the last garbage collection left it
 * (live data, not garbage waiting to be collected) must stay under the configured share.
 */
@Component
public class MemoryGuard {

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
            .toList();
    private final double maxShare;

    MemoryGuard(StreamGuardProperties properties) {
        this.maxShare = properties.limits().maxHeapUsedForNewStreams();
    }

    public boolean hasRoomForNewStreams() {
        for (MemoryPoolMXBean pool : heapPools) {
            var afterGc = pool.getCollectionUsage();
            if (afterGc != null && afterGc.getMax() > 0 && (double) afterGc.getUsed() / afterGc.getMax() > maxShare) {
                return false;
            }
        }
        return true;
    }
}
