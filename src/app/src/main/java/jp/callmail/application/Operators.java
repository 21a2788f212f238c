package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import jp.callmail.domain.model.NotPermitted;
import jp.callmail.domain.model.operator.OperatorPermission;
import jp.callmail.domain.model.operator.OperatorRole;

/**
 * Who is acting, for the audit log and orders, and what they may do: the operator authenticated by
 * Jakarta Security for the current request (the REST API and the operator console share it).
 * Outside a request, or before authentication, the actor is {@code system}.
 *
 * <p>The services check {@link #require} before every change an operator can make, so the API and
 * the console refuse the same things. A request without an authenticated operator (a subscriber in
 * the portal, which is no container login, the IVR, timers) is not an operator's and is not limited
 * here: the API and the console cannot be reached without an operator login (web.xml).
 */
@ApplicationScoped
public class Operators {

  public static final String SYSTEM = "system";

  @Inject private SecurityContext security;

  /** The audit actor for a subscriber acting in the portal on their line. */
  public static String subscriber(String number) {
    return "subscriber:" + number;
  }

  /** The operator's user name, as the operator identity store validated it. */
  public String current() {
    Principal caller = caller();
    return caller == null ? SYSTEM : caller.getName();
  }

  /** Whether the current operator (if any) may do what the permission names. */
  public boolean may(OperatorPermission permission) {
    if (caller() == null) {
      return true;
    }
    for (OperatorRole role : OperatorRole.values()) {
      if (role.may(permission) && security.isCallerInRole(role.group())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses the change when an operator is acting whose role does not allow it.
   *
   * @throws NotPermitted (REST 403; the console shows it as a refusal)
   */
  public void require(OperatorPermission permission) {
    if (!may(permission)) {
      throw new NotPermitted(
          "The role of operator '"
              + current()
              + "' does not allow this change (needs "
              + permission.name().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
  }

  private Principal caller() {
    Principal caller;
    try {
      caller = security.getCallerPrincipal();
    } catch (RuntimeException e) { // no web request on this thread (timers, message beans)
      return null;
    }
    return caller == null || caller.getName() == null || caller.getName().isBlank() ? null : caller;
  }
}
