package jp.callmail.sip.connector.call;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.connector.logging.RateLimitedLog;

/**
 * The answered calls to watched lines, from their 2xx until their BYE, so that a re-INVITE (or
 * UPDATE) that switches one to T.38 after its record was made is reported once as a {@link
 * CallKindChange}: the usual fax call is answered as audio and switched by the fax machines.
 *
 * <p>A call switches when an in-dialog offer is T.38 and the 2xx's answer accepts it (port not 0),
 * or when a re-INVITE without an offer gets a T.38 offer in its 2xx and the ACK's answer accepts
 * it; the same holds for the late offer of the initial INVITE. A declined or failed re-INVITE
 * changes nothing. A call never turns back from FAX, so each call is reported at most once.
 *
 * <p>Bounded: a call leaves the table at its BYE (either direction), after {@code maxLifetime} (a
 * BYE the proxy never saw), or, oldest first, when more than {@code maxCalls} are held; those
 * evictions are counted and logged at most once a minute. Only calls to watched lines that were
 * answered enter; a lookup for any other Call-ID finds nothing and reads no body. Operations are
 * O(1) under one lock, on SIP threads.
 */
public final class AnsweredCalls {

  private static final Logger LOG = Logger.getLogger(AnsweredCalls.class.getName());

  /**
   * How many answered calls the table holds and for how long.
   *
   * @param maxCalls most calls held; the oldest is evicted beyond
   * @param maxLifetime how long an answered call is held when no BYE ends it
   */
  public record Settings(int maxCalls, Duration maxLifetime) {

    public static final int DEFAULT_MAX_CALLS = 100_000;
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(12);
    public static final Settings DEFAULTS = new Settings(DEFAULT_MAX_CALLS, DEFAULT_MAX_LIFETIME);

    public Settings {
      if (maxCalls < 1 || maxCalls > 10_000_000) {
        throw new IllegalArgumentException(
            "answered-calls-max must be between 1 and 10000000, not " + maxCalls);
      }
      if (maxLifetime == null
          || maxLifetime.compareTo(Duration.ofMinutes(1)) < 0
          || maxLifetime.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException(
            "answered-call-hours must be between 1 and 168 hours, not " + maxLifetime);
      }
    }
  }

  /**
   * An in-dialog INVITE or UPDATE of a tracked voice call, waiting for its final response.
   *
   * @param cseq its CSeq number (the ACK of a re-INVITE carries the same)
   */
  public record Offer(String callId, long cseq, boolean invite, SdpKind offered) {}

  private static final class Call {
    final String calledNumber;
    final long answeredNanos;
    CallKind kind;

    /** CSeq number of the INVITE whose 2xx offered T.38 and whose ACK answers; -1 when none. */
    long ackAnswers = -1;

    Call(String calledNumber, CallKind kind, long answeredNanos) {
      this.calledNumber = calledNumber;
      this.kind = kind;
      this.answeredNanos = answeredNanos;
    }
  }

  private final Settings settings;
  private final LongSupplier nanoClock;
  private final Clock clock;
  private final RateLimitedLog evictionLog;

  /** By Call-ID, oldest answer first. Guarded by this. */
  private final LinkedHashMap<String, Call> calls = new LinkedHashMap<>();

  private long evicted;
  private long expired;

  public AnsweredCalls(Settings settings, LongSupplier nanoClock, Clock clock) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.clock = clock;
    this.evictionLog =
        new RateLimitedLog(LOG, Level.WARNING, "answered calls evicted", 1, nanoClock);
  }

  public static AnsweredCalls withSystemClocks(Settings settings) {
    return new AnsweredCalls(settings, System::nanoTime, Clock.systemUTC());
  }

  /**
   * A watched call was answered; its record said {@code kind}.
   *
   * @param lateOfferCseq the INVITE's CSeq number when its 2xx offered T.38 and the ACK will
   *     answer, else -1
   */
  public synchronized void answered(
      String callId, String calledNumber, CallKind kind, long lateOfferCseq) {
    long now = nanoClock.getAsLong();
    expire(now);
    Call call = new Call(calledNumber, kind, now);
    call.ackAnswers = lateOfferCseq;
    calls.remove(callId); // a Call-ID used again goes to the end, as the newest
    calls.put(callId, call);
    if (calls.size() > settings.maxCalls()) {
      Iterator<Map.Entry<String, Call>> oldest = calls.entrySet().iterator();
      oldest.next();
      oldest.remove();
      evicted++;
      evictionLog.log(
          "answered-calls-max",
          "More than "
              + settings.maxCalls()
              + " answered calls to watched lines are in progress (callmail.sip.answered-calls-max):"
              + " the oldest is no longer watched for a switch to fax ("
              + evicted
              + " evicted since start)");
    }
  }

  /** A BYE of the call went through the proxy: it is over. */
  public synchronized void ended(String callId) {
    calls.remove(callId);
  }

  /**
   * An in-dialog INVITE or UPDATE: the offer to remember for its final response, or null when the
   * call is not tracked or is already a fax call (then the body is not read).
   */
  public Offer offered(String callId, long cseq, boolean invite, Supplier<SdpKind> body) {
    synchronized (this) {
      Call call = live(callId);
      if (call == null || call.kind == CallKind.FAX) {
        return null;
      }
    }
    SdpKind offered = body.get();
    if (offered == SdpKind.T38 || (invite && offered == SdpKind.NONE)) {
      return new Offer(callId, cseq, invite, offered);
    }
    return null; // an audio offer, or an UPDATE without one: nothing can switch
  }

  /**
   * The 2xx of an in-dialog INVITE or UPDATE whose offer was remembered.
   *
   * @return the change to report, once
   */
  public Optional<CallKindChange> offerAnswered(Offer offer, Supplier<SdpKind> body) {
    SdpKind answer = body.get();
    synchronized (this) {
      Call call = live(offer.callId());
      if (call == null || call.kind == CallKind.FAX) {
        return Optional.empty();
      }
      if (offer.offered() == SdpKind.NONE) {
        if (answer == SdpKind.T38) {
          call.ackAnswers = offer.cseq(); // the 2xx offers; the ACK answers
        }
        return Optional.empty();
      }
      return answer == SdpKind.T38 ? becameFax(offer.callId(), call) : Optional.empty();
    }
  }

  /**
   * The ACK of a 2xx; its body is read only when that 2xx offered T.38.
   *
   * @return the change to report, once
   */
  public Optional<CallKindChange> acknowledged(String callId, long cseq, Supplier<SdpKind> body) {
    synchronized (this) {
      Call call = live(callId);
      if (call == null || call.kind == CallKind.FAX || call.ackAnswers != cseq) {
        return Optional.empty();
      }
    }
    SdpKind answer = body.get();
    synchronized (this) {
      Call call = live(callId);
      if (call == null || call.kind == CallKind.FAX || call.ackAnswers != cseq) {
        return Optional.empty();
      }
      call.ackAnswers = -1;
      return answer == SdpKind.T38 ? becameFax(callId, call) : Optional.empty();
    }
  }

  /** Whether a call is held (answered, not ended, not expired or evicted). */
  public synchronized boolean isTracked(String callId) {
    return live(callId) != null;
  }

  public synchronized int size() {
    expire(nanoClock.getAsLong());
    return calls.size();
  }

  /** Calls dropped since start because more than {@code maxCalls} were held. */
  public synchronized long evicted() {
    return evicted;
  }

  /** Calls dropped since start because no BYE came within {@code maxLifetime}. */
  public synchronized long expired() {
    return expired;
  }

  private Optional<CallKindChange> becameFax(String callId, Call call) {
    call.kind = CallKind.FAX;
    return Optional.of(
        new CallKindChange(callId, call.calledNumber, CallKind.FAX, clock.instant()));
  }

  /** The call when held and not expired. Holds the lock. */
  private Call live(String callId) {
    if (calls.isEmpty()) {
      return null;
    }
    expire(nanoClock.getAsLong());
    return calls.get(callId);
  }

  /** Drops the calls answered longer ago than the lifetime, oldest first. Holds the lock. */
  private void expire(long now) {
    long lifetime = settings.maxLifetime().toNanos();
    Iterator<Call> oldest = calls.values().iterator();
    while (oldest.hasNext()) {
      if (now - oldest.next().answeredNanos < lifetime) {
        return;
      }
      oldest.remove();
      expired++;
    }
  }
}
