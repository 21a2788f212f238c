package jp.callmail.sip.connector.stack;

import gov.nist.core.CommonLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.ServerResponseInterface;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.PeerUnavailableException;

/**
 * jain-sip's stack, finding a CANCEL's transaction and a stray response's transaction by key
 * instead of comparing the message with every transaction it holds.
 *
 * <p>jain-sip-ri 1.3.0-91 keys its transaction tables by the top Via's branch (lower case; a CANCEL
 * transaction's key adds ":cancel"), but it looks two things up by scanning a whole table:
 *
 * <ul>
 *   <li>the INVITE a received CANCEL cancels ({@code findCancelTransaction}, called by the stack's
 *       {@code DialogFilter} for each CANCEL before the listener sees it): every server transaction
 *       is compared with the CANCEL;
 *   <li>the client transaction of a response that matches none ({@code newSIPServerResponse}):
 *       every retransmitted 2xx to an INVITE whose client transaction ended with the first 2xx, and
 *       every late response, is compared with every client transaction before it reaches the
 *       listener without one.
 * </ul>
 *
 * At a thousand calls a second the stack holds tens of thousands of transactions, and the two scans
 * took a quarter of the proxy's CPU in the benchmark's profile. A branch that starts with the magic
 * cookie z9hG4bK identifies the transaction (RFC 3261 §8.1.1.7): a CANCEL matches the server
 * transaction whose request had the same branch, sent-by and a method other than CANCEL (§9.2,
 * §17.2.3), and a response matches the client transaction with its branch and CSeq method
 * (§17.1.3), which is the one the table holds under that key or none. Only an RFC 2543 message (no
 * magic cookie) still goes through the stock scan, whose matching rules are the old ones.
 *
 * <p>{@code SipProxyServer} creates the stack as this class; {@link #fallbackScans()} counts the
 * scans that remain (for tests and statistics).
 */
public final class KeyedTransactionStack extends SipStackImpl {

  private static final StackLogger LOG = CommonLogger.getLogger(SIPTransactionStack.class);
  private static final String MAGIC_COOKIE = "z9hG4bK";

  private final LongAdder fallbackScans = new LongAdder();

  public KeyedTransactionStack(Properties configuration) throws PeerUnavailableException {
    super(configuration);
  }

  /**
   * The transaction a CANCEL cancels: by its branch's key when the branch has the magic cookie,
   * else by the stock scan (RFC 2543 rules: Request-URI, tags, Call-ID, CSeq and top Via).
   */
  @Override
  public SIPTransaction findCancelTransaction(SIPRequest cancel, boolean isServer) {
    String key = rfc3261Key(cancel);
    if (key == null) {
      fallbackScans.increment();
      return super.findCancelTransaction(cancel, isServer);
    }
    SIPTransaction candidate =
        isServer ? serverTransactionTable.get(key) : clientTransactionTable.get(key);
    return candidate != null && candidate.doesCancelMatchTransaction(cancel) ? candidate : null;
  }

  /**
   * A response with a magic-cookie branch that no client transaction holds goes to the listener
   * without one (as the stock method does once its scan has found nothing); all others take the
   * stock path.
   */
  @Override
  public ServerResponseInterface newSIPServerResponse(
      SIPResponse response, MessageChannel channel) {
    if (sipMessageValves.isEmpty() && response.getTopmostVia() != null) {
      String branch = response.getTopmostVia().getBranch();
      if (hasMagicCookie(branch)
          && clientTransactionTable.get(response.getTransactionId()) == null) {
        if (LOG.isLoggingEnabled(StackLogger.TRACE_INFO)) {
          channel.logResponse(response, System.currentTimeMillis(), "before processing");
        }
        return sipMessageFactory.newSIPServerResponse(response, channel);
      }
      if (!hasMagicCookie(branch)) {
        SIPTransaction keyed = clientTransactionTable.get(response.getTransactionId());
        if (keyed == null || !keyed.isMessagePartOfTransaction(response)) {
          fallbackScans.increment(); // an RFC 2543 response: the stock path scans the table
        }
      }
    }
    return super.newSIPServerResponse(response, channel);
  }

  /** How many times a message was compared with a whole transaction table (RFC 2543 messages). */
  public long fallbackScans() {
    return fallbackScans.sum();
  }

  /** Datagrams received over UDP that wait for a worker thread now. */
  public int queuedDatagrams() {
    int queued = 0;
    for (MessageProcessor processor : getMessageProcessors()) {
      if (processor instanceof BoundedUdpMessageProcessor udp) {
        queued += udp.lanes().size();
      }
    }
    return queued;
  }

  /** Datagrams received over UDP and dropped unhandled since start (queue full, or stale). */
  public long droppedDatagrams() {
    long dropped = 0;
    for (MessageProcessor processor : getMessageProcessors()) {
      if (processor instanceof BoundedUdpMessageProcessor udp) {
        dropped += udp.lanes().droppedFull() + udp.lanes().droppedStale();
      }
    }
    return dropped;
  }

  /**
   * The key under which the stack holds the transaction of the request a CANCEL cancels: its branch
   * in lower case, as {@code SIPMessage.getTransactionId()} makes it; null without the magic
   * cookie.
   */
  private static String rfc3261Key(SIPRequest cancel) {
    if (cancel.getTopmostVia() == null) {
      return null;
    }
    String branch = cancel.getTopmostVia().getBranch();
    return hasMagicCookie(branch) ? branch.toLowerCase() : null;
  }

  /** RFC 3261 §20.42: the cookie's case does not matter (the stack compares it ignoring case). */
  static boolean hasMagicCookie(String branch) {
    return branch != null && branch.regionMatches(true, 0, MAGIC_COOKIE, 0, MAGIC_COOKIE.length());
  }
}
