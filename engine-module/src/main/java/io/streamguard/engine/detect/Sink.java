package io.streamguard.engine.detect;

/** Receives the matches a detector decides on, as {@code [start, end)} in UTF-16 units. */
@FunctionalInterface
public interface Sink {
    void match(int start, int end);
}
