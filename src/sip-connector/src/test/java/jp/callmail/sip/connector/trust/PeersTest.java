package jp.callmail.sip.connector.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeersTest {

  @Test
  void cidrRangesMatchTheirAddressesOnly() {
    Peers peers = Peers.parse("10.0.0.0/24=upstream, 192.0.2.7=downstream");
    assertThat(peers.rolesOf("10.0.0.0")).containsExactly(PeerRole.UPSTREAM);
    assertThat(peers.rolesOf("10.0.0.255")).containsExactly(PeerRole.UPSTREAM);
    assertThat(peers.rolesOf("10.0.1.0")).isEmpty();
    assertThat(peers.rolesOf("192.0.2.7")).containsExactly(PeerRole.DOWNSTREAM);
    assertThat(peers.rolesOf("192.0.2.8")).isEmpty();
  }

  @Test
  void prefixesThatAreNotAWholeOctet() {
    Peers peers = Peers.parse("172.16.0.0/12");
    assertThat(peers.isPeer("172.31.255.254")).isTrue();
    assertThat(peers.isPeer("172.32.0.1")).isFalse();
    assertThat(peers.isPeer("172.15.255.255")).isFalse();
  }

  @Test
  void anEntryWithoutRolesHasBothAndRolesAdd() {
    Peers peers = Peers.parse("127.0.0.1, 10.0.0.2=upstream, 10.0.0.0/30=downstream");
    assertThat(peers.rolesOf("127.0.0.1"))
        .containsExactlyInAnyOrder(PeerRole.UPSTREAM, PeerRole.DOWNSTREAM);
    assertThat(peers.rolesOf("10.0.0.2"))
        .containsExactlyInAnyOrder(PeerRole.UPSTREAM, PeerRole.DOWNSTREAM);
    assertThat(peers.rolesOf("10.0.0.1")).containsExactly(PeerRole.DOWNSTREAM);
    assertThat(Peers.parse("10.0.0.9=upstream+downstream").rolesOf("10.0.0.9")).hasSize(2);
  }

  @Test
  void ipv6RangesAndLiteralsInAllTheirForms() {
    Peers peers = Peers.parse("2001:db8:10::/48=upstream, ::1");
    assertThat(peers.isUpstream("2001:db8:10:ffff::1")).isTrue();
    assertThat(peers.isUpstream("[2001:db8:10::5]")).as("as a SIP URI writes it").isTrue();
    assertThat(peers.isUpstream("2001:0db8:0010:0000:0000:0000:0000:0007")).isTrue();
    assertThat(peers.isPeer("2001:db8:11::1")).isFalse();
    assertThat(peers.isPeer("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(peers.isPeer("127.0.0.1")).as("IPv4 never matches an IPv6 range").isFalse();
  }

  @Test
  void anIpv4MappedAddressMatchesItsIpv4Entry() {
    assertThat(Peers.parse("10.0.0.2=upstream").isUpstream("::ffff:10.0.0.2")).isTrue();
  }

  @Test
  void hostNamesAndJunkAreNeverPeersAndNeverLookedUp() {
    Peers peers = Peers.parse("0.0.0.0/0");
    assertThat(peers.isPeer("localhost")).isFalse();
    assertThat(peers.isPeer("example.com")).isFalse();
    assertThat(peers.isPeer("10.0.0.256")).isFalse();
    assertThat(peers.isPeer("10.0.0")).isFalse();
    assertThat(peers.isPeer("")).isFalse();
    assertThat(peers.isPeer(null)).isFalse();
    assertThat(peers.isPeer("1.2.3.4")).isTrue();
  }

  @Test
  void badEntriesAreRefusedWithTheirText() {
    assertThatThrownBy(() -> Peers.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> Peers.parse("10.0.0.1/24"))
        .hasMessageContaining("did you mean 10.0.0.0/24");
    assertThatThrownBy(() -> Peers.parse("carrier.example.com"))
        .hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> Peers.parse("10.0.0.1=sideways")).hasMessageContaining("sideways");
  }

  @Test
  void theOlderTrustedUpstreamsSettingAddsUpstreamPeers() {
    Peers peers = Peers.parse("10.0.0.20=downstream").withUpstreams(List.of("10.0.0.2"));
    assertThat(peers.rolesOf("10.0.0.2")).isEqualTo(Set.of(PeerRole.UPSTREAM));
    assertThat(peers.isUpstream("10.0.0.20")).isFalse();
  }

  @Test
  void noPeersMeansEveryoneIsAStranger() {
    assertThat(Peers.parse("").isPeer("127.0.0.1")).isFalse();
    assertThat(Peers.parse(Peers.LOOPBACK).isPeer("127.0.0.1")).isTrue();
    assertThat(Peers.parse(Peers.LOOPBACK).isPeer("127.0.0.2")).isFalse();
  }
}
