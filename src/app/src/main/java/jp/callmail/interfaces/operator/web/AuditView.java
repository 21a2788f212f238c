package jp.callmail.interfaces.operator.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import jp.callmail.application.AuditLog;
import jp.callmail.domain.model.RuleViolation;

/** The audit log of a line or contract, newest first, a page at a time. */
@Named
@ViewScoped
public class AuditView implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int PAGE = 50;

  @Inject private AuditLog audit;

  private String target;
  private int offset;
  private AuditLog.Page page;

  public void search() {
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
      page = audit.page(target == null || target.isBlank() ? null : target.strip(), offset, PAGE);
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
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
