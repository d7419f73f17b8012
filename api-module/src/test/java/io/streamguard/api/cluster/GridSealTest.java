package io.streamguard.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GridSealTest {

    private final GridSeal seal = new GridSeal(ClusterSecret.of("a-cluster-secret-of-enough-length-1234"));

    @Test
    void whatIsSealedOpensWithTheSameKeyAndContextOnly() {
        byte[] text = "AKIAQWERTYUIOPASDFGH".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = seal.seal(text, GridSeal.context("stream", "s-1"));

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("AKIA");
        assertThat(seal.open(sealed, GridSeal.context("stream", "s-1"))).isEqualTo(text);
        assertThatThrownBy(() -> seal.open(sealed, GridSeal.context("stream", "s-2")))
                .isInstanceOf(ForgedGridDataException.class);
        var stranger = new GridSeal(ClusterSecret.of("another-secret-of-enough-length-12345"));
        assertThatThrownBy(() -> stranger.open(sealed, GridSeal.context("stream", "s-1")))
                .isInstanceOf(ForgedGridDataException.class);
    }

    @Test
    void anyChangedByteIsRefused() {
        byte[] sealed = seal.seal(new byte[64], GridSeal.context("x"));
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 1;
            assertThatThrownBy(() -> seal.open(altered, GridSeal.context("x")))
                    .isInstanceOf(ForgedGridDataException.class);
        }
        assertThatThrownBy(() -> seal.open(new byte[5], GridSeal.context("x")))
                .isInstanceOf(ForgedGridDataException.class);
    }

    @Test
    void contextsOfDifferentPartsNeverCollide() {
        assertThat(GridSeal.context("ab", "c")).isNotEqualTo(GridSeal.context("a", "bc"));
    }

    @Test
    void keysDifferByPurposeAndSecretsMustBeLong() {
        var secret = ClusterSecret.of("a-cluster-secret-of-enough-length-1234");
        assertThat(secret.deriveKey("grid-seal/v1")).hasSize(32).isNotEqualTo(secret.deriveKey("audit-mac/v1"));
        assertThat(secret.toString()).doesNotContain("enough");
        assertThatThrownBy(() -> ClusterSecret.of("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
