package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The temporary-password IVR as the login page tells it: the number to dial, written as the guide
 * writes it (072-242-7142). The number is the SIP connector's own setting, {@code
 * callmail.sip.ivr-number}, read through the same MicroProfile Config, so the page can never name
 * another number than the one the IVR answers; {@code callmail.portal.ivr-number-display} overrides
 * the hyphenation for an area code the rules below split wrongly.
 */
@Named
@ApplicationScoped
public class IvrGuide {

  @Inject
  @ConfigProperty(name = "callmail.sip.ivr-number", defaultValue = "0722427142")
  String number;

  @Inject
  @ConfigProperty(name = "callmail.portal.ivr-number-display")
  Optional<String> display;

  /** Whether an IVR answers at all ({@code off} turns it off). */
  public boolean isAvailable() {
    return !number.isBlank() && !"off".equalsIgnoreCase(number.strip());
  }

  /** The number to dial, hyphenated. */
  public String getNumber() {
    return display.filter(d -> !d.isBlank()).orElseGet(() -> hyphenated(number.strip()));
  }

  /**
   * A national number in the usual written form: mobile and IP phone numbers 3-4-4 (090-1234-5678),
   * free dial and navi dial 4-3-3 (0120-123-456, 0570-123-456) or 4-3-4 (0800-123-4567), Tokyo and
   * Osaka 2-4-4 (03-1234-5678), other fixed numbers 3-3-4 (072-242-7142). Anything else is returned
   * as it is.
   */
  static String hyphenated(String digits) {
    if (digits == null || !digits.matches("0[0-9]{9,10}")) {
      return digits;
    }
    if (digits.length() == 11) {
      if (digits.startsWith("0800")) {
        return split(digits, 4, 3);
      }
      return digits.matches("0[2-9]0[0-9]{8}") ? split(digits, 3, 4) : digits;
    }
    if (digits.startsWith("0120") || digits.startsWith("0570") || digits.startsWith("0990")) {
      return split(digits, 4, 3);
    }
    if (digits.startsWith("03") || digits.startsWith("06")) {
      return split(digits, 2, 4);
    }
    return split(digits, 3, 3);
  }

  private static String split(String digits, int first, int second) {
    return digits.substring(0, first)
        + "-"
        + digits.substring(first, first + second)
        + "-"
        + digits.substring(first + second);
  }
}
