package jp.callmail.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DerivationBudgetTest {

  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(5 * SECOND);

  @Test
  void aBurstAtOnceThenTurnsAtTheRate() {
    DerivationBudget budget = new DerivationBudget(2, 3, now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(budget.reserve(0)).as("derivation %d of the burst", i).isZero();
    }
    assertThat(budget.reserve(0)).as("no waiting allowed").isEqualTo(DerivationBudget.REFUSED);
    assertThat(budget.reserve(SECOND))
        .as("the next turn, half a second away")
        .isEqualTo(SECOND / 2);
    assertThat(budget.reserve(SECOND)).as("the one after it, reserved behind").isEqualTo(SECOND);
    assertThat(budget.reserve(SECOND))
        .as("further than the caller waits")
        .isEqualTo(DerivationBudget.REFUSED);
    now.addAndGet(SECOND);
    assertThat(budget.reserve(0))
        .as("both reserved turns taken; none yet")
        .isEqualTo(DerivationBudget.REFUSED);
    now.addAndGet(SECOND / 2);
    assertThat(budget.reserve(0)).isZero();
  }

  @Test
  void aQuietSpellRefillsOnlyUpToTheBurst() {
    DerivationBudget budget = new DerivationBudget(1, 2, now::get);
    budget.reserve(0);
    budget.reserve(0);
    now.addAndGet(3600 * SECOND);
    assertThat(budget.reserve(0)).isZero();
    assertThat(budget.reserve(0)).isZero();
    assertThat(budget.reserve(0)).isEqualTo(DerivationBudget.REFUSED);
  }

  @Test
  void aBudgetNeedsARateAndABurst() {
    assertThatThrownBy(() -> new DerivationBudget(0, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DerivationBudget(1, 0, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
