package jp.callmail.sip.connector.proxy;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import jp.callmail.sip.connector.call.AnsweredCalls;
import jp.callmail.sip.connector.call.TrackedCall;

/**
 * One forwarded request: the server transaction toward the caller paired with the client
 * transaction toward the next hop (the JAIN-SIP proxy pattern), plus what §16.8 and §16.10 need to
 * remember about it. Guarded by its own monitor; responses, CANCEL and timer C race for it.
 */
final class ProxyTransaction {

  final ServerTransaction server;
  final String cancelKey;
  final TrackedCall call;

  /** The offer of an in-dialog INVITE or UPDATE of an answered watched call, else null. */
  final AnsweredCalls.Offer offer;

  ClientTransaction client;
  boolean provisionalReceived;
  boolean cancelRequested;
  boolean cancelSent;
  int finalStatus;
  ProxyScheduler.Cancellable timerC;

  ProxyTransaction(
      ServerTransaction server, String cancelKey, TrackedCall call, AnsweredCalls.Offer offer) {
    this.server = server;
    this.cancelKey = cancelKey;
    this.call = call;
    this.offer = offer;
  }

  boolean finalSent() {
    return finalStatus >= 200;
  }

  void stopTimerC() {
    if (timerC != null) {
      timerC.cancel();
      timerC = null;
    }
  }
}
