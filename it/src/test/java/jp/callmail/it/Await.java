package jp.callmail.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for what happens asynchronously (mail delivery, health, restarts). */
final class Await {

  private Await() {}

  /** Polls every 250 ms for up to a minute. */
  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    until(what, Duration.ofSeconds(60), condition);
  }

  static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
