package jp.callmail.interfaces.portal.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import jp.callmail.application.LineSettingsService;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.domain.model.RuleViolation;

/**
 * 開始/停止設定 of the session's option. Starting without a registered address is refused by the line
 * itself.
 */
@Named
@ViewScoped
public class StartStopView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private LineSettingsService settings;

  private boolean active;
  private String choice;

  @PostConstruct
  void load() {
    active =
        Boolean.TRUE.equals(
            settings.settings(PortalSession.currentLine(), PortalSession.currentOption()).active());
    choice = active ? "start" : "stop";
  }

  public void save() {
    boolean start = "start".equals(choice);
    try {
      LineSettingsService.SavedSettings saved =
          settings.replaceBySubscriber(
              PortalSession.currentLine(),
              PortalSession.currentOption(),
              new SettingsView(start, null, null, null));
      active = Boolean.TRUE.equals(saved.settings().active());
      Messages.info(active ? "startstop.started" : "startstop.stopped");
      Messages.silent(saved.silentReasons());
    } catch (RuleViolation v) {
      Messages.violation(v);
    }
  }

  public boolean isActive() {
    return active;
  }

  public String getChoice() {
    return choice;
  }

  public void setChoice(String choice) {
    this.choice = choice;
  }
}
