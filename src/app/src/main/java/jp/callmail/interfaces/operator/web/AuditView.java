package jp.callmail.interfaces.operator.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import jp.callmail.application.AuditLog;
import jp.callmail.domain.model.RuleViolation;

/**
 * The audit log, newest first, a page at a time: of one line or contract when a target is given
 * ({@code ?target=}), else the recent activity of every target, so an operator can see what
 * subscribers, the IVR and colleagues did lately without knowing where to look.
 */
@Named
@ViewScoped
public class AuditView implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int PAGE = 50;

  @Inject private AuditLog audit;

  private String target;
  private int offset;
  private AuditLog.Page page;

  /** On opening the page: the target's entries, or the recent activity. */
  public void open() {
    offset = 0;
    load();
  }

  public void search() {
    offset = 0;
    load();
  }

  public void recent() {
    target = null;
    offset = 0;
    load();
  }

  public void next() {
    if (page != null && offset + PAGE < page.total()) {
      offset += PAGE;
      load();
    }
  }

  public void previous() {
    offset = Math.max(0, offset - PAGE);
    load();
  }

  private void load() {
    try {
      page =
          target == null || target.isBlank()
              ? audit.recent(offset, PAGE)
              : audit.page(target.strip(), offset, PAGE);
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
  }

  /** An action's name in the console's language (its code if the bundle has none). */
  public String action(String code) {
    String text = ConsoleMessages.text("audit.action." + code);
    return text.equals("audit.action." + code) ? code : text;
  }

  /** "1–50 / 123 件": where this page is in the whole. */
  public String getPosition() {
    if (page == null) {
      return "";
    }
    long first = page.entries().isEmpty() ? 0 : page.offset() + 1;
    return ConsoleMessages.text(
        "audit.page", first, page.offset() + page.entries().size(), page.total());
  }

  public boolean isRecentMode() {
    return page != null && page.target() == null;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public AuditLog.Page getPage() {
    return page;
  }
}
