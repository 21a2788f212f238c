package jp.callmail.interfaces.portal.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import jp.callmail.application.LineSettingsService;
import jp.callmail.application.Views.ConditionsView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.domain.model.RuleViolation;

/** メール送信条件設定: the two independent check boxes of SPEC §4. */
@Named
@ViewScoped
public class MailConditionsView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private LineSettingsService settings;

  private boolean designatedCallersOnly;
  private boolean unansweredOnly;

  @PostConstruct
  void load() {
    ConditionsView c = settings.settings(PortalSession.currentLine()).conditions();
    designatedCallersOnly = c.designatedCallersOnly();
    unansweredOnly = c.unansweredOnly();
  }

  public void save() {
    try {
      LineSettingsService.SavedSettings saved =
          settings.replaceBySubscriber(
              PortalSession.currentLine(),
              new SettingsView(
                  null, null, new ConditionsView(designatedCallersOnly, unansweredOnly), null));
      Messages.info("settings.saved");
      Messages.silent(saved.silentReasons());
    } catch (RuleViolation v) {
      Messages.violation(v);
    }
  }

  public boolean isDesignatedCallersOnly() {
    return designatedCallersOnly;
  }

  public void setDesignatedCallersOnly(boolean designatedCallersOnly) {
    this.designatedCallersOnly = designatedCallersOnly;
  }

  public boolean isUnansweredOnly() {
    return unansweredOnly;
  }

  public void setUnansweredOnly(boolean unansweredOnly) {
    this.unansweredOnly = unansweredOnly;
  }
}
