package jp.callmail.infrastructure.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

  private static final List<ClientAddresses.Range> BALANCERS =
      ClientAddresses.parse("10.0.0.5, 192.168.10.0/24, fd00::/8");

  @Test
  void withoutTrustedProxiesTheConnectionIsTheClient() {
    assertThat(
            ClientAddresses.clientOf(
                "10.0.0.5", List.of("203.0.113.7"), ClientAddresses.parse(" ")))
        .isEqualTo("10.0.0.5");
  }

  @Test
  void behindATrustedBalancerTheForwardedAddressIsTheClient() {
    assertThat(ClientAddresses.clientOf("10.0.0.5", List.of("203.0.113.7"), BALANCERS))
        .isEqualTo("203.0.113.7");
    assertThat(ClientAddresses.clientOf("fd12::1", List.of("2001:db8::9"), BALANCERS))
        .isEqualTo("2001:db8::9");
  }

  @Test
  void whatTheClientWroteItselfIsNotBelieved() {
    // the browser sent "X-Forwarded-For: 198.51.100.1" to dodge throttling; the balancer appended
    // the real address
    assertThat(
            ClientAddresses.clientOf("10.0.0.5", List.of("198.51.100.1, 203.0.113.7"), BALANCERS))
        .isEqualTo("203.0.113.7");
    // and the same header straight to an instance, not through the balancer
    assertThat(ClientAddresses.clientOf("203.0.113.7", List.of("198.51.100.1"), BALANCERS))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void chainedTrustedProxiesAreSkipped() {
    assertThat(
            ClientAddresses.clientOf(
                "10.0.0.5", List.of("203.0.113.7", "192.168.10.20"), BALANCERS))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void aForwardedEntryThatIsNoAddressStopsTheWalk() {
    assertThat(
            ClientAddresses.clientOf(
                "10.0.0.5", List.of("203.0.113.7, unknown, 192.168.10.20"), BALANCERS))
        .isEqualTo("192.168.10.20");
    assertThat(ClientAddresses.clientOf("10.0.0.5", List.of(), BALANCERS)).isEqualTo("10.0.0.5");
  }

  @Test
  void aMistakeInTheSettingNamesIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClientAddresses.parse("10.0.0.5, balancer.example"))
        .withMessage(
            "callmail.http.trusted-proxies: 'balancer.example' is no IP address or CIDR range");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ClientAddresses.parse("10.0.0.0/33"))
        .withMessageContaining("'10.0.0.0/33'");
  }
}
