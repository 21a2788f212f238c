package jp.callmail.infrastructure.mail;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Settings and a clock shared by the mail tests. */
final class MailFixtures {

  static final MailSettings SETTINGS =
      new MailSettings(
          "コールメール西日本",
          "https://portal.callmail.example/",
          "着信お知らせ <noreply@callmail.example>",
          "着信お知らせメール");

  static final Instant NOW = Instant.parse("2026-11-25T14:59:08Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** The notice of the sample in SPEC §5. */
  static final CallNotice SAMPLE =
      new CallNotice("2006/01/02 15:04:05", "0612345678", "", 10, "応答なし");

  private MailFixtures() {}
}
