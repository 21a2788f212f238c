package jp.callmail.domain.model.line;

/**
 * The options a line can carry, each billed on its own (SPEC §8): 着信お知らせメール and its sibling
 * FAXお知らせメール. Stored by name in the option periods and orders that the charge report reads.
 */
public enum ServiceOption {
  CALL_MAIL("着信お知らせメール"),
  FAX_MAIL("FAXお知らせメール");

  private final String label;

  ServiceOption(String label) {
    this.label = label;
  }

  /** The option's name as invoices and the operator's screens show it. */
  public String label() {
    return label;
  }

  /** Whether the line has this option now. */
  public boolean isOn(ServiceLine line) {
    return this == CALL_MAIL ? line.isCallMail() : line.isFaxMail();
  }
}
