package jp.callmail.application;

import java.util.function.LongSupplier;

/**
 * A token bucket for password derivations: {@code perSecond} on average, {@code burst} at once
 * after a quiet spell. It bounds the share of the machine that logins take, whatever their
 * concurrency: a derivation slot that is never idle still takes a whole core (issue 15 point 4).
 *
 * <p>A caller asks how long it must wait for its turn; a turn it accepts is reserved at once, so
 * callers that come later wait for the turns after it.
 */
public final class DerivationBudget {

  /** {@link #reserve}'s answer when the next turn is further away than the caller would wait. */
  public static final long REFUSED = -1;

  private final double perNano;
  private final double burst;
  private final LongSupplier clock;
  private double tokens;
  private long lastNanos;

  public DerivationBudget(double perSecond, int burst, LongSupplier nanoClock) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "a budget needs a positive rate and a burst of at least 1");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.clock = nanoClock;
    this.lastNanos = nanoClock.getAsLong();
    this.tokens = burst;
  }

  /**
   * Reserves one derivation if its turn comes within {@code maxWaitNanos}.
   *
   * @return the nanoseconds to wait before deriving (0: now), or {@link #REFUSED}
   */
  public synchronized long reserve(long maxWaitNanos) {
    long now = clock.getAsLong();
    tokens = Math.min(burst, tokens + (now - lastNanos) * perNano);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    long wait = (long) Math.ceil((1 - tokens) / perNano);
    if (wait > maxWaitNanos) {
      return REFUSED;
    }
    tokens -= 1;
    return wait;
  }

  /** Gives back a turn that was reserved and not used (no derivation followed). */
  public synchronized void refund() {
    tokens = Math.min(burst, tokens + 1);
  }
}
