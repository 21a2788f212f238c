package jp.callmail.domain.model.line;

import jp.callmail.domain.model.RuleViolation;

/**
 * A recipient as a user enters it. Validates on construction, naming the field it was given as.
 *
 * @param address mail address (RFC 5321 mailbox: local@domain, at most 254 characters; old-style
 *     Japanese mobile addresses with dots before the {@code @} or in a row too, see {@link
 *     MailAddresses})
 * @param send the 送信する check box
 * @param form PC or mobile layout
 * @param charset UTF-8 or ISO-2022-JP
 */
public record RecipientSpec(String address, boolean send, MailForm form, MailCharset charset) {

  public RecipientSpec {
    if (form == null) {
      form = MailForm.PC;
    }
    if (charset == null) {
      charset = MailCharset.UTF_8;
    }
    address = address == null ? "" : address.strip();
  }

  /** Checks the address, reporting problems against the given field name. */
  public RecipientSpec validated(String field) {
    if (address.isEmpty()) {
      throw new RuleViolation(field, "required", "Enter a mail address (メールアドレスを入力してください)");
    }
    if (!MailAddresses.isValid(address)) {
      throw new RuleViolation(
          field,
          "mail-address",
          "'"
              + address
              + "' is not a mail address of the form name@example.jp (メールアドレスの形式が正しくありません)");
    }
    return this;
  }
}
