package jp.callmail.sip.connector.ivr;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the IVR behaves, from the adapter's configuration ({@code callmail.sip.ivr-*}, {@code
 * callmail.sip.rtp-port-min/max}).
 *
 * @param ivrNumber the number callers dial to reach the IVR, national form
 * @param rtpPortMin lowest RTP port
 * @param rtpPortMax highest RTP port
 * @param promptDirectory WAVE files that replace the built-in prompts, or null
 * @param noInputTimeout how long after a prompt ends the IVR waits for a first key
 * @param interDigitTimeout how long the IVR waits for the next key of an entry
 * @param callLimit the longest an IVR call may last
 */
public record IvrSettings(
    String ivrNumber,
    int rtpPortMin,
    int rtpPortMax,
    Path promptDirectory,
    Duration noInputTimeout,
    Duration interDigitTimeout,
    Duration callLimit) {

  public static final Duration DEFAULT_NO_INPUT_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_INTER_DIGIT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CALL_LIMIT = Duration.ofSeconds(300);

  public IvrSettings {
    Objects.requireNonNull(ivrNumber, "ivrNumber");
    positive(noInputTimeout, "no-input timeout");
    positive(interDigitTimeout, "inter-digit timeout");
    positive(callLimit, "call limit");
    if (rtpPortMin < 1024 || rtpPortMax > 65535 || rtpPortMin >= rtpPortMax) {
      throw new IllegalArgumentException(
          "RTP port range " + rtpPortMin + "-" + rtpPortMax + " must lie within 1024-65535");
    }
  }

  /** The default timeouts and port range. */
  public static IvrSettings defaults(String ivrNumber) {
    return new IvrSettings(
        ivrNumber,
        RtpPortPool.DEFAULT_MIN,
        RtpPortPool.DEFAULT_MAX,
        null,
        DEFAULT_NO_INPUT_TIMEOUT,
        DEFAULT_INTER_DIGIT_TIMEOUT,
        DEFAULT_CALL_LIMIT);
  }

  /** The same settings with other timeouts. */
  public IvrSettings withTimeouts(Duration noInput, Duration interDigit, Duration limit) {
    return new IvrSettings(
        ivrNumber, rtpPortMin, rtpPortMax, promptDirectory, noInput, interDigit, limit);
  }

  private static void positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("IVR " + what + " must be positive, not " + d);
    }
  }
}
