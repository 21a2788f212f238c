package jp.callmail.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import jp.callmail.application.Views.ConditionsView;
import jp.callmail.application.Views.DesignatedCallerView;
import jp.callmail.application.Views.RecipientView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.domain.service.MailDecision;
import org.junit.jupiter.api.Test;

/**
 * Settings that would send nothing, how changes read in the audit log, and times on screen (issue
 * 14).
 */
class SettingsRulesTest {

  private static final RecipientView SENDING =
      new RecipientView("a@example.jp", true, "PC", "UTF-8");
  private static final RecipientView SILENT =
      new RecipientView("b@example.jp", false, "MOBILE", "ISO-2022-JP");

  @Test
  void settingsThatSendNothingSayWhy() {
    assertThat(
            DeliveryReadiness.reasons(
                new SettingsView(
                    true, List.of(SENDING), new ConditionsView(false, false), List.of())))
        .isEmpty();
    assertThat(
            DeliveryReadiness.reasons(
                new SettingsView(
                    true, List.of(SILENT), new ConditionsView(false, false), List.of())))
        .containsExactly(DeliveryReadiness.NO_SENDING_ADDRESS);
    assertThat(
            DeliveryReadiness.reasons(
                new SettingsView(
                    false,
                    List.of(SENDING),
                    new ConditionsView(true, false),
                    List.of(new DesignatedCallerView("0612345678", false)))))
        .containsExactly(DeliveryReadiness.STOPPED, DeliveryReadiness.NO_DESIGNATED_NUMBER);
  }

  @Test
  void aSettingsChangeReadsAsJapaneseWithOnlyWhatChanged() {
    SettingsView before =
        new SettingsView(false, List.of(), new ConditionsView(false, false), List.of());
    SettingsView after =
        new SettingsView(
            true, List.of(SENDING, SILENT), new ConditionsView(false, false), List.of());
    String detail = SettingsChange.describe(before, after);
    assertThat(detail)
        .isEqualTo(
            "開始/停止: 停止 → 開始; 送信先メールアドレス: なし → a@example.jp(送信する・パソコン・UTF-8)、"
                + "b@example.jp(送信しない・携帯電話・ISO-2022-JP)");
    assertThat(detail).doesNotContain("[", "View", "true");
  }

  @Test
  void timesOnScreenAreTokyoWithoutNanoseconds() {
    assertThat(ScreenTime.format("2026-12-03T02:59:05.618123176Z"))
        .isEqualTo("2026/12/03 11:59:05");
    assertThat(ScreenTime.format("2026-12-03T11:59:05+09:00")).isEqualTo("2026/12/03 11:59:05");
    assertThat(ScreenTime.format(Instant.parse("2026-12-31T15:00:00Z")))
        .isEqualTo("2027/01/01 00:00:00");
    assertThat(ScreenTime.format("2026/12/03 11:59:05")).isEqualTo("2026/12/03 11:59:05");
  }

  @Test
  void storedMailDecisionsReadBackAsCodes() {
    assertThat(MailDecisionCodes.code("mail to 2 addresses")).isEqualTo("send");
    assertThat(MailDecisionCodes.count("mail to 2 addresses")).isEqualTo(2);
    assertThat(MailDecisionCodes.code("no mail: " + MailDecision.CALLER_NOT_DESIGNATED.reason()))
        .isEqualTo("not-designated");
    assertThat(MailDecisionCodes.code("no mail: " + MailDecision.STOPPED.reason()))
        .isEqualTo("stopped");
    assertThat(MailDecisionCodes.code(MailDecisionCodes.NO_SENDING_ADDRESS_TEXT))
        .isEqualTo("no-sending-address");
    assertThat(MailDecisionCodes.code(null)).isEqualTo("none");
  }

  @Test
  void anOptionIsNamedAsPeopleWriteItAndAnythingElseIsRefusedByName() {
    assertThat(LineSettingsService.option("option", null))
        .isEqualTo(jp.callmail.domain.model.line.ServiceOption.CALL_MAIL);
    assertThat(LineSettingsService.option("option", " Fax "))
        .isEqualTo(jp.callmail.domain.model.line.ServiceOption.FAX_MAIL);
    assertThat(LineSettingsService.option("option", "FAX_MAIL"))
        .isEqualTo(jp.callmail.domain.model.line.ServiceOption.FAX_MAIL);
    assertThat(LineSettingsService.option("option", "call-mail"))
        .isEqualTo(jp.callmail.domain.model.line.ServiceOption.CALL_MAIL);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LineSettingsService.option("option", "telex"))
        .isInstanceOfSatisfying(
            jp.callmail.domain.model.RuleViolation.class,
            v -> {
              assertThat(v.field()).isEqualTo("option");
              assertThat(v.rule()).isEqualTo("option");
            });
  }

  @Test
  void aFaxSettingsChangeIsAuditedAsSuch() {
    assertThat(
            LineSettingsService.auditAction(jp.callmail.domain.model.line.ServiceOption.FAX_MAIL))
        .isEqualTo("line.fax-settings");
    assertThat(
            SettingsChange.describe(
                new SettingsView(false, List.of(), null, null),
                new SettingsView(true, List.of(SENDING), null, null)))
        .isEqualTo("開始/停止: 停止 → 開始; 送信先メールアドレス: なし → a@example.jp(送信する・パソコン・UTF-8)");
  }
}
