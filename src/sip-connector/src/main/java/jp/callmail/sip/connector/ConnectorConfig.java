package jp.callmail.sip.connector;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import jp.callmail.sip.connector.call.AnsweredCalls;
import jp.callmail.sip.connector.ivr.IvrSettings;
import jp.callmail.sip.connector.journal.JournalDirectory;
import jp.callmail.sip.connector.journal.JournalSettings;
import jp.callmail.sip.connector.proxy.ProxyLimits;
import jp.callmail.sip.connector.proxy.ProxySettings;
import jp.callmail.sip.connector.stack.TcpLimits;
import jp.callmail.sip.connector.trust.Peers;
import jp.callmail.sip.connector.trust.RouteToken;

/**
 * The adapter's settings, read through MicroProfile Config so that a system property ({@code
 * -Dcallmail.sip.port=5070}), an environment variable ({@code CALLMAIL_SIP_PORT=5070}) or Payara's
 * own config sources all work. Values missing there fall back to the adapter's
 * {@code @ConfigProperty} values, which an administrator may also set on the resource adapter.
 */
final class ConnectorConfig {

  static final String PREFIX = "callmail.sip.";

  private final UnaryOperator<String> source;

  ConnectorConfig(UnaryOperator<String> source) {
    this.source = source;
  }

  String get(String name, String fallback) {
    String value = source.apply(PREFIX + name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  ProxySettings proxySettings(SipResourceAdapter defaults) throws ResourceAdapterInternalException {
    String address = get("listen-address", defaults.getListenAddress());
    int port = integer("port", defaults.getPort());
    List<String> transports = list(get("transports", defaults.getTransports()));
    String defaultNextHop = get("default-next-hop", defaults.getDefaultNextHop());
    Duration timerC = Duration.ofSeconds(integer("timer-c-seconds", defaults.getTimerCSeconds()));
    String strangers = get("strangers", "reject").toLowerCase(Locale.ROOT);
    if (!strangers.equals("reject") && !strangers.equals("drop")) {
      throw new ResourceAdapterInternalException(
          PREFIX + "strangers must be reject (403) or drop, not '" + strangers + "'");
    }
    try {
      return new ProxySettings(
          address,
          port,
          transports,
          defaultNextHop,
          peers(defaults),
          strangers.equals("drop"),
          RouteToken.of(get("route-secret", null)),
          timerC,
          integer("max-server-transactions", defaults.getMaxServerTransactions()));
    } catch (IllegalArgumentException e) {
      throw new ResourceAdapterInternalException(
          "Invalid SIP connector setting: " + e.getMessage(), e);
    }
  }

  /**
   * The peers ({@code callmail.sip.peers}), plus the addresses of the older {@code
   * callmail.sip.trusted-upstreams} as upstream peers.
   */
  private Peers peers(SipResourceAdapter defaults) {
    try {
      return Peers.parse(get("peers", defaults.getPeers()))
          .withUpstreams(list(get("trusted-upstreams", defaults.getTrustedUpstreams())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + "peers: " + e.getMessage(), e);
    }
  }

  /**
   * What one peer may use: TCP connections ({@code tcp-max-connections}, {@code
   * tcp-max-connections-per-source}, {@code tcp-idle-seconds}) and new non-INVITE requests per
   * second from one address ({@code non-invite-rate}, 0 for no limit, and {@code
   * non-invite-burst}).
   */
  ProxyLimits proxyLimits() throws ResourceAdapterInternalException {
    ProxyLimits defaults = ProxyLimits.DEFAULTS;
    try {
      TcpLimits tcp =
          new TcpLimits(
              integer("tcp-max-connections", defaults.tcp().maxConnections()),
              integer("tcp-max-connections-per-source", defaults.tcp().maxPerSource()),
              Duration.ofSeconds(
                  integer("tcp-idle-seconds", (int) defaults.tcp().idle().toSeconds())));
      return new ProxyLimits(
          tcp,
          decimal("non-invite-rate", defaults.nonInviteRate()),
          integer("non-invite-burst", defaults.nonInviteBurst()));
    } catch (IllegalArgumentException e) {
      throw new ResourceAdapterInternalException(
          "Invalid SIP connector setting: " + e.getMessage(), e);
    }
  }

  /**
   * The table of answered calls watched for a switch to fax: at most {@code answered-calls-max}
   * calls, each for at most {@code answered-call-hours} when no BYE ends it.
   */
  AnsweredCalls.Settings answeredCalls(SipResourceAdapter defaults)
      throws ResourceAdapterInternalException {
    int hours = integer("answered-call-hours", defaults.getAnsweredCallHours());
    if (hours < 1 || hours > 168) {
      throw new ResourceAdapterInternalException(
          PREFIX + "answered-call-hours must be between 1 and 168, not " + hours);
    }
    try {
      return new AnsweredCalls.Settings(
          integer("answered-calls-max", defaults.getAnsweredCallsMax()), Duration.ofHours(hours));
    } catch (IllegalArgumentException e) {
      throw new ResourceAdapterInternalException(
          "Invalid SIP connector setting: " + PREFIX + e.getMessage(), e);
    }
  }

  /**
   * The IVR's settings, or null when {@code callmail.sip.ivr-number} is {@code off}. Timeouts in
   * seconds: {@code ivr-no-input-seconds}, {@code ivr-inter-digit-seconds}, {@code
   * ivr-call-limit-seconds}; {@code ivr-prompts} names a directory of WAVE files replacing the
   * built-in prompts.
   */
  IvrSettings ivrSettings(SipResourceAdapter defaults) throws ResourceAdapterInternalException {
    String number = get("ivr-number", defaults.getIvrNumber());
    if (number == null || number.equalsIgnoreCase("off")) {
      return null;
    }
    if (!number.matches("\\d{3,15}")) {
      throw new ResourceAdapterInternalException(
          PREFIX + "ivr-number must be digits, e.g. 0722427142, or off; not '" + number + "'");
    }
    String prompts = get("ivr-prompts", null);
    try {
      return new IvrSettings(
          number,
          integer("rtp-port-min", defaults.getRtpPortMin()),
          integer("rtp-port-max", defaults.getRtpPortMax()),
          prompts == null ? null : Path.of(prompts),
          Duration.ofSeconds(
              integer(
                  "ivr-no-input-seconds", (int) IvrSettings.DEFAULT_NO_INPUT_TIMEOUT.toSeconds())),
          Duration.ofSeconds(
              integer(
                  "ivr-inter-digit-seconds",
                  (int) IvrSettings.DEFAULT_INTER_DIGIT_TIMEOUT.toSeconds())),
          Duration.ofSeconds(
              integer("ivr-call-limit-seconds", (int) IvrSettings.DEFAULT_CALL_LIMIT.toSeconds())));
    } catch (IllegalArgumentException e) {
      throw new ResourceAdapterInternalException("Invalid IVR setting: " + e.getMessage(), e);
    }
  }

  /** Most IVR calls at once; more are answered 486 Busy Here. */
  int ivrMaxCalls() throws ResourceAdapterInternalException {
    return integer("ivr-max-calls", 50);
  }

  /** Most IVR calls at once from one source address (an upstream element); more get 486. */
  int ivrMaxCallsPerSource() throws ResourceAdapterInternalException {
    return integer("ivr-max-calls-per-source", 20);
  }

  /** Where the IVR's RTP sockets bind and what its SDP names: the listen address unless set. */
  String rtpAddress(String listenAddress) {
    return get("rtp-address", listenAddress);
  }

  /**
   * How often the line table asks the application for changed lines (its own changes arrive at
   * once).
   */
  Duration lineRefresh(SipResourceAdapter defaults) throws ResourceAdapterInternalException {
    int seconds = integer("line-refresh-seconds", defaults.getLineRefreshSeconds());
    if (seconds < 1 || seconds > 3600) {
      throw new ResourceAdapterInternalException(
          PREFIX + "line-refresh-seconds must be between 1 and 3600, not " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  /**
   * The call record journal: {@code journal-dir}, by default in Payara's instance root (see
   * JournalDirectory).
   */
  JournalSettings journalSettings(int sipPort) {
    return JournalSettings.in(
        JournalDirectory.resolve(get("journal-dir", null), sipPort, System::getProperty));
  }

  /**
   * The longest wait between replays of pending call records ({@code journal-replay-seconds}, 1 to
   * 3600).
   */
  Duration journalReplay() throws ResourceAdapterInternalException {
    int seconds = integer("journal-replay-seconds", 15);
    if (seconds < 1 || seconds > 3600) {
      throw new ResourceAdapterInternalException(
          PREFIX + "journal-replay-seconds must be between 1 and 3600, not " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  /**
   * The stack properties: the file named by callmail.sip.stack-properties, else the built-in ones.
   */
  Properties stackProperties() throws ResourceAdapterInternalException {
    Properties properties = new Properties();
    String file = get("stack-properties", null);
    try (InputStream in =
        file != null
            ? Files.newInputStream(Path.of(file))
            : ConnectorConfig.class.getResourceAsStream("sip-stack.properties")) {
      if (in == null) {
        throw new ResourceAdapterInternalException(
            "Built-in sip-stack.properties is missing from the adapter");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new ResourceAdapterInternalException(
          "Cannot read SIP stack properties " + file + ": " + e.getMessage(), e);
    }
    return properties;
  }

  private int integer(String name, int fallback) throws ResourceAdapterInternalException {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ResourceAdapterInternalException(
          PREFIX + name + " must be a whole number, not '" + value + "'", e);
    }
  }

  private double decimal(String name, double fallback) throws ResourceAdapterInternalException {
    String value = get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ResourceAdapterInternalException(
          PREFIX + name + " must be a number, not '" + value + "'", e);
    }
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(","))
        .map(v -> v.trim().toLowerCase(Locale.ROOT))
        .filter(v -> !v.isEmpty())
        .collect(Collectors.toList());
  }
}
