package io.streamguard.api.cluster;

/**
 * Something of a feature's that the tasks members run for each other look up on the member they run on (an
 * entry processor finds it in the member's user context, under {@link #contextKey()}). Every such bean is put
 * there before the member starts: a member that has just joined is handed partitions, and their processors,
 * at once.
 */
public interface MemberContext {

    default String contextKey() {
        return getClass().getName();
    }
}
