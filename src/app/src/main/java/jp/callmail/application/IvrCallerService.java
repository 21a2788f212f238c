package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.logging.Logger;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.domain.model.credential.PasswordRules;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrLine;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.TemporaryPasswordOutcome;

/**
 * What the temporary-password IVR (SPEC §6) asks of the application: which lines a caller may act
 * on, and setting a line's temporary password. The second question re-checks the first inside its
 * own transaction, so a line cancelled or an authentication number removed mid-call is honoured.
 */
@ApplicationScoped
@Transactional
public class IvrCallerService {

  private static final Logger LOG = Logger.getLogger(IvrCallerService.class.getName());

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private SubscriberAuthService auth;

  @Inject private AuditLog audit;

  /**
   * The caller's own line, if it is one, and the lines that list it as an authentication number.
   */
  public IvrCaller caller(String callerNumber) {
    List<IvrLine> lines =
        linesFor(callerNumber).stream()
            .map(l -> new IvrLine(l.getPhoneNumber(), l.isCallMail(), l.isFaxMail()))
            .toList();
    IvrCaller caller = new IvrCaller(callerNumber, lines);
    LOG.info(
        () ->
            "IVR caller "
                + callerNumber
                + (caller.isRefused()
                    ? " refused: not a service line or authentication number"
                    : " may act on " + lines.stream().map(IvrLine::number).toList()));
    return caller;
  }

  public TemporaryPasswordOutcome setTemporaryPassword(
      String lineNumber, IvrService service, String temporaryPassword, String callerNumber) {
    ServiceLine line =
        linesFor(callerNumber).stream()
            .filter(l -> l.getPhoneNumber().equals(lineNumber))
            .findFirst()
            .orElse(null);
    if (line == null || !(service == IvrService.FAX_MAIL ? line.isFaxMail() : line.isCallMail())) {
      LOG.warning(
          () ->
              "IVR caller "
                  + callerNumber
                  + " may not set the "
                  + service
                  + " password of "
                  + lineNumber);
      return TemporaryPasswordOutcome.NOT_ALLOWED;
    }
    if (!PasswordRules.isValidTemporary(temporaryPassword)) {
      return TemporaryPasswordOutcome.INVALID_PASSWORD;
    }
    try {
      auth.setTemporaryPassword(
          lineNumber,
          service == IvrService.FAX_MAIL ? ServiceOption.FAX_MAIL : ServiceOption.CALL_MAIL,
          temporaryPassword,
          callerNumber);
    } catch (RuleViolation e) {
      return TemporaryPasswordOutcome.INVALID_PASSWORD;
    }
    audit.record(
        "ivr:" + callerNumber,
        "temporary-password.set",
        lineNumber,
        "電話で仮パスワードを設定("
            + (service == IvrService.FAX_MAIL ? "FAXお知らせメール" : "着信お知らせメール")
            + "、有効期間 24 時間、ロックを解除)");
    return TemporaryPasswordOutcome.SET;
  }

  private List<ServiceLine> linesFor(String callerNumber) {
    if (callerNumber == null || !callerNumber.matches("0\\d{9,10}")) {
      return List.of();
    }
    return em.createNamedQuery(ServiceLine.FOR_IVR_CALLER, ServiceLine.class)
        .setParameter("number", callerNumber)
        .getResultList();
  }
}
