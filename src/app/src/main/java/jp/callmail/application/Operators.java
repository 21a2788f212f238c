package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;

/**
 * Who is acting, for the audit log and orders: the operator authenticated by Jakarta Security for
 * the current request (the REST API and, later, the operator console share it). Outside a request,
 * or before authentication, the actor is {@code system}.
 */
@ApplicationScoped
public class Operators {

  public static final String SYSTEM = "system";

  @Inject private SecurityContext security;

  /** The audit actor for a subscriber acting in the portal on their line. */
  public static String subscriber(String number) {
    return "subscriber:" + number;
  }

  /** The operator's user name, as OperatorIdentityStore validated it. */
  public String current() {
    Principal caller;
    try {
      caller = security.getCallerPrincipal();
    } catch (RuntimeException e) { // no web request on this thread (timers, message beans)
      return SYSTEM;
    }
    return caller == null || caller.getName() == null || caller.getName().isBlank()
        ? SYSTEM
        : caller.getName();
  }
}
