package io.streamguard.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    @Test
    void aClientThatIsNoTrustedProxyIsItsOwnAddressWhateverItForwards() {
        assertThat(proxies.clientOf("203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
        assertThat(proxies.clientOf("10.1.2.3", null)).isEqualTo("10.1.2.3");
    }

    @Test
    void behindTrustedProxiesTheClientIsTheRightMostUntrustedHop() {
        assertThat(proxies.clientOf("10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(proxies.clientOf("10.1.2.3", "6.6.6.6, 198.51.100.1, 192.168.1.7"))
                .isEqualTo("198.51.100.1");
        assertThat(proxies.clientOf("fd12::1", "2001:db8::9")).isEqualTo("2001:db8::9");
    }

    @Test
    void aHopThatIsNoAddressEndsTheWalkAtTheLastTrustedOne() {
        assertThat(proxies.clientOf("10.1.2.3", "unknown")).isEqualTo("10.1.2.3");
        assertThat(proxies.clientOf("10.1.2.3", "evil.example, 10.9.9.9")).isEqualTo("10.9.9.9");
    }

    @Test
    void blocksMatchByPrefixAndNeverByName() {
        assertThat(proxies.isTrusted("10.255.0.1")).isTrue();
        assertThat(proxies.isTrusted("11.0.0.1")).isFalse();
        assertThat(proxies.isTrusted("192.168.1.8")).isFalse();
        assertThat(proxies.isTrusted("localhost")).isFalse();
        assertThat(TrustedProxies.of(List.of()).isEmpty()).isTrue();
    }

    @Test
    void anEntryThatIsNoBlockIsRefusedNamingIt() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal"))).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    }
}
