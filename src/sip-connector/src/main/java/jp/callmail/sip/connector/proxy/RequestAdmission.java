package jp.callmail.sip.connector.proxy;

import gov.nist.javax.sip.RequestEventExt;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.RequestEvent;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import jp.callmail.sip.connector.logging.RateLimitedLog;

/**
 * Decides, before the proxy makes any transaction for it, whether a request that starts no call is
 * handled at all; a request that is not gets a stateless 503 with Retry-After.
 *
 * <p>New INVITEs already meet the proxy's transaction guard (callmail.sip.max-server-transactions,
 * in {@link SipProxy}); every other new request used to be admitted without limit, so a flood of
 * OPTIONS, REGISTER or MESSAGE filled the transaction table and the threads that the calls need.
 * Here an out-of-dialog request other than INVITE, ACK and CANCEL must find the table below the
 * same limit, and its source address within a token bucket ({@link Settings}: a steady rate and a
 * burst). In-dialog requests (To tag), ACK and CANCEL finish work in progress and always pass, as
 * do requests that the stack matched to an existing transaction (retransmissions it absorbs).
 *
 * <p>Every new request, INVITE included, is also shed when it is late: it waited in the stack's UDP
 * queue over 500 ms (T1) while the queue has been behind for two seconds ({@code ReceptionDelay}).
 * The proxy then cannot keep up, and a new call it took on would wait as long for each of its
 * messages, past the caller's retransmissions. The queue hands messages of calls in progress to the
 * workers before new work, so the wait of new requests is the first to grow under overload, and
 * answering them 503 at once (instead of working on calls that time out anyway) keeps the proxy
 * completing the calls it can (RFC 6357 §3). A burst, or a pause of a second, refuses nothing.
 *
 * <p>RFC 3261 §21.5.4: "The server is temporarily unable to process the request due to a temporary
 * overloading or maintenance of the server. The server MAY indicate when the client should retry
 * the request in a Retry-After header field." RFC 6357 adds that rejecting must cost the server far
 * less than serving would, or the rejections become the overload: so the 503 is sent without a
 * transaction, and shedding is logged at most once a minute with a count ({@link RateLimitedLog}).
 * An ACK is never answered (RFC 3261 §17.1.1.3), so it is never shed.
 */
final class RequestAdmission {

  private static final Logger LOG = Logger.getLogger(RequestAdmission.class.getName());

  /** Sources with a bucket of their own; a flood from more (spoofed UDP) shares one bucket. */
  static final int MAX_SOURCES = 10_000;

  private static final String OVERFLOW = "*";

  /**
   * @param ratePerSecond requests per second a source may send steadily; 0 turns the per-source
   *     limit off (the transaction guard remains)
   * @param burst how many a source may send at once after a quiet spell
   */
  record Settings(double ratePerSecond, int burst) {
    static final Settings DEFAULTS = new Settings(50, 200);

    Settings {
      if (ratePerSecond < 0 || burst < 1) {
        throw new IllegalArgumentException(
            "non-INVITE rate must be 0 or more and its burst at least 1, not "
                + ratePerSecond
                + "/s, burst "
                + burst);
      }
    }
  }

  /** Sends the stateless 503 (in production {@link Responder#respondOverloaded}). */
  @FunctionalInterface
  interface Shedder {
    void shed(Request request) throws Exception;
  }

  private final Settings settings;
  private final IntSupplier serverTransactions;
  private final int maxServerTransactions;
  private final Shedder shedder;
  private final LongSupplier nanoClock;
  private final LongSupplier lateMillis;
  private final RateLimitedLog log;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RequestAdmission(
      Settings settings,
      IntSupplier serverTransactions,
      int maxServerTransactions,
      Shedder shedder,
      LongSupplier nanoClock,
      LongSupplier lateMillis) {
    this.settings = settings;
    this.lateMillis = lateMillis;
    this.serverTransactions = serverTransactions;
    this.maxServerTransactions = maxServerTransactions;
    this.shedder = shedder;
    this.nanoClock = nanoClock;
    this.log = new RateLimitedLog(LOG, Level.WARNING, "shed SIP requests", 1, nanoClock);
  }

  /** Whether the proxy handles the request; if not, it has been answered 503 (ACK: dropped). */
  boolean admit(RequestEvent event) {
    String address = "an unknown source";
    int port = 0;
    if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
      address = ext.getRemoteIpAddress();
      port = ext.getRemotePort();
    }
    return admit(event.getRequest(), event.getServerTransaction() != null, address, port);
  }

  boolean admit(Request request, boolean hasTransaction, String address, int port) {
    String method = request.getMethod();
    if (hasTransaction
        || Request.ACK.equals(method)
        || Request.CANCEL.equals(method)
        || inDialog(request)) {
      return true;
    }
    String why;
    long late = lateMillis.getAsLong();
    if (late > 0) {
      why = "it waited " + late + " ms for a worker thread (the proxy is behind)";
    } else if (Request.INVITE.equals(method)) {
      return true; // the proxy's transaction guard (callmail.sip.max-server-transactions) follows
    } else if (serverTransactions.getAsInt() >= maxServerTransactions) {
      why =
          "the proxy holds "
              + maxServerTransactions
              + " server transactions (callmail.sip.max-server-transactions)";
    } else if (settings.ratePerSecond() > 0 && !bucket(address).take(nanoClock.getAsLong())) {
      why =
          "over "
              + formatRate()
              + " requests/s from that address (callmail.sip.non-invite-rate, -burst)";
    } else {
      return true;
    }
    log.log(
        address,
        "Shedding new " + method + " requests with 503: from " + address + ":" + port + ", " + why);
    try {
      shedder.shed(request);
    } catch (Exception e) {
      LOG.log(Level.FINE, "Could not send 503 to " + address + ":" + port + ": " + e);
    }
    return false;
  }

  private static boolean inDialog(Request request) {
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    return to != null && to.getTag() != null;
  }

  private String formatRate() {
    double rate = settings.ratePerSecond();
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }

  private Bucket bucket(String address) {
    Bucket bucket = buckets.get(address);
    if (bucket != null) {
      return bucket;
    }
    if (buckets.size() >= MAX_SOURCES) {
      forgetRefilled();
      if (buckets.size() >= MAX_SOURCES) {
        return buckets.computeIfAbsent(
            OVERFLOW, key -> new Bucket(settings, nanoClock.getAsLong()));
      }
    }
    return buckets.computeIfAbsent(address, key -> new Bucket(settings, nanoClock.getAsLong()));
  }

  /** Drops the buckets of sources quiet long enough to be full again: a new bucket is the same. */
  private void forgetRefilled() {
    long now = nanoClock.getAsLong();
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      if (it.next().fullAt(now)) {
        it.remove();
      }
    }
  }

  /** Writes the count of the last minute's shed requests, if due. */
  void flush() {
    log.flush();
  }

  /** Sources with a bucket now (for tests). */
  int trackedSources() {
    return buckets.size();
  }

  /** A token bucket: {@code burst} tokens, refilled at {@code rate} a second, one per request. */
  private static final class Bucket {
    private final double ratePerNano;
    private final int burst;
    private double tokens;
    private long updated;

    Bucket(Settings settings, long now) {
      this.ratePerNano = settings.ratePerSecond() / TimeUnit.SECONDS.toNanos(1);
      this.burst = settings.burst();
      this.tokens = burst;
      this.updated = now;
    }

    synchronized boolean take(long now) {
      refill(now);
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized boolean fullAt(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      tokens = Math.min(burst, tokens + (now - updated) * ratePerNano);
      updated = now;
    }
  }
}
