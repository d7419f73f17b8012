package io.streamguard.api.socket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The chars this node holds in frames received in parts, over all its sockets. One frame is bounded by
 * the request size; this bounds them together, so that many sockets each sending most of a large frame
 * and then nothing cannot fill the heap: past the bound the socket asking for more is closed (1013).
 */
final class PartialFrames {

    private final AtomicLong held = new AtomicLong();
    private final long maxChars;

    PartialFrames(long maxChars) {
        this.maxChars = maxChars;
    }

    /** A bound of {@code share} of the heap, reckoned at two bytes a char. */
    static PartialFrames ofHeapShare(double share) {
        return new PartialFrames((long) (Runtime.getRuntime().maxMemory() * share / 2));
    }

    boolean reserve(int chars) {
        long now = held.addAndGet(chars);
        if (now > maxChars) {
            held.addAndGet(-chars);
            return false;
        }
        return true;
    }

    void release(int chars) {
        held.addAndGet(-chars);
    }

    long held() {
        return held.get();
    }
}
