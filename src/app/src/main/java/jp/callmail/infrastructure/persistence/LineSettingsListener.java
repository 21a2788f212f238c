package jp.callmail.infrastructure.persistence;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import jp.callmail.application.LineSettingsCache;
import jp.callmail.domain.model.line.ServiceLine;

/**
 * Keeps {@link LineSettingsCache} current on this instance: a line's row is written whenever its
 * settings change (they stamp {@code settings_changed_at}), and then its copy is dropped — when the
 * change is flushed and again when the transaction ends, so that a call recorded in between cannot
 * keep what it read before the commit. Declared for {@link ServiceLine} in {@code
 * META-INF/orm.xml}, which keeps the domain free of it.
 */
public class LineSettingsListener {

  /** JPA callback after a line's row is updated or deleted. */
  public void changed(Object entity) {
    if (!(entity instanceof ServiceLine line)) {
      return;
    }
    String number = line.getPhoneNumber();
    LineSettingsCache cache = CDI.current().select(LineSettingsCache.class).get();
    cache.changed(number);
    try {
      TransactionSynchronizationRegistry transactions =
          InitialContext.doLookup("java:comp/TransactionSynchronizationRegistry");
      if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
        AfterCommit.runAtEnd(transactions, () -> cache.changed(number));
      }
    } catch (NamingException | IllegalStateException e) {
      // No transaction to wait for: the copy is already dropped, and the refresh finds the change.
    }
  }
}
