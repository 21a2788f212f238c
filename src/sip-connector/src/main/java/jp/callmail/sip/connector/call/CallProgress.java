package jp.callmail.sip.connector.call;

import jp.callmail.sip.api.CallOutcome;

/**
 * What the responses to one INVITE say about its outcome, fed in the order they arrive.
 *
 * <p>Diversion wins over everything: a call that was forwarded (3xx, 181, or a response carrying
 * {@code History-Info} or {@code Diversion}) is 転送 even when the forwarded leg was answered, since
 * the subscriber's own phone did not take it. Otherwise a 2xx is 通話 and every other end
 * (CANCEL/487, 4xx-6xx, timer C) is 応答なし.
 */
public final class CallProgress {

  private boolean diverted;
  private boolean answered;
  private boolean ended;

  /** A provisional response (101-199). */
  public void provisional(int status, boolean carriesDiversion) {
    if (status == 181 || carriesDiversion) {
      diverted = true;
    }
  }

  /**
   * A final response.
   *
   * @return true if this ends the call's ringing phase (the first final response)
   */
  public boolean finalResponse(int status, boolean carriesDiversion) {
    if (ended) {
      return false;
    }
    ended = true;
    if (status >= 300 && status < 400 || carriesDiversion) {
      diverted = true;
    }
    answered = status >= 200 && status < 300;
    return true;
  }

  /**
   * The call ended without a final response: the caller's CANCEL, timer C, or a transaction
   * timeout.
   *
   * @return true if this ends the call's ringing phase
   */
  public boolean abandoned() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }

  public boolean isEnded() {
    return ended;
  }

  public CallOutcome outcome() {
    if (diverted) {
      return CallOutcome.FORWARDED;
    }
    return answered ? CallOutcome.ANSWERED : CallOutcome.NOT_ANSWERED;
  }
}
