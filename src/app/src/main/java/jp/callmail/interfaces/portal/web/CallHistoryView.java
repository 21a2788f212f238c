package jp.callmail.interfaces.portal.web;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import jp.callmail.application.CallLogQueries;
import jp.callmail.application.Views.CallView;

/**
 * 着信履歴: the line's recent calls, each with its mails' delivery states, so that "I enabled it but
 * nothing arrives" can be answered by the subscriber.
 */
@Named
@RequestScoped
public class CallHistoryView {

  static final int LIMIT = 50;

  @Inject private CallLogQueries callLog;

  private List<CallView> calls;

  @PostConstruct
  void load() {
    calls = callLog.recentCalls(PortalSession.currentLine(), LIMIT);
  }

  public List<CallView> getCalls() {
    return calls;
  }

  public int getLimit() {
    return LIMIT;
  }
}
