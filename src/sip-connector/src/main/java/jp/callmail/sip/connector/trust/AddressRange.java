package jp.callmail.sip.connector.trust;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One IP address or CIDR range, IPv4 or IPv6 ({@code 10.0.0.2}, {@code 10.0.0.0/24}, {@code
 * fd00::/8}, {@code ::1}). An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.2}) is matched as the
 * IPv4 address it carries, so a dual-stack socket's view of a peer still matches its IPv4 entry.
 *
 * <p>Only literals are parsed: a host name is never looked up, because a lookup on a SIP thread for
 * every request would let anyone who can write a Route header make the proxy wait for DNS.
 */
public record AddressRange(byte[] network, int prefixLength, String text) {

  public AddressRange {
    network = network.clone();
    if (prefixLength < 0 || prefixLength > network.length * 8) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " out of range in '" + text + "'");
    }
  }

  /**
   * Parses {@code address} or {@code address/prefix}.
   *
   * @throws IllegalArgumentException naming the entry when it is not an IP literal or CIDR range
   */
  public static AddressRange parse(String entry) {
    String value = entry.trim();
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    byte[] bytes =
        literal(address)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'"
                            + entry
                            + "' is not an IP address or CIDR range (e.g. 10.0.0.2, 10.0.0.0/24, fd00::/8)"));
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + entry + "' has no whole-number prefix length after '/'", e);
      }
    }
    byte[] network = bytes.clone();
    mask(network, prefix);
    if (!Arrays.equals(network, bytes)) {
      throw new IllegalArgumentException(
          "'"
              + entry
              + "' has host bits set beyond /"
              + prefix
              + ": did you mean "
              + format(network)
              + "/"
              + prefix
              + "?");
    }
    return new AddressRange(network, prefix, value);
  }

  /**
   * Whether an IP literal (as a socket or a URI names it) falls in this range; false for host
   * names.
   */
  public boolean contains(String address) {
    return literal(address).map(this::contains).orElse(false);
  }

  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int bitMask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & bitMask) == (network[full] & bitMask);
  }

  /**
   * The bytes of an IPv4 or IPv6 literal (brackets allowed, IPv4-mapped IPv6 as IPv4), or empty for
   * anything else, host names included: no name is ever resolved.
   */
  public static Optional<byte[]> literal(String address) {
    if (address == null) {
      return Optional.empty();
    }
    String value = address.trim();
    if (value.startsWith("[") && value.endsWith("]")) {
      value = value.substring(1, value.length() - 1);
    }
    int zone = value.indexOf('%');
    if (zone >= 0) {
      value = value.substring(0, zone);
    }
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.indexOf(':') < 0) {
      return ipv4(value);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return Optional.empty();
      }
    }
    try {
      InetAddress parsed = InetAddress.getByName(value); // a literal: no lookup is made
      if (parsed instanceof Inet6Address || parsed instanceof Inet4Address) {
        return Optional.of(parsed.getAddress());
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<byte[]> ipv4(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3) {
        return Optional.empty();
      }
      int octet = 0;
      for (int j = 0; j < part.length(); j++) {
        int digit = part.charAt(j) - '0';
        if (digit < 0 || digit > 9) {
          return Optional.empty();
        }
        octet = octet * 10 + digit;
      }
      if (octet > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) octet;
    }
    return Optional.of(bytes);
  }

  private static void mask(byte[] bytes, int prefix) {
    for (int i = 0; i < bytes.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
      bytes[i] = (byte) (bytes[i] & ((0xff << (8 - bitsHere)) & 0xff));
    }
  }

  private static String format(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      return Arrays.toString(bytes);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AddressRange range
        && range.prefixLength == prefixLength
        && Arrays.equals(range.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return text;
  }
}
