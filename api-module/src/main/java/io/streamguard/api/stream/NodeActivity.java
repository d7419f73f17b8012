package io.streamguard.api.stream;

/** One node's recent stream work, published to the cluster every second for the live view. */
record NodeActivity(long updatesLastSecond, long blocksLastMinute, long atMillis) {}
