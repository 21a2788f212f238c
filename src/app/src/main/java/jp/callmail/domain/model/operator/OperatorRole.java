package jp.callmail.domain.model.operator;

/**
 * What an operator may do. The container's role (and group) of each is its lower-case name.
 *
 * <ul>
 *   <li>{@link #ADMIN}: everything, including operator accounts;
 *   <li>{@link #SUPPORT}: read, unlock lines, issue temporary passwords, re-send mail;
 *   <li>{@link #AUDITOR}: read only.
 * </ul>
 */
public enum OperatorRole {
  ADMIN,
  SUPPORT,
  AUDITOR;

  /** The Jakarta Security group and role name: {@code admin}, {@code support}, {@code auditor}. */
  public String group() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether this role may do what the permission names. */
  public boolean may(OperatorPermission permission) {
    return switch (permission) {
      case READ -> true;
      case SUPPORT -> this == ADMIN || this == SUPPORT;
      case ADMIN -> this == ADMIN;
    };
  }
}
