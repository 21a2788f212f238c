package jp.callmail.interfaces.portal.web;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import jp.callmail.application.LineSettingsService;
import jp.callmail.application.Views.DesignatedCallerView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.domain.model.RuleViolation;

/** 発信電話番号指定通知設定: 30 rows of caller number and 設定する. */
@Named
@ViewScoped
public class DesignatedCallersView implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int ROWS = 30;

  @Inject private LineSettingsService settings;

  private final List<Row> rows = new ArrayList<>();
  private boolean filterEnabled;

  /** One on-screen row. */
  public static class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int number;
    private String caller = "";
    private boolean enabled = true;
    private String error;

    Row(int number) {
      this.number = number;
    }

    public int getNumber() {
      return number;
    }

    public String getCaller() {
      return caller;
    }

    public void setCaller(String caller) {
      this.caller = caller == null ? "" : caller.strip();
    }

    /** What is wrong with this row's number after the last 設定, or null. */
    public String getError() {
      return error;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  @PostConstruct
  void load() {
    SettingsView current = settings.settings(PortalSession.currentLine());
    filterEnabled = current.conditions().designatedCallersOnly();
    List<DesignatedCallerView> saved = current.designatedCallers();
    for (int i = 0; i < ROWS; i++) {
      Row row = new Row(i + 1);
      if (i < saved.size()) {
        row.caller = saved.get(i).number();
        row.enabled = saved.get(i).enabled();
      }
      rows.add(row);
    }
  }

  public void save() {
    List<DesignatedCallerView> filled = new ArrayList<>();
    List<Integer> screenRows = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (!row.caller.isEmpty()) {
        filled.add(new DesignatedCallerView(row.caller, row.enabled));
        screenRows.add(i);
      }
    }
    rows.forEach(r -> r.error = null);
    try {
      LineSettingsService.SavedSettings saved =
          settings.replaceBySubscriber(
              PortalSession.currentLine(), new SettingsView(null, null, null, filled));
      for (int i = 0; i < screenRows.size(); i++) {
        rows.get(screenRows.get(i)).caller =
            saved.settings().designatedCallers().get(i).number(); // normalised
      }
      Messages.info("settings.saved");
      Messages.silent(saved.silentReasons());
    } catch (RuleViolation v) {
      Messages.violations(v, screenRows, (row, why) -> rows.get(row).error = why);
    }
  }

  public boolean isFilterEnabled() {
    return filterEnabled;
  }

  public List<Row> getRows() {
    return rows;
  }
}
