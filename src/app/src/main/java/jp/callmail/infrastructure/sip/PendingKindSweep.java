package jp.callmail.infrastructure.sip;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.application.CallNotificationService;
import jp.callmail.application.SchemaReadiness;

/**
 * Every 10 s, applies the kind changes kept for a record that has been logged since (a record and
 * its kind change delivered at the same moment, each in its own transaction). A singleton, so
 * sweeps never overlap in one instance; row locks keep instances apart.
 */
@Singleton
public class PendingKindSweep {

  private static final Logger LOG = Logger.getLogger(PendingKindSweep.class.getName());

  @Inject private CallNotificationService calls;
  @Inject private SchemaReadiness schema;

  @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
  void sweep() {
    if (!schema.isMigrated()) {
      return;
    }
    try {
      int applied = calls.applyPendingKinds();
      if (applied > 0) {
        LOG.fine(() -> "applied " + applied + " kept kind changes");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "kind change sweep failed; the next one tries again", e);
    }
  }
}
