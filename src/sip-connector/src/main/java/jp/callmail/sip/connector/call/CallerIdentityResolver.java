package jp.callmail.sip.connector.call;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.callmail.sip.api.WithheldReason;

/**
 * Decides who called, following the forms Japanese networks use (TTC JJ-90.30 and RFC 3323/3325).
 *
 * <p>The asserted identity ({@code P-Asserted-Identity}) is only passed in when the previous hop is
 * a trusted upstream; otherwise the {@code From} header is all there is. A withheld reason is read,
 * in order, from the display name the network sets ("Anonymous", "Coin line/payphone", ...), the
 * calling party category {@code cpc=payphone}, a {@code Privacy} request, and an anonymous URI. A
 * caller whose identity is no telephone number at all is reported as 非通知, as SPEC §3 asks for
 * unknown forms.
 */
public final class CallerIdentityResolver {

  private static final Map<String, WithheldReason> DISPLAY_REASONS =
      Map.of(
          "anonymous", WithheldReason.PRIVACY,
          "coin line/payphone", WithheldReason.PAYPHONE,
          "interaction with other service", WithheldReason.UNAVAILABLE,
          "unavailable", WithheldReason.UNAVAILABLE,
          "unknown", WithheldReason.UNAVAILABLE);

  private CallerIdentityResolver() {}

  /**
   * @param from the From header
   * @param asserted the P-Asserted-Identity of a trusted upstream, or null
   * @param privacyValues the values of all Privacy headers (e.g. {@code id}, {@code user}); empty
   *     when absent
   */
  public static CallerIdentity resolve(
      Party from, Party asserted, Collection<String> privacyValues) {
    Party identity = asserted != null ? asserted : from;
    Optional<WithheldReason> byDisplay =
        reasonFromDisplay(from)
            .or(() -> asserted == null ? Optional.empty() : reasonFromDisplay(asserted));
    if (byDisplay.isPresent()) {
      return CallerIdentity.withheld(byDisplay.get());
    }
    if (isPayphone(from) || isPayphone(identity)) {
      return CallerIdentity.withheld(WithheldReason.PAYPHONE);
    }
    // An anonymous From is the caller's own privacy request (RFC 3323 §4.1.1): it hides an
    // asserted number too, even when the Privacy header that should accompany it is missing.
    if (requestsPrivacy(privacyValues) || isAnonymous(from) || isAnonymous(identity)) {
      return CallerIdentity.withheld(WithheldReason.PRIVACY);
    }
    return NumberNormalizer.toNational(identity.uri())
        .map(CallerIdentity::shown)
        // A number no numbering plan has cannot be shown: not available (表示圏外), as the call log
        // records it too. Any other identity that is no number is an unknown form: 非通知 (SPEC §3).
        .orElseGet(
            () ->
                CallerIdentity.withheld(
                    NumberNormalizer.isOverlong(identity.uri())
                        ? WithheldReason.UNAVAILABLE
                        : WithheldReason.PRIVACY));
  }

  private static Optional<WithheldReason> reasonFromDisplay(Party party) {
    if (party.displayName() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(DISPLAY_REASONS.get(party.displayName().toLowerCase(Locale.ROOT)));
  }

  private static boolean isPayphone(Party party) {
    return party.uri().toLowerCase(Locale.ROOT).contains("cpc=payphone");
  }

  /**
   * RFC 3323: {@code id}, {@code user} and {@code header} all hide the caller; {@code none} does
   * not.
   */
  private static boolean requestsPrivacy(Collection<String> privacyValues) {
    for (String header : privacyValues) {
      for (String value : header.split("[;,]")) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("id") || v.equals("user") || v.equals("header")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isAnonymous(Party party) {
    String uri = party.uri().toLowerCase(Locale.ROOT);
    return uri.contains("anonymous@")
        || uri.contains("@anonymous.invalid")
        || uri.equals("sip:anonymous");
  }
}
