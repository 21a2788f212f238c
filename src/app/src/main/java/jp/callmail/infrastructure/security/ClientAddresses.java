package jp.callmail.infrastructure.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address of the browser or API client behind a request, for login throttling and the audit.
 * Behind an HTTP load balancer every request comes from the balancer: when the connection's address
 * is one of {@code callmail.http.trusted-proxies} (addresses or CIDR ranges), the client is the
 * rightmost {@code X-Forwarded-For} entry that is not itself a trusted proxy. Anyone else's {@code
 * X-Forwarded-For} is ignored, since a client can write what it likes there.
 */
@ApplicationScoped
public class ClientAddresses {

  private static final Pattern IP_LITERAL =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*");

  @Inject
  @ConfigProperty(name = "callmail.http.trusted-proxies")
  Optional<String> trustedProxies;

  private List<Range> proxies = List.of();

  @PostConstruct
  void init() {
    proxies = parse(trustedProxies.orElse(""));
  }

  /** The client's address of this request. */
  public String of(HttpServletRequest request) {
    return clientOf(
        request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")), proxies);
  }

  static String clientOf(String remote, List<String> forwardedFor, List<Range> proxies) {
    if (!trusted(remote, proxies)) {
      return remote;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = remote;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (address(hop) == null) {
        return client; // not an address: what lies left of it cannot be believed
      }
      client = hop;
      if (!trusted(hop, proxies)) {
        return hop;
      }
    }
    return client;
  }

  private static boolean trusted(String address, List<Range> proxies) {
    byte[] bytes = address(address);
    return bytes != null && proxies.stream().anyMatch(range -> range.contains(bytes));
  }

  /** The bytes of an IP literal, never a name lookup; null for anything else. */
  private static byte[] address(String text) {
    if (text == null) {
      return null;
    }
    String literal = text.trim();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    if (!IP_LITERAL.matcher(literal).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * {@code callmail.http.trusted-proxies}: comma-separated addresses or CIDR ranges.
   *
   * @throws IllegalArgumentException naming the setting and the entry that is neither
   */
  static List<Range> parse(String setting) {
    List<Range> ranges = new ArrayList<>();
    if (setting == null) {
      return ranges;
    }
    for (String entry : setting.split(",")) {
      String item = entry.trim().toLowerCase(Locale.ROOT);
      if (item.isEmpty()) {
        continue;
      }
      int slash = item.indexOf('/');
      byte[] bytes = address(slash < 0 ? item : item.substring(0, slash));
      int bits = bytes == null ? 0 : bytes.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(item.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
      }
      if (bytes == null || prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "callmail.http.trusted-proxies: '" + entry.trim() + "' is no IP address or CIDR range");
      }
      ranges.add(new Range(bytes, prefix));
    }
    return List.copyOf(ranges);
  }

  /** An address range: the first {@code prefix} bits of {@code network}. */
  record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
