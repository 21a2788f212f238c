package jp.callmail.domain.model.line;

import java.text.Normalizer;

/**
 * Phone numbers as people type them on Japanese keyboards and phones: full-width digits (０６－１２３４),
 * hyphens and dashes of every width, and spaces (also the full-width one) are accepted, and the
 * number is kept as ASCII digits only. One rule for the portal, the console, the IVR's login and
 * the API, so that 06-1234-5678 and ０６１２３４５６７８ are the same number.
 */
public final class PhoneNumbers {

  /**
   * Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus, 長音 and
   * full-width hyphen-minus.
   */
  private static final String SEPARATORS =
      "[\\s\\u002D\\u2010\\u2011\\u2012\\u2013\\u2014\\u2212\\u30FC\\uFF0D\\uFF70]";

  private PhoneNumbers() {}

  /**
   * The number with full-width characters folded to ASCII (NFKC) and separators removed; anything
   * else (letters, '+') is kept, so validation can still say what is wrong.
   *
   * @return "" for null
   */
  public static String normalise(String typed) {
    if (typed == null) {
      return "";
    }
    String folded = Normalizer.normalize(typed, Normalizer.Form.NFKC);
    return folded.replaceAll(SEPARATORS, "");
  }
}
