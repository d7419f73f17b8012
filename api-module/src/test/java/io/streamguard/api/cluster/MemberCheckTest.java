package io.streamguard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.streamguard.testing.LoneMember;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The membership challenge as a member answers it: the nonce it was sent, and who it is. */
class MemberCheckTest {

    @Test
    void theAnswerNamesTheMemberThatRanIt() {
        HazelcastInstance member = LoneMember.start(Map.of());
        try {
            byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8};
            var check = new MemberCheck(nonce);
            nonce[0] = 99;
            check.setHazelcastInstance(member);
            MemberCheck.Proof proof = check.call();
            assertThat(proof.nonce())
                    .as("the nonce as sent, not as changed since")
                    .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(proof.member())
                    .isEqualTo(member.getCluster().getLocalMember().getUuid());
        } finally {
            member.shutdown();
        }
    }

    @Test
    void outsideAMemberItRefusesToRun() {
        assertThatThrownBy(() -> new MemberCheck(new byte[8]).call()).isInstanceOf(IllegalStateException.class);
    }
}
