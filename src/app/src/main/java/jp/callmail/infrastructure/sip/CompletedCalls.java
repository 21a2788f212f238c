package jp.callmail.infrastructure.sip;

import jp.callmail.domain.model.call.CallKind;
import jp.callmail.domain.model.call.CallKindChange;
import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.CompletedCall;
import jp.callmail.domain.model.call.WithheldReason;
import jp.callmail.sip.api.CallCompletedRecord;

/**
 * Translates the SIP connector's record of a completed call into the domain's {@link
 * CompletedCall}, and its later change of a call's kind into the domain's {@link CallKindChange}:
 * the one place where the adapter's contract meets the domain, so that either can change without
 * the other. The switches have no default, so that a constant added to the adapter's enums does not
 * compile until it is translated here.
 */
final class CompletedCalls {

  private CompletedCalls() {}

  static CompletedCall of(CallCompletedRecord record) {
    return new CompletedCall(
        record.callId(),
        record.calledNumber(),
        record.callTime(),
        record.callerNumber(),
        withheldReason(record.withheldReason()),
        record.ringingSeconds(),
        outcome(record.outcome()),
        kind(record.kind()));
  }

  static CallKindChange of(jp.callmail.sip.api.CallKindChange change) {
    return new CallKindChange(
        change.callId(), change.calledNumber(), kind(change.kind()), change.changedAt());
  }

  static CallKind kind(jp.callmail.sip.api.CallKind kind) {
    return switch (kind) {
      case VOICE -> CallKind.VOICE;
      case FAX -> CallKind.FAX;
    };
  }

  static CallOutcome outcome(jp.callmail.sip.api.CallOutcome outcome) {
    return switch (outcome) {
      case ANSWERED -> CallOutcome.ANSWERED;
      case FORWARDED -> CallOutcome.FORWARDED;
      case NOT_ANSWERED -> CallOutcome.NOT_ANSWERED;
    };
  }

  static WithheldReason withheldReason(jp.callmail.sip.api.WithheldReason reason) {
    return switch (reason) {
      case NONE -> WithheldReason.NONE;
      case PRIVACY -> WithheldReason.PRIVACY;
      case PAYPHONE -> WithheldReason.PAYPHONE;
      case UNAVAILABLE -> WithheldReason.UNAVAILABLE;
    };
  }
}
