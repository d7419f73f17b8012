package io.streamguard.api.cluster;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.streamguard.api.system.StreamGuardProperties;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Challenges every member that joins (and every member present when this node starts) to prove
 * it holds the cluster secret. A member that cannot is a stranger: it is counted, logged,
 * reported by this node's health as {@code clusterIntegrity: DOWN} until it leaves, and expelled.
 * What it saw meanwhile is ciphertext; the alarm is so that an operator closes the network. Also
 * keeps the cluster active and reports destroyed structures, which no node of ours does.
 */
@Component("clusterIntegrity")
class ClusterIntegrity implements HealthIndicator, MembershipListener, DistributedObjectListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterIntegrity.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CHECK_TIMEOUT_SECONDS = 5;

    private final HazelcastInstance hazelcast;
    private final GridTampering tampering;
    private final Map<UUID, String> strangers = new ConcurrentHashMap<>();
    private final boolean expel;
    private volatile boolean closing;

    ClusterIntegrity(HazelcastInstance hazelcast, GridTampering tampering, StreamGuardProperties properties) {
        this.hazelcast = hazelcast;
        this.tampering = tampering;
        this.expel = properties.cluster().expelStrangers();
    }

    @EventListener(ApplicationReadyEvent.class)
    void checkMembersPresent() {
        hazelcast.addDistributedObjectListener(this);
        hazelcast.getCluster().addMembershipListener(this);
        hazelcast.getCluster().getMembers().stream()
                .filter(m -> !m.localMember())
                .forEach(this::checkLater);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        checkLater(event.getMember());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        strangers.remove(event.getMember().getUuid());
    }

    private void checkLater(Member member) {
        Thread.ofVirtual().name("member-check").start(() -> check(member));
    }

    /**
     * A member of ours answers in milliseconds; one that cannot answer within the timeout, or
     * leaves before it does, failed the check all the same.
     *
     * @return whether the member proved it holds the secret
     */
    boolean check(Member member) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        try {
            MemberCheck.Proof proof = hazelcast
                    .getExecutorService("member-checks")
                    .submitToMember(new MemberCheck(nonce), member)
                    .get(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (Arrays.equals(proof.nonce(), nonce) && proof.member().equals(member.getUuid())) {
                strangers.remove(member.getUuid());
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.debug("Member {} failed its check", member.getAddress(), e);
        }
        boolean present = hazelcast.getCluster().getMembers().contains(member);
        tampering.record(
                GridTampering.Kind.FOREIGN_MEMBER,
                "member " + member.getAddress()
                        + " joined without proving it holds the cluster secret"
                        + (!present ? " and left" : expel ? "; expelling it" : ""));
        if (present) {
            strangers.put(member.getUuid(), member.getAddress().toString());
            if (expel) {
                expel(member);
            }
        }
        return false;
    }

    /**
     * The nodes never change the cluster's state; a stranger that did (to passive, say, which
     * stops every operation and outlives him) is undone within a second.
     */
    @Scheduled(fixedDelay = 1000)
    void keepClusterActive() {
        ClusterState state = hazelcast.getCluster().getClusterState();
        if (state == ClusterState.ACTIVE || !hazelcast.getLifecycleService().isRunning() || closing) {
            return;
        }
        tampering.record(GridTampering.Kind.CLUSTER_STATE_CHANGED, "cluster state " + state + "; set back to ACTIVE");
        try {
            hazelcast.getCluster().changeClusterState(ClusterState.ACTIVE);
        } catch (RuntimeException e) {
            log.warn("Could not set the cluster back to ACTIVE: {}", e.toString());
        }
    }

    @EventListener(ContextClosedEvent.class)
    void closing() {
        closing = true;
    }

    @Override
    public void distributedObjectCreated(DistributedObjectEvent event) {}

    @Override
    public void distributedObjectDestroyed(DistributedObjectEvent event) {
        if (!closing) {
            tampering.record(
                    GridTampering.Kind.STRUCTURE_DESTROYED,
                    event.getServiceName() + " " + event.getObjectName() + " destroyed");
        }
    }

    /**
     * Hazelcast's open-source edition has no public way to refuse a member, so this uses the one
     * its failure detector uses: the member is suspected, its connection closed, and the master
     * (the oldest member, one of ours) removes it from the cluster. If that internal call is not
     * there, the alarm above is all that happens.
     */
    private void expel(Member member) {
        try {
            if (hazelcast instanceof HazelcastInstanceProxy proxy) {
                proxy.getOriginal()
                        .node
                        .getClusterService()
                        .suspectMember(member, "it could not prove it holds the cluster secret", true);
            }
        } catch (RuntimeException | LinkageError e) {
            log.warn("Could not expel member {}: {}", member.getAddress(), e.toString());
        }
    }

    @Override
    public Health health() {
        if (strangers.isEmpty()) {
            return Health.up().build();
        }
        return Health.down()
                .withDetail(
                        "foreignMembers", strangers.values().stream().sorted().toList())
                .build();
    }
}
