package jp.callmail.domain.model.line;

import java.util.regex.Pattern;

/**
 * Which mail addresses callmail takes as a 送信先メールアドレス: an RFC 5321 mailbox {@code local@domain}
 * with a dot-atom local part and a domain of DNS labels, plus the old-style Japanese mobile
 * addresses that docomo and au gave out before 2009 and that many phones still use: a local part
 * with a dot right before the {@code @} ({@code taro.@ezweb.ne.jp}) or two or more dots in a row
 * ({@code taro..hanako@docomo.ne.jp}). Those break RFC 5322's dot-atom, which is why Jakarta Mail's
 * parser refuses them, but the carriers' servers deliver to them and so do the usual relays; the
 * mail code addresses them without that parser ({@link #isOldStyleMobile}). Nothing else is
 * relaxed: a local part that starts with a dot, spaces, quotes, a missing or second {@code @}, and
 * a domain that is not labels joined by dots stay refused.
 */
public final class MailAddresses {

  /** RFC 5322 atext: what a dot-atom's atoms are made of. */
  private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";

  /** RFC 5322 dot-atom: atoms joined by single dots. */
  private static final Pattern DOT_ATOM = Pattern.compile(ATEXT + "+(?:\\." + ATEXT + "+)*");

  /** The old-style mobile local part: starts with an atom character, then atoms and dots freely. */
  private static final Pattern OLD_STYLE_LOCAL =
      Pattern.compile(ATEXT + "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*");

  /** Two or more labels of letters, digits and inner hyphens, each at most 63 characters. */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  private MailAddresses() {}

  /** Whether callmail takes the address (exactly as given: no spaces around it, no name). */
  public static boolean isValid(String address) {
    return isStandard(address) || isOldStyleMobile(address);
  }

  /**
   * Whether the address is an old-style Japanese mobile address: valid but for one or more dots
   * right before the {@code @} or in a row, which RFC 5322 (and Jakarta Mail) refuse.
   */
  public static boolean isOldStyleMobile(String address) {
    int at = at(address);
    if (at < 0) {
      return false;
    }
    String local = address.substring(0, at);
    return !DOT_ATOM.matcher(local).matches()
        && OLD_STYLE_LOCAL.matcher(local).matches()
        && (local.endsWith(".") || local.contains(".."));
  }

  private static boolean isStandard(String address) {
    int at = at(address);
    return at >= 0 && DOT_ATOM.matcher(address.substring(0, at)).matches();
  }

  /**
   * The position of the one {@code @} of an address within the length limits (local part 64, whole
   * 254) and with a valid domain, else -1.
   */
  private static int at(String address) {
    if (address == null || address.length() > 254) {
      return -1;
    }
    int at = address.indexOf('@');
    if (at < 1 || at > 64 || at != address.lastIndexOf('@')) {
      return -1;
    }
    return DOMAIN.matcher(address.substring(at + 1)).matches() ? at : -1;
  }
}
