package jp.callmail.infrastructure.persistence;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.IntPredicate;

/** Work that must see only what the current JTA transaction committed: run once it has. */
public final class AfterCommit {

  private AfterCommit() {}

  /** Runs {@code work} after the current transaction commits; never if it rolls back. */
  public static void run(TransactionSynchronizationRegistry transactions, Runnable work) {
    afterCompletion(transactions, status -> status == Status.STATUS_COMMITTED, work);
  }

  /** Runs {@code work} once the current transaction ends, committed or rolled back. */
  public static void runAtEnd(TransactionSynchronizationRegistry transactions, Runnable work) {
    afterCompletion(transactions, status -> true, work);
  }

  private static void afterCompletion(
      TransactionSynchronizationRegistry transactions, IntPredicate when, Runnable work) {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {
            // nothing to do before
          }

          @Override
          public void afterCompletion(int status) {
            if (when.test(status)) {
              work.run();
            }
          }
        });
  }
}
