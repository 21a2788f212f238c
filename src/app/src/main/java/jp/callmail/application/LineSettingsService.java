package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.callmail.application.Views.ConditionsView;
import jp.callmail.application.Views.DesignatedCallerView;
import jp.callmail.application.Views.RecipientView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.line.DesignatedCallerSpec;
import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import jp.callmail.domain.model.line.RecipientSpec;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.operator.OperatorPermission;

/**
 * A line's subscriber settings (開始/停止, 送信先, 送信条件, 発信電話番号指定), with the same rules whether the portal
 * or the operator's API changes them: the entity enforces them.
 */
@ApplicationScoped
@Transactional
public class LineSettingsService {

  @Inject private ProvisioningService provisioning;
  @Inject private AuditLog audit;
  @Inject private Operators operators;

  public SettingsView settings(String number) {
    return view(provisioning.requireLine(number));
  }

  /**
   * Replaces the parts the input carries (null parts stay). Stopping comes first and starting last,
   * so one request can register an address and start, or stop and remove the last address.
   */
  public SettingsView replace(String number, SettingsView input) {
    ServiceLine line = provisioning.requireLine(number);
    if (input == null) {
      throw new RuleViolation("body", "required", "Send the settings as JSON");
    }
    if (Boolean.FALSE.equals(input.active())) {
      line.stop(); // first, so that the same request may remove the last address
    }
    if (input.recipients() != null) {
      List<RecipientSpec> specs = new ArrayList<>();
      for (int i = 0; i < input.recipients().size(); i++) {
        RecipientView r = input.recipients().get(i);
        if (r == null) {
          throw new RuleViolation(
              "recipients[" + i + "]", "required", "An empty recipient entry was sent");
        }
        specs.add(
            new RecipientSpec(
                r.address(),
                r.send(),
                form("recipients[" + i + "].form", r.form()),
                charset("recipients[" + i + "].charset", r.charset())));
      }
      line.replaceRecipients(specs);
    }
    if (input.designatedCallers() != null) {
      List<DesignatedCallerSpec> specs = new ArrayList<>();
      for (int i = 0; i < input.designatedCallers().size(); i++) {
        DesignatedCallerView d = input.designatedCallers().get(i);
        if (d == null) {
          throw new RuleViolation(
              "designatedCallers[" + i + "]", "required", "An empty caller entry was sent");
        }
        specs.add(new DesignatedCallerSpec(d.number(), d.enabled()));
      }
      line.replaceDesignatedCallers(specs);
    }
    if (input.conditions() != null) {
      line.changeConditions(
          input.conditions().designatedCallersOnly(), input.conditions().unansweredOnly());
    }
    if (Boolean.TRUE.equals(input.active())) {
      line.start();
    }
    return view(line);
  }

  /**
   * As {@link #replace}, done by an operator through the API: audit-logged with before and after.
   */
  public SettingsView replaceByOperator(String number, SettingsView input) {
    operators.require(OperatorPermission.ADMIN);
    SettingsView before = view(provisioning.requireLine(number));
    SettingsView after = replace(number, input);
    if (!after.equals(before)) {
      audit.record(
          operators.current(),
          "line.settings",
          provisioning.requireLine(number).getPhoneNumber(),
          SettingsChange.describe(before, after));
    }
    return after;
  }

  /**
   * As {@link #replace}, done by the subscriber in the portal: audit-logged as {@code
   * subscriber:<number>} with what changed, so the operator can answer "who turned my mail off?".
   *
   * @return the saved settings and why, if at all, no call would be mailed now
   */
  public SavedSettings replaceBySubscriber(String number, SettingsView input) {
    ServiceLine line = provisioning.requireLine(number);
    SettingsView before = view(line);
    if (Boolean.TRUE.equals(input.active()) && !Boolean.TRUE.equals(before.active())) {
      SettingsView merged = withInput(before, input);
      if (!merged.recipients().isEmpty()
          && DeliveryReadiness.reasons(merged).contains(DeliveryReadiness.NO_SENDING_ADDRESS)) {
        throw new RuleViolation(
            "active",
            "no-sending-address",
            "No registered address has 送信する checked, so no mail would be sent (送信するアドレスがありません)");
      }
    }
    SettingsView after = replace(number, input);
    if (!after.equals(before)) {
      audit.record(
          Operators.subscriber(line.getPhoneNumber()),
          "line.settings",
          line.getPhoneNumber(),
          SettingsChange.describe(before, after));
    }
    return new SavedSettings(after, DeliveryReadiness.reasons(after));
  }

  /**
   * Settings as saved, and the reasons (codes of {@link DeliveryReadiness}) no mail would be sent;
   * empty if mail would go.
   */
  public record SavedSettings(SettingsView settings, List<String> silentReasons) {}

  /** Why a line's calls would make no mail now (codes of {@link DeliveryReadiness}). */
  public List<String> silentReasons(String number) {
    return DeliveryReadiness.reasons(settings(number));
  }

  private static SettingsView withInput(SettingsView current, SettingsView input) {
    return new SettingsView(
        input.active() != null ? input.active() : current.active(),
        input.recipients() != null ? input.recipients() : current.recipients(),
        input.conditions() != null ? input.conditions() : current.conditions(),
        input.designatedCallers() != null
            ? input.designatedCallers()
            : current.designatedCallers());
  }

  static MailForm form(String field, String value) {
    if (value == null || value.isBlank()) {
      return MailForm.PC;
    }
    try {
      return MailForm.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(
          field, "mail-form", "The mail form is PC or MOBILE, not '" + value + "'");
    }
  }

  static MailCharset charset(String field, String value) {
    if (value == null || value.isBlank()) {
      return MailCharset.UTF_8;
    }
    String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return MailCharset.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(
          field, "charset", "The charset is UTF-8 or ISO-2022-JP, not '" + value + "'");
    }
  }

  static SettingsView view(ServiceLine line) {
    return new SettingsView(
        line.isActive(),
        line.getRecipients().stream()
            .map(
                r ->
                    new RecipientView(
                        r.getAddress(),
                        r.isSendEnabled(),
                        r.getForm().name(),
                        r.getCharset().mimeName()))
            .toList(),
        new ConditionsView(line.isDesignatedOnly(), line.isUnansweredOnly()),
        line.getDesignatedCallers().stream()
            .map(d -> new DesignatedCallerView(d.getNumber(), d.isEnabled()))
            .toList());
  }
}
