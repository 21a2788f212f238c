package jp.callmail.interfaces.operator.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import jp.callmail.application.DeadLetters;
import jp.callmail.application.Views.DeadLetterPage;
import jp.callmail.application.Views.DeadLetterView;
import jp.callmail.domain.model.RuleViolation;

/**
 * 未記録の着信 (dead letters): completed-call records the application refused, oldest first, each with
 * 再処理 to record it again once the cause (named in its reason) is removed.
 */
@Named
@ViewScoped
public class DeadLettersView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private DeadLetters deadLetters;

  private DeadLetterPage page;

  public void load() {
    page = deadLetters.open(0, DeadLetters.MAX_PAGE);
  }

  public String retry(long id) {
    try {
      DeadLetterView done = deadLetters.retry(id);
      ConsoleMessages.info("dead.retried", done.calledNumber(), done.resolution());
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    }
    return "/console/dead-letters.xhtml?faces-redirect=true";
  }

  public DeadLetterPage getPage() {
    return page;
  }
}
