package jp.callmail.sip.connector.proxy;

import java.util.Objects;
import jp.callmail.sip.connector.stack.TcpLimits;

/**
 * What the proxy allows a single peer, so that a stranger's flood costs bounded resources: TCP
 * connections ({@link TcpLimits}) and new non-INVITE requests per source address ({@link
 * RequestAdmission}).
 *
 * @param tcp connections in total and per source, and their idle time
 * @param nonInviteRate new out-of-dialog non-INVITE requests a second per source address, 0 for no
 *     per-source limit
 * @param nonInviteBurst how many such requests a source may send at once
 */
public record ProxyLimits(TcpLimits tcp, double nonInviteRate, int nonInviteBurst) {

  public static final ProxyLimits DEFAULTS =
      new ProxyLimits(
          TcpLimits.DEFAULTS,
          RequestAdmission.Settings.DEFAULTS.ratePerSecond(),
          RequestAdmission.Settings.DEFAULTS.burst());

  public ProxyLimits {
    Objects.requireNonNull(tcp, "tcp");
    admission(nonInviteRate, nonInviteBurst); // validates
  }

  RequestAdmission.Settings admission() {
    return admission(nonInviteRate, nonInviteBurst);
  }

  private static RequestAdmission.Settings admission(double rate, int burst) {
    return new RequestAdmission.Settings(rate, burst);
  }
}
