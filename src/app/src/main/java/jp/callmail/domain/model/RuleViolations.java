package jp.callmail.domain.model;

import java.util.List;

/**
 * Several broken rules found in one input, all reported at once: a form of five addresses or thirty
 * numbers should tell the user about every wrong row, not one per attempt. It is itself the first
 * violation, so callers that show one (the REST API's problem JSON) keep working unchanged.
 */
public class RuleViolations extends RuleViolation {

  private static final long serialVersionUID = 1L;

  private final List<RuleViolation> all;

  private RuleViolations(List<RuleViolation> all) {
    super(all.get(0).field(), all.get(0).rule(), all.get(0).getMessage());
    this.all = List.copyOf(all);
  }

  /** Throws the one violation, or all of them together, if there is any. */
  public static void throwIfAny(List<RuleViolation> found) {
    if (found.size() == 1) {
      throw found.get(0);
    }
    if (!found.isEmpty()) {
      throw new RuleViolations(found);
    }
  }

  /** Every violation of a refused input: this one's list, or just {@code v}. */
  public static List<RuleViolation> all(RuleViolation v) {
    return v instanceof RuleViolations many ? many.all : List.of(v);
  }
}
