package jp.callmail.domain.model.line;

import java.nio.charset.Charset;

/** The charset a recipient's mail is encoded in; ISO-2022-JP for Japanese mobile carriers. */
public enum MailCharset {
  UTF_8("UTF-8"),
  ISO_2022_JP("ISO-2022-JP");

  private final String mimeName;

  MailCharset(String mimeName) {
    this.mimeName = mimeName;
  }

  /** The MIME charset name, as written in Content-Type and RFC 2047 words. */
  public String mimeName() {
    return mimeName;
  }

  public Charset charset() {
    return Charset.forName(mimeName);
  }
}
