package jp.callmail.infrastructure.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A sender's hold on the rows of one claim while it sends them: renewed in the database, for the
 * whole claim, once less than half of the lease is left when the next mail is about to go, so that
 * a long batch on a slow but working relay keeps its rows; lost for good when a renewal finds that
 * another sender has claimed any of them (this lease had run out while the relay stalled) or cannot
 * reach the database. Then the batch stops: nothing more is sent on a claim that is no longer sure.
 */
final class OutboxLease implements BatchSender.Lease {

  private static final Logger LOG = Logger.getLogger(OutboxLease.class.getName());

  private final OutboxStore store;
  private final String token;
  private final List<Long> ids;
  private final Duration length;
  private Instant until;
  private boolean lost;
  private int renewals;

  OutboxLease(OutboxStore store, ClaimedMails claim, Duration length) {
    this.store = store;
    this.token = claim.token();
    this.ids = new ArrayList<>(claim.ids());
    this.length = length;
    this.until = claim.until();
  }

  @Override
  public boolean hold() {
    if (lost) {
      return false;
    }
    Instant now = Instant.now();
    if (ids.isEmpty() || Duration.between(now, until).compareTo(length.dividedBy(2)) > 0) {
      return true;
    }
    Instant renewed = now.plus(length);
    Set<Long> held;
    try {
      // Every row of the claim whose outcome is not recorded yet, sent ones too.
      held = store.renew(token, ids, renewed);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "lease renewal failed", e);
      lost = true; // without the database, nobody can tell whether another sender has the rows
      return false;
    }
    if (held.size() < ids.size()) {
      lost = true;
      return false;
    }
    until = renewed;
    renewals++;
    return true;
  }

  /**
   * Outcomes were recorded (their rows no longer need the lease), except those of {@code taken}:
   * rows another sender holds now, which ends this hold.
   */
  void recorded(List<MailAttempt> outcomes, Set<Long> taken) {
    outcomes.forEach(attempt -> ids.remove(Long.valueOf(attempt.id())));
    if (!taken.isEmpty()) {
      lost = true;
    }
  }

  /** Whether the hold has been lost (another sender took rows, or renewal failed). */
  boolean lost() {
    return lost;
  }

  /** How often the lease was renewed. */
  int renewals() {
    return renewals;
  }
}
