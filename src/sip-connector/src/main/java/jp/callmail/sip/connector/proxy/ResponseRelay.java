package jp.callmail.sip.connector.proxy;

import java.text.ParseException;
import java.util.logging.Logger;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionState;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.connector.call.AnsweredCalls;

/**
 * Responses on their way back to the caller (RFC 3261 §16.7): through the paired server transaction
 * when there is one, statelessly for 2xx retransmissions and forks; the watched call learns each
 * response, and its record goes out once the final one is in. An answered watched call enters
 * {@link AnsweredCalls}, and the 2xx of its in-dialog INVITE or UPDATE may switch it to fax.
 */
final class ResponseRelay {

  private static final Logger LOG = Logger.getLogger(SipProxy.class.getName());

  private final SipProvider provider;
  private final OwnAddress own;
  private final Responder responder;
  private final CancelAndTimerC cancels;
  private final CallSink calls;
  private final AnsweredCalls answered;

  ResponseRelay(
      SipProvider provider,
      OwnAddress own,
      Responder responder,
      CancelAndTimerC cancels,
      CallSink calls,
      AnsweredCalls answered) {
    this.provider = provider;
    this.own = own;
    this.responder = responder;
    this.cancels = cancels;
    this.calls = calls;
    this.answered = answered;
  }

  void relay(ProxyTransaction pair, Response response) throws Exception {
    int status = response.getStatusCode();
    if (status == Response.TRYING) {
      // §16.7 step 5: 100 is never forwarded. It is a provisional response all the same, so a
      // CANCEL waiting for one may go now (§9.1, §16.10); only 101-199 reset timer C (§16.7 step
      // 2).
      synchronized (pair) {
        pair.provisionalReceived = true;
        cancels.sendPendingCancel(pair);
      }
      return;
    }
    boolean diversion =
        response.getHeader("History-Info") != null || response.getHeader("Diversion") != null;
    Response upstream = (Response) response.clone();
    upstream.removeFirst(ViaHeader.NAME);
    keepMethodCase(upstream, pair.server.getRequest());
    CallCompletedRecord completed = null;
    CallKindChange changed = null;
    try {
      synchronized (pair) {
        if (status < 200) {
          pair.provisionalReceived = true;
          if (pair.call != null) {
            pair.call.provisional(status, diversion, () -> SipMessages.sdpKind(response));
          }
          cancels.restartTimerC(pair);
          cancels.sendPendingCancel(pair);
        } else {
          pair.stopTimerC();
          if (pair.call != null) {
            completed =
                pair.call
                    .finalResponse(status, diversion, () -> SipMessages.sdpKind(response))
                    .orElse(null);
            if (completed != null && status < 300) {
              answered.answered(
                  completed.callId(),
                  completed.calledNumber(),
                  completed.kind(),
                  pair.call.lateT38Offer() ? cseqOf(response) : -1);
            }
          } else if (pair.offer != null && status < 300 && !pair.finalSent()) {
            changed =
                answered
                    .offerAnswered(pair.offer, () -> SipMessages.sdpKind(response))
                    .orElse(null);
          }
        }
        if (!pair.finalSent() && pair.server.getState() != TransactionState.TERMINATED) {
          if (status >= 200) {
            pair.finalStatus = status;
          }
          sendUpstream(pair, upstream);
        } else if (status >= 200 && status < 300) {
          provider.sendResponse(upstream); // a further 2xx after the first final: end to end
        }
      }
    } finally {
      if (completed != null) {
        calls.deliver(completed); // the call ended even when relaying its final response failed
      }
      if (changed != null) {
        calls.kindChanged(changed);
      }
    }
  }

  private static long cseqOf(Response response) {
    CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
    return cseq == null ? -1 : cseq.getSeqNumber();
  }

  /**
   * Sends a response on the caller's server transaction. The stack refuses some responses that a UA
   * must not send but a proxy still has to relay (a 200 to INVITE without Contact, a final response
   * whose From tag the callee changed). The caller must still learn how its request ended: a 2xx is
   * forwarded whatever it looks like (§16.7 step 10), so one the transaction refuses goes
   * statelessly and ends the transaction; any other final response the transaction refuses is
   * replaced by the proxy's own with the same status. A refused provisional response is dropped.
   * Holds the pair's lock.
   */
  private void sendUpstream(ProxyTransaction pair, Response upstream)
      throws SipException, InvalidArgumentException {
    try {
      pair.server.sendResponse(upstream);
      return;
    } catch (SipException refused) {
      int status = upstream.getStatusCode();
      LOG.info(
          () ->
              "Next hop's "
                  + status
                  + " "
                  + SipMessages.callIdOf(upstream)
                  + " refused by the transaction ("
                  + refused.getMessage()
                  + ")"
                  + (status < 200 ? ": dropped" : ": the caller is answered all the same"));
      if (status < 200) {
        return;
      }
      if (status < 300) {
        provider.sendResponse(upstream);
        cancels.endServerTransaction(pair);
      } else {
        responder.tryRespond(
            pair.server, pair.server.getRequest(), status, upstream.getReasonPhrase());
      }
    }
  }

  /**
   * The stack writes every CSeq method in upper case, so an extension method in mixed case (RFC
   * 4475 §3.1.1.2) comes back from the next hop in another case than the request that made our
   * server transaction, which then refuses the response. Methods are case-sensitive: use ours.
   */
  private static void keepMethodCase(Response upstream, Request original) throws ParseException {
    CSeqHeader cseq = (CSeqHeader) upstream.getHeader(CSeqHeader.NAME);
    if (cseq != null
        && original != null
        && !cseq.getMethod().equals(original.getMethod())
        && cseq.getMethod().equalsIgnoreCase(original.getMethod())) {
      cseq.setMethod(original.getMethod());
    }
  }

  void relayStateless(Response response) throws SipException {
    ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
    if (top == null || !own.isOwn(top)) {
      return; // §16.7 step 1: not sent through us, so not ours to forward
    }
    if (response.getStatusCode() < 200 && !OwnAddress.isStatelessBranch(top.getBranch())) {
      // A provisional response for an INVITE whose transaction ended with a 2xx: a late 18x from
      // another fork, or one the stack's threads handed over after the 2xx that followed it.
      // Relayed now it would reach the caller after the final response.
      LOG.fine(
          () -> "Dropped late " + response.getStatusCode() + " " + SipMessages.callIdOf(response));
      return;
    }
    Response upstream = (Response) response.clone();
    upstream.removeFirst(ViaHeader.NAME);
    if (upstream.getHeader(ViaHeader.NAME) != null) {
      provider.sendResponse(upstream);
    }
  }
}
