package io.streamguard.api.stream;

/** The cluster's stream work right now: open streams, updates per second, blocks in the last minute. */
public record StreamActivity(long openStreams, long updatesPerSecond, long blocksLastMinute) {}
