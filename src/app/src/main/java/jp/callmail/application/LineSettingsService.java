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
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.domain.model.operator.OperatorPermission;

/**
 * A line's subscriber settings, per option, with the same rules whether the portal or the
 * operator's API changes them: the entity enforces them. 着信お知らせメール has 開始/停止, 送信先, 送信条件 and
 * 発信電話番号指定; FAXお知らせメール has 開始/停止 and its own 送信先 (up to 5, 送信する, form and charset), and no
 * conditions: every fax call is its mail. Methods without an option are the call mail's.
 */
@ApplicationScoped
@Transactional
public class LineSettingsService {

  @Inject private ProvisioningService provisioning;
  @Inject private AuditLog audit;
  @Inject private Operators operators;

  public SettingsView settings(String number) {
    return settings(number, ServiceOption.CALL_MAIL);
  }

  /**
   * An option's settings; the fax option's have no {@code conditions} and no designated callers.
   */
  public SettingsView settings(String number, ServiceOption option) {
    return view(provisioning.requireLine(number), option);
  }

  /**
   * Replaces the parts the input carries (null parts stay). Stopping comes first and starting last,
   * so one request can register an address and start, or stop and remove the last address.
   */
  public SettingsView replace(String number, SettingsView input) {
    return replace(number, ServiceOption.CALL_MAIL, input);
  }

  /** As {@link #replace(String, SettingsView)} for an option's settings. */
  public SettingsView replace(String number, ServiceOption option, SettingsView input) {
    ServiceLine line = provisioning.requireLine(number);
    if (input == null) {
      throw new RuleViolation("body", "required", "Send the settings as JSON");
    }
    if (option == ServiceOption.FAX_MAIL) {
      if (input.conditions() != null) {
        throw new RuleViolation(
            "conditions",
            "not-for-fax-mail",
            "FAXお知らせメール has no mail conditions: every fax call is mailed (FAXお知らせメールには送信条件はありません)");
      }
      if (input.designatedCallers() != null) {
        throw new RuleViolation(
            "designatedCallers",
            "not-for-fax-mail",
            "FAXお知らせメール has no designated callers (FAXお知らせメールには発信電話番号指定はありません)");
      }
    }
    if (Boolean.FALSE.equals(input.active())) {
      line.stop(option); // first, so that the same request may remove the last address
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
      line.replaceRecipients(option, specs);
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
      line.start(option);
    }
    return view(line, option);
  }

  /**
   * As {@link #replace}, done by an operator through the API: audit-logged with before and after.
   */
  public SettingsView replaceByOperator(String number, SettingsView input) {
    return replaceByOperator(number, ServiceOption.CALL_MAIL, input);
  }

  /** As {@link #replaceByOperator(String, SettingsView)} for an option's settings. */
  public SettingsView replaceByOperator(String number, ServiceOption option, SettingsView input) {
    operators.require(OperatorPermission.ADMIN);
    SettingsView before = settings(number, option);
    SettingsView after = replace(number, option, input);
    if (!after.equals(before)) {
      audit.record(
          operators.current(),
          auditAction(option),
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
    return replaceBySubscriber(number, ServiceOption.CALL_MAIL, input);
  }

  /**
   * As {@link #replaceBySubscriber(String, SettingsView)} for an option's settings (the FAX portal
   * saves the fax option's).
   */
  public SavedSettings replaceBySubscriber(
      String number, ServiceOption option, SettingsView input) {
    ServiceLine line = provisioning.requireLine(number);
    SettingsView before = view(line, option);
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
    SettingsView after = replace(number, option, input);
    if (!after.equals(before)) {
      audit.record(
          Operators.subscriber(line.getPhoneNumber()),
          auditAction(option),
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
    return silentReasons(number, ServiceOption.CALL_MAIL);
  }

  /** Why a line's fax calls would make no mail of this option now. */
  public List<String> silentReasons(String number, ServiceOption option) {
    return DeliveryReadiness.reasons(settings(number, option));
  }

  /** The audit action of a settings change: {@code line.settings} or {@code line.fax-settings}. */
  static String auditAction(ServiceOption option) {
    return option == ServiceOption.CALL_MAIL ? "line.settings" : "line.fax-settings";
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

  /**
   * The option a request names: {@code call} (also {@code call-mail}, {@code CALL_MAIL}; the
   * default when absent) or {@code fax} ({@code fax-mail}, {@code FAX_MAIL}).
   */
  public static ServiceOption option(String field, String value) {
    if (value == null || value.isBlank()) {
      return ServiceOption.CALL_MAIL;
    }
    String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (v) {
      case "call", "call-mail" -> ServiceOption.CALL_MAIL;
      case "fax", "fax-mail" -> ServiceOption.FAX_MAIL;
      default ->
          throw new RuleViolation(
              field,
              "option",
              "The option is call (着信お知らせメール) or fax (FAXお知らせメール), not '" + value + "'");
    };
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
    return view(line, ServiceOption.CALL_MAIL);
  }

  static SettingsView view(ServiceLine line, ServiceOption option) {
    List<RecipientView> recipients =
        line.recipients(option).stream()
            .map(
                r ->
                    new RecipientView(
                        r.getAddress(),
                        r.isSendEnabled(),
                        r.getForm().name(),
                        r.getCharset().mimeName()))
            .toList();
    if (option == ServiceOption.FAX_MAIL) {
      return new SettingsView(line.isActive(option), recipients, null, null);
    }
    return new SettingsView(
        line.isActive(),
        recipients,
        new ConditionsView(line.isDesignatedOnly(), line.isUnansweredOnly()),
        line.getDesignatedCallers().stream()
            .map(d -> new DesignatedCallerView(d.getNumber(), d.isEnabled()))
            .toList());
  }
}
