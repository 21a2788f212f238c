package jp.callmail.sip.connector.trust;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The network elements callmail talks to ({@code callmail.sip.peers}), each an address or CIDR
 * range with its roles. A request from any other source is refused before the stack keeps any state
 * for it, and nothing is sent to a host chosen by a request unless that host is a peer.
 *
 * <p>The setting is a comma-separated list of {@code range[=roles]}, roles being {@code upstream},
 * {@code downstream} or both joined by {@code +}; an entry without roles is both, e.g. {@code
 * 10.0.0.2=upstream, 10.0.0.3=upstream, 10.0.1.0/24=downstream, 127.0.0.1}. An address in several
 * entries has the roles of all of them.
 *
 * <p>Source addresses are those of the datagram (UDP) or of the connection (TCP). A UDP source can
 * be forged by anyone whose packets reach the proxy, so production peers should be on a private
 * network or reach callmail over TCP.
 */
public final class Peers {

  /** Loopback only: the embedded run and tests, where sipp plays every peer. */
  public static final String LOOPBACK = "127.0.0.1, ::1";

  private record Entry(AddressRange range, Set<PeerRole> roles) {}

  private final List<Entry> entries;

  private Peers(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses the setting.
   *
   * @throws IllegalArgumentException with a message naming the bad entry
   */
  public static Peers parse(String setting) {
    List<Entry> entries = new ArrayList<>();
    if (setting != null) {
      for (String raw : setting.split(",")) {
        String entry = raw.trim();
        if (entry.isEmpty()) {
          continue;
        }
        int equals = entry.indexOf('=');
        AddressRange range = AddressRange.parse(equals < 0 ? entry : entry.substring(0, equals));
        Set<PeerRole> roles =
            equals < 0 ? EnumSet.allOf(PeerRole.class) : roles(entry, entry.substring(equals + 1));
        entries.add(new Entry(range, roles));
      }
    }
    return new Peers(entries);
  }

  /**
   * These peers and the given addresses as upstream peers (the older trusted-upstreams setting).
   */
  public Peers withUpstreams(List<String> addresses) {
    List<Entry> all = new ArrayList<>(entries);
    for (String address : addresses) {
      all.add(new Entry(AddressRange.parse(address), EnumSet.of(PeerRole.UPSTREAM)));
    }
    return new Peers(all);
  }

  private static Set<PeerRole> roles(String entry, String value) {
    Set<PeerRole> roles = EnumSet.noneOf(PeerRole.class);
    for (String role : value.split("\\+")) {
      switch (role.trim().toLowerCase(Locale.ROOT)) {
        case "upstream" -> roles.add(PeerRole.UPSTREAM);
        case "downstream" -> roles.add(PeerRole.DOWNSTREAM);
        case "both" -> roles.addAll(EnumSet.allOf(PeerRole.class));
        default ->
            throw new IllegalArgumentException(
                "peer '"
                    + entry
                    + "': role '"
                    + role.trim()
                    + "' is not upstream, downstream or upstream+downstream");
      }
    }
    return roles;
  }

  /** The roles of a source address; empty for a stranger or anything that is not an IP literal. */
  public Set<PeerRole> rolesOf(String address) {
    Optional<byte[]> bytes = AddressRange.literal(address);
    if (bytes.isEmpty()) {
      return Set.of();
    }
    Set<PeerRole> roles = EnumSet.noneOf(PeerRole.class);
    for (Entry entry : entries) {
      if (entry.range().contains(bytes.get())) {
        roles.addAll(entry.roles());
      }
    }
    return roles;
  }

  public boolean isPeer(String address) {
    return !rolesOf(address).isEmpty();
  }

  public boolean isUpstream(String address) {
    return rolesOf(address).contains(PeerRole.UPSTREAM);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Entry entry : entries) {
      parts.add(
          entry.range()
              + "="
              + String.join(
                  "+",
                  entry.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList()));
    }
    return String.join(", ", parts);
  }
}
