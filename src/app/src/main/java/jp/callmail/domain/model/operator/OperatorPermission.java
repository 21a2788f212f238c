package jp.callmail.domain.model.operator;

/**
 * Kinds of operator actions: {@link #READ} anything; {@link #SUPPORT} the help-desk changes (unlock
 * a line, issue a temporary password, re-send or test a mail); {@link #ADMIN} every other change
 * (contracts, lines, settings, imports, dead letters, operator accounts).
 */
public enum OperatorPermission {
  READ,
  SUPPORT,
  ADMIN
}
