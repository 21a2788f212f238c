package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jp.callmail.domain.model.line.ServiceLine;

/**
 * The lines' notification settings in memory, so that recording a completed call reads nothing per
 * call. A line is loaded (with its addresses and designated callers) the first time a call to it is
 * recorded and kept as a detached, read-only copy. A change made on this instance drops the copy
 * when it is flushed and again when its transaction ends ({@link #changed}), so the very next call
 * sees it; the changes other instances make are found every {@value #REFRESH_SECONDS} seconds by
 * the lines' {@code settings_changed_at} (V15), asking {@link LineDirectoryService#COMMIT_MARGIN}
 * further back for transactions that committed late, and a copy whose version differs from the
 * row's is dropped.
 */
@ApplicationScoped
public class LineSettingsCache {

  static final int REFRESH_SECONDS = 2;
  private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(REFRESH_SECONDS);

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  private final ConcurrentHashMap<String, ServiceLine> lines = new ConcurrentHashMap<>();

  /** Grows with every dropped copy: a load that began before a drop does not keep what it read. */
  private final AtomicLong drops = new AtomicLong();

  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile long nextRefresh = System.nanoTime();
  private volatile Instant lastRefresh;

  /**
   * The settings of the line with this number as last committed, or null when it is no service
   * line; runs in the caller's transaction. The line returned is shared: read it, never change it
   * or persist a reference to it (take {@link EntityManager#getReference} of its id).
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public ServiceLine settings(String number) {
    refreshIfDue();
    ServiceLine cached = lines.get(number);
    if (cached != null) {
      return cached;
    }
    long dropsBefore = drops.get();
    ServiceLine loaded =
        em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
            .setParameter("number", number)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (loaded == null) {
      return null; // calls reach the application only for watched numbers: not worth keeping
    }
    loaded.getRecipients().size(); // loads what the rules and the mails read
    loaded.getDesignatedCallers().size();
    em.detach(loaded);
    lines.put(number, loaded);
    if (drops.get() != dropsBefore) {
      lines.remove(number, loaded); // a change committed while it was read: it may be the old one
    }
    return loaded;
  }

  /** Drops the copy of a line whose settings this instance changes. */
  public void changed(String number) {
    drops.incrementAndGet();
    lines.remove(number);
  }

  /** How many lines are held. */
  public int size() {
    return lines.size();
  }

  private void refreshIfDue() {
    long now = System.nanoTime();
    if (now - nextRefresh < 0 || !refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      Instant started = Instant.now();
      Instant since = lastRefresh;
      if (since != null && !lines.isEmpty()) {
        List<Object[]> rows =
            em.createNamedQuery(ServiceLine.SETTINGS_CHANGED, Object[].class)
                .setParameter("since", since.minus(LineDirectoryService.COMMIT_MARGIN))
                .getResultList();
        for (Object[] row : rows) {
          ServiceLine cached = lines.get((String) row[0]);
          if (cached != null && cached.getVersion() != ((Number) row[1]).longValue()) {
            changed((String) row[0]);
          }
        }
      }
      lastRefresh = started;
      nextRefresh = now + REFRESH_NANOS;
    } finally {
      refreshing.set(false);
    }
  }
}
