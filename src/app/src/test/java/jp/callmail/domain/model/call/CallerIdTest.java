package jp.callmail.domain.model.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CallerIdTest {

  @Test
  void aNumberOfOneTo24DigitsIsShownAsItCame() {
    assertThat(CallerId.of("0612345678", WithheldReason.NONE))
        .isEqualTo(new CallerId("0612345678", WithheldReason.NONE));
    assertThat(CallerId.of("1", WithheldReason.NONE).number()).isEqualTo("1");
    assertThat(CallerId.of("0".repeat(24), WithheldReason.NONE).number()).isEqualTo("0".repeat(24));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "0123456789012345678901234",
        "03-1234-5678",
        "alice",
        "０６１２３４５６７８",
        "06 1234",
        "+81612345678"
      })
  void aNumberThatCannotBeKeptIsShownAsNotAvailable(String absurd) {
    CallerId caller = CallerId.of(absurd, WithheldReason.NONE);
    assertThat(caller.number()).isEmpty();
    assertThat(caller.withheldReason()).isEqualTo(WithheldReason.UNAVAILABLE);
  }

  @Test
  void aThousandDigitsAreNotANumberEither() {
    assertThat(CallerId.of("9".repeat(1000), WithheldReason.NONE))
        .isEqualTo(new CallerId("", WithheldReason.UNAVAILABLE));
  }

  @ParameterizedTest
  @EnumSource(
      value = WithheldReason.class,
      names = {"PRIVACY", "PAYPHONE", "UNAVAILABLE"})
  void aWithheldCallerKeepsItsReasonAndNoNumber(WithheldReason reason) {
    assertThat(CallerId.of("0612345678", reason)).isEqualTo(new CallerId("", reason));
    assertThat(CallerId.of("x".repeat(500), reason)).isEqualTo(new CallerId("", reason));
  }

  @Test
  void noReasonAtAllIsNotAvailable() {
    assertThat(CallerId.of("0612345678", null))
        .isEqualTo(new CallerId("", WithheldReason.UNAVAILABLE));
  }

  @Test
  void theRecordItselfRefusesWhatTheCallLogCouldNotKeep() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallerId("03-1234", WithheldReason.NONE));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallerId("0612345678", WithheldReason.PRIVACY));
    assertThatIllegalArgumentException().isThrownBy(() -> new CallerId("", WithheldReason.NONE));
  }
}
