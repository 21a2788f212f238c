package jp.callmail.infrastructure.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.api.CallOutcome;
import jp.callmail.sip.api.WithheldReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The adapter's record becomes the domain's call field by field, every constant by its name. */
class CompletedCallsTest {

  private static final Instant AT = Instant.parse("2026-11-25T14:59:08Z");

  @Test
  void everyFieldIsCarriedOver() {
    CompletedCall call =
        CompletedCalls.of(
            new CallCompletedRecord(
                "c1@h",
                "0312345678",
                AT,
                "0612345678",
                WithheldReason.NONE,
                12,
                CallOutcome.FORWARDED,
                CallKind.FAX));

    assertThat(call)
        .isEqualTo(
            new CompletedCall(
                "c1@h",
                "0312345678",
                AT,
                "0612345678",
                jp.callmail.domain.model.call.WithheldReason.NONE,
                12,
                jp.callmail.domain.model.call.CallOutcome.FORWARDED,
                jp.callmail.domain.model.call.CallKind.FAX));
  }

  @Test
  void aKindChangeIsCarriedOver() {
    assertThat(CompletedCalls.of(new CallKindChange("c1@h", "0312345678", CallKind.FAX, AT)))
        .isEqualTo(
            new jp.callmail.domain.model.call.CallKindChange(
                "c1@h", "0312345678", jp.callmail.domain.model.call.CallKind.FAX, AT));
  }

  @ParameterizedTest
  @EnumSource(CallKind.class)
  void aKindKeepsItsName(CallKind kind) {
    assertThat(CompletedCalls.kind(kind).name()).isEqualTo(kind.name());
  }

  @ParameterizedTest
  @EnumSource(CallOutcome.class)
  void anOutcomeKeepsItsName(CallOutcome outcome) {
    assertThat(CompletedCalls.outcome(outcome).name()).isEqualTo(outcome.name());
  }

  @ParameterizedTest
  @EnumSource(WithheldReason.class)
  void aWithheldReasonKeepsItsName(WithheldReason reason) {
    assertThat(CompletedCalls.withheldReason(reason).name()).isEqualTo(reason.name());
  }

  @Test
  void theDomainHasNoConstantTheAdapterLacks() {
    assertThat(jp.callmail.domain.model.call.CallOutcome.values())
        .hasSameSizeAs(CallOutcome.values());
    assertThat(jp.callmail.domain.model.call.WithheldReason.values())
        .hasSameSizeAs(WithheldReason.values());
    assertThat(jp.callmail.domain.model.call.CallKind.values()).hasSameSizeAs(CallKind.values());
  }
}
