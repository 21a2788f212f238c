package jp.callmail.sip.connector.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.ObjectInUseException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The ends of a forwarded INVITE that no final response brings: a caller's CANCEL, answered here
 * and re-issued hop by hop (RFC 3261 §16.10), and timer C (§16.8), which gives up on a next hop
 * that answers too late or not at all. Each pending INVITE is found by its CANCEL's key (§9.2).
 */
final class CancelAndTimerC {

  private static final Logger LOG = Logger.getLogger(SipProxy.class.getName());

  /** 64*T1: how long a CANCELled branch may take to send its final response (RFC 3261 §9.1). */
  private static final Duration CANCEL_GUARD = Duration.ofSeconds(32);

  private final SipProvider provider;
  private final HeaderFactory headers;
  private final ProxySettings settings;
  private final ProxyScheduler scheduler;
  private final Responder responder;
  private final CallSink calls;
  private final Map<String, ProxyTransaction> invitesByCancelKey = new ConcurrentHashMap<>();

  CancelAndTimerC(
      SipProvider provider,
      HeaderFactory headers,
      ProxySettings settings,
      ProxyScheduler scheduler,
      Responder responder,
      CallSink calls) {
    this.provider = provider;
    this.headers = headers;
    this.settings = settings;
    this.scheduler = scheduler;
    this.responder = responder;
    this.calls = calls;
  }

  /** A forwarded INVITE: its CANCEL may come, and timer C starts. Holds the pair's lock. */
  void pending(ProxyTransaction pair) {
    invitesByCancelKey.put(pair.cancelKey, pair);
    pair.timerC = scheduler.schedule(() -> timerC(pair), settings.timerC());
  }

  /** The server transaction ended: no CANCEL can match it any more. */
  void forget(ProxyTransaction pair) {
    invitesByCancelKey.remove(pair.cancelKey, pair);
  }

  /** §16.10: answer the CANCEL here and cancel the pending client transaction ourselves. */
  void cancel(RequestEvent event) throws Exception {
    Request cancel = event.getRequest();
    ServerTransaction server = event.getServerTransaction();
    if (server == null) {
      SipMessages.ensureMaxForwards(cancel, headers);
      try {
        server = provider.getNewServerTransaction(cancel);
      } catch (TransactionAlreadyExistsException retransmission) {
        return;
      }
    }
    ProxyTransaction pair = invitesByCancelKey.get(SipMessages.cancelKey(cancel));
    if (pair == null) {
      responder.respond(server, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
      return;
    }
    responder.respond(server, cancel, Response.OK, null);
    synchronized (pair) {
      if (pair.call != null) {
        pair.call.cancelled();
      }
      pair.cancelRequested = true;
      sendPendingCancel(pair);
    }
  }

  /**
   * Sends CANCEL downstream once a provisional response makes it legal (§9.1). Holds the pair's
   * lock.
   */
  void sendPendingCancel(ProxyTransaction pair) {
    if (!pair.cancelRequested || pair.cancelSent || !pair.provisionalReceived || pair.finalSent()) {
      return;
    }
    pair.cancelSent = true;
    try {
      Request cancel = pair.client.createCancel();
      CancelTransactions.create(provider, pair.client, cancel).sendRequest();
    } catch (SipException e) {
      LOG.log(Level.INFO, () -> "Could not send CANCEL downstream: " + e.getMessage());
    }
    // §9.1: a cancelled branch that sends no final response within 64*T1 is given up on. Timer C
    // now guards that wait, so a next hop that ignores the CANCEL cannot leave the caller hanging.
    pair.stopTimerC();
    pair.timerC = scheduler.schedule(() -> timerC(pair), cancelGuard());
  }

  private Duration cancelGuard() {
    return settings.timerC().compareTo(CANCEL_GUARD) < 0 ? settings.timerC() : CANCEL_GUARD;
  }

  /** §16.8: no final response in time. */
  private void timerC(ProxyTransaction pair) {
    synchronized (pair) {
      pair.timerC = null;
      if (pair.finalSent()) {
        return;
      }
      LOG.fine(() -> "Timer C fired for " + pair.cancelKey);
      if (pair.call != null) {
        pair.call.cancelled();
      }
      if (pair.provisionalReceived && !pair.cancelSent) {
        pair.cancelRequested = true;
        sendPendingCancel(pair);
        return;
      }
      // No provisional response (§16.8: act as if a 408 arrived), or the CANCEL went unanswered.
      int status = pair.cancelRequested ? Response.REQUEST_TERMINATED : Response.REQUEST_TIMEOUT;
      pair.finalStatus = status;
      responder.tryRespond(pair.server, pair.server.getRequest(), status, null);
    }
    endWithoutFinal(pair);
  }

  void restartTimerC(ProxyTransaction pair) {
    if (pair.timerC != null && !pair.cancelSent) { // once CANCELled, the guard runs out regardless
      pair.stopTimerC();
      pair.timerC = scheduler.schedule(() -> timerC(pair), settings.timerC());
    }
  }

  /**
   * A server transaction the proxy answered around: it would otherwise wait for a final response.
   */
  void endServerTransaction(ProxyTransaction pair) {
    forget(pair);
    try {
      pair.server.terminate();
    } catch (ObjectInUseException e) {
      LOG.log(Level.FINE, e, () -> "Could not end the server transaction of " + pair.cancelKey);
    }
  }

  void endWithoutFinal(ProxyTransaction pair) {
    if (pair.call != null) {
      pair.call.abandoned().ifPresent(calls::deliver);
    }
  }
}
