package jp.callmail.sip.connector.ivr;

import java.util.Locale;

/**
 * What the IVR says, with the exact Japanese text of each prompt (SPEC §6 and the service guide's
 * 「1. 仮パスワードの設定」). The recorded audio is a file per prompt named {@link #fileName()}; the texts
 * here are the script the audio is made from, so the two stay in one place.
 */
public enum Prompt {
  MENU(
      "着信お知らせメールもしくはFAXお知らせメールの設定を行います。"
          + "着信お知らせメールの仮パスワードを設定するには数字の0を、"
          + "FAXお知らせメールの仮パスワードを設定するには数字の1を押し、最後に#を押してください。"),
  ENTER_NUMBER("仮パスワードを設定する契約電話番号を市外局番から入力し、最後に#を押してください。"),
  ENTER_PASSWORD("仮パスワードの設定を行います。「*」を含む8桁の仮パスワードを入力し、最後に#を押してください。"),
  CONFIRM_PASSWORD("確認のためにもう一度仮パスワードを入力し、最後に#を押してください。"),
  COMPLETED("仮パスワードの設定が完了しました。ご利用ありがとうございました。"),
  INVALID("入力番号が無効です。もう一度入力してください。"),
  START_OVER("3回誤って入力されましたので、最初からやり直してください。"),
  FAX_NOT_CONTRACTED("この電話番号ではFAXお知らせメールはご契約されていません。"),
  TIMEOUT("一定時間入力がありませんでしたので、終了します。"),
  UNAVAILABLE("ただいま設定を受け付けることができません。しばらくたってからおかけ直しください。");

  private final String text;

  Prompt(String text) {
    this.text = text;
  }

  /** The words of the prompt, as recorded. */
  public String text() {
    return text;
  }

  /** The audio file's name: the lower-case constant name, e.g. {@code enter_number.wav}. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT) + ".wav";
  }
}
