package jp.callmail.application;

import jp.callmail.domain.model.RuleViolation;

/**
 * The offset/limit rules shared by the operator's paged lists, with errors naming the parameter.
 */
final class Paging {

  private Paging() {}

  static void check(int offset, int limit, int maxLimit) {
    if (offset < 0) {
      throw new RuleViolation("offset", "min-offset", "offset is 0 or more, not " + offset);
    }
    if (limit < 1 || limit > maxLimit) {
      throw new RuleViolation("limit", "max-limit", "limit is 1 to " + maxLimit + ", not " + limit);
    }
  }
}
