package jp.callmail.interfaces.portal.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import jp.callmail.application.LineSettingsService;
import jp.callmail.application.MailService;
import jp.callmail.application.Views.MailView;
import jp.callmail.application.Views.RecipientView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.application.Views.TestMailRequest;
import jp.callmail.domain.model.RuleViolation;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * 送信先メールアドレス登録/確認: five rows of address, 送信する, mail form and charset, each with テストメールを送信する, which
 * hands a test mail to the mail server at once and shows its answer.
 */
@Named
@ViewScoped
public class RecipientsView implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int ROWS = 5;

  @Inject private LineSettingsService settings;
  @Inject private MailService mail;

  /**
   * The mail sender (callmail.mail.sender); read, not injected, as a view-scoped bean must
   * passivate.
   */
  private String sender;

  private final List<Row> rows = new ArrayList<>();

  /** One on-screen row. */
  public static class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int number;
    private String address = "";

    /** Unchecked on a new row: nothing is mailed to an address until the subscriber says so. */
    private boolean send;

    private String form = "PC";
    private String charset = "UTF-8";
    private String testResult;
    private boolean testAccepted;
    private String error;

    Row(int number) {
      this.number = number;
    }

    public int getNumber() {
      return number;
    }

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address == null ? "" : address.strip();
    }

    public boolean isSend() {
      return send;
    }

    public void setSend(boolean send) {
      this.send = send;
    }

    public String getForm() {
      return form;
    }

    public void setForm(String form) {
      this.form = form;
    }

    public String getCharset() {
      return charset;
    }

    public void setCharset(String charset) {
      this.charset = charset;
    }

    public String getTestResult() {
      return testResult;
    }

    public boolean isTestAccepted() {
      return testAccepted;
    }

    /** What is wrong with this row's address after the last 設定, or null. */
    public String getError() {
      return error;
    }
  }

  @PostConstruct
  void load() {
    sender =
        ConfigProvider.getConfig()
            .getOptionalValue("callmail.mail.sender", String.class)
            .orElse("noreply@callmail.test");
    List<RecipientView> saved =
        settings.settings(PortalSession.currentLine(), PortalSession.currentOption()).recipients();
    for (int i = 0; i < ROWS; i++) {
      Row row = new Row(i + 1);
      if (i < saved.size()) {
        RecipientView r = saved.get(i);
        row.address = r.address();
        row.send = r.send();
        row.form = r.form();
        row.charset = r.charset();
      }
      rows.add(row);
    }
  }

  public void save() {
    List<RecipientView> filled = new ArrayList<>();
    List<Integer> screenRows = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (!row.address.isEmpty()) {
        filled.add(new RecipientView(row.address, row.send, row.form, row.charset));
        screenRows.add(i);
      }
    }
    rows.forEach(r -> r.error = null);
    try {
      LineSettingsService.SavedSettings saved =
          settings.replaceBySubscriber(
              PortalSession.currentLine(),
              PortalSession.currentOption(),
              new SettingsView(null, filled, null, null));
      Messages.info("settings.saved");
      Messages.silent(saved.silentReasons());
    } catch (RuleViolation v) {
      Messages.violations(v, screenRows, (row, why) -> rows.get(row).error = why);
    }
  }

  /** テストメールを送信する for one row, with what the row shows now (saved or not). */
  public void sendTest(Row row) {
    row.testResult = null;
    if (row.address.isEmpty()) {
      Messages.fieldError(
          Messages.label("recipients[" + (row.number - 1) + "].address"), "rule.required");
      row.testAccepted = false;
      row.testResult = Messages.text("rule.required");
      return;
    }
    try {
      MailView sent =
          mail.sendTestMail(
              PortalSession.currentLine(),
              new TestMailRequest(
                  row.address,
                  row.form,
                  row.charset,
                  PortalSession.parameter(PortalSession.currentOption())));
      row.testAccepted = "SENT".equals(sent.status());
      String reply = sent.lastReply() == null ? "" : sent.lastReply();
      String key =
          switch (sent.status()) {
            case "SENT" -> "recipients.test.sent";
            case "FAILED" -> "recipients.test.failed";
            default -> "recipients.test.retrying";
          };
      row.testResult = Messages.text(key, row.address, reply);
      if (row.testAccepted) {
        Messages.info(key, row.address, reply);
      } else {
        Messages.warn(key, row.address, reply);
      }
    } catch (RuleViolation v) {
      String field =
          "address".equals(v.field()) ? "recipients[" + (row.number - 1) + "].address" : v.field();
      Messages.violation(new RuleViolation(field, v.rule(), v.getMessage()));
      row.testAccepted = false;
      String rule = Messages.text("rule." + v.rule());
      row.testResult = rule != null ? rule : v.getMessage();
    }
  }

  /** The domain subscribers must allow in their carrier's spam filter. */
  public String getSenderDomain() {
    return senderDomain(sender);
  }

  /**
   * The domain of the configured sender ({@code callmail.mail.sender}), which may carry a display
   * name ({@code "callmail" <noreply@example.jp>}, {@code 着信お知らせ <noreply@example.jp>}) or a
   * comment ({@code noreply@example.jp (callmail)}): the domain of the address itself, never of an
   * {@code @} in the name.
   */
  static String senderDomain(String sender) {
    String address;
    try {
      address = new InternetAddress(sender, false).getAddress();
    } catch (AddressException e) {
      address = sender; // MailSettings refuses such a sender at start-up; show what is there
    }
    address = address == null ? "" : address.strip();
    return address.substring(address.lastIndexOf('@') + 1);
  }

  public List<Row> getRows() {
    return rows;
  }
}
