package jp.callmail.application;

import java.util.List;
import jp.callmail.domain.model.call.CompletedCall;

/**
 * CDI event: calls to watched numbers reached their end state, delivered together by the SIP
 * connector. Fired by {@link CallRecording} inside the one transaction that records them all;
 * observed like {@link CallCompleted}, which is the same for a single record.
 *
 * @param records in the order the connector delivered them
 */
public record CallsCompleted(List<CompletedCall> records) {

  public CallsCompleted {
    records = List.copyOf(records);
  }
}
