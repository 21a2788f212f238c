package jp.callmail.infrastructure.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import jp.callmail.application.OperatorAccountService;
import jp.callmail.application.OperatorAccountService.Authenticated;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How operators log in (issue 15), one mechanism for the application's two operator doors:
 *
 * <ul>
 *   <li><b>{@code /api}</b>: HTTP Basic with the person's own account, over HTTPS only. A request
 *       over plain HTTP gets 403 before any credential is read, so a password sent in clear is
 *       never checked (and never confirmed). No session: each request carries its credentials.
 *   <li><b>{@code /console}</b>: a login form ({@code ConsoleLoginView} calls {@code
 *       SecurityContext.authenticate} with the typed credential). On success the session id changes
 *       and the session remembers the operator; each later request checks that the account is still
 *       enabled and that the operator was not idle longer than {@code
 *       callmail.console.idle-timeout-seconds} (15 minutes). A page asked for without a login leads
 *       to the login form; there is never a Basic prompt.
 * </ul>
 *
 * The subscriber portal is none of this mechanism's business (PortalFilter guards it).
 */
@ApplicationScoped
public class OperatorAuthentication implements HttpAuthenticationMechanism {

  /** The session attribute naming the logged-in operator (String). */
  static final String OPERATOR = "callmail.console.operator";

  /** When the operator's last console request came (Long, epoch milliseconds). */
  static final String LAST_SEEN = "callmail.console.last-seen";

  static final String LOGIN_PAGE = "/console/login.xhtml";

  /** Where an operator whose password an admin issued goes until it is replaced. */
  static final String PASSWORD_PAGE = "/console/password.xhtml";

  @Inject private OperatorIdentityStore identities;
  @Inject private ClientAddresses clients;
  @Inject private OperatorAccountService accounts;

  @Inject
  @ConfigProperty(name = "callmail.console.idle-timeout-seconds", defaultValue = "900")
  long idleTimeoutSeconds;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String path = RequestPaths.of(request);
    if (path.equals("/api") || path.startsWith("/api/")) {
      return api(request, response, context);
    }
    if (path.equals("/console") || path.startsWith("/console/")) {
      return console(path, request, response, context);
    }
    return context.doNothing();
  }

  private AuthenticationStatus api(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    if (!request.isSecure()) {
      return problem(
          response,
          "https-required",
          "HTTPS required",
          "The API answers over HTTPS only; credentials sent over plain HTTP are not checked. Use"
              + " https:// and the HTTPS port.");
    }
    Optional<UsernamePasswordCredential> basic = basic(request.getHeader("Authorization"));
    if (basic.isPresent()) {
      Optional<Authenticated> who = identities.check(basic.get(), clients.of(request), "api");
      if (who.isPresent() && who.get().mustChangePassword()) {
        return problem(
            response,
            "password-change-required",
            "Password change required",
            "This account's password was issued by an admin: log in to the console once and"
                + " choose your own before using the API.");
      }
      if (who.isPresent()) {
        return context.notifyContainerAboutLogin(OperatorIdentityStore.result(who.get()));
      }
    } else if (!context.isProtected()) {
      return context.doNothing();
    }
    response.setHeader(
        "WWW-Authenticate", "Basic realm=\"callmail operator API\", charset=\"UTF-8\"");
    return context.responseUnauthorized();
  }

  /** A 403 problem (RFC 9457) with the given rule; nothing is authenticated. */
  private static AuthenticationStatus problem(
      HttpServletResponse response, String rule, String title, String detail) {
    try {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              "{\"type\":\"urn:callmail:problem:"
                  + rule
                  + "\",\"title\":\""
                  + title
                  + "\",\"status\":403,\"detail\":\""
                  + detail
                  + "\",\"rule\":\""
                  + rule
                  + "\"}");
      response.flushBuffer();
    } catch (IOException e) {
      // the client went away; nothing was authenticated
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  private AuthenticationStatus console(
      String path,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
    Credential typed = context.getAuthParameters().getCredential();
    if (typed instanceof UsernamePasswordCredential login) {
      Optional<Authenticated> who = identities.check(login, clients.of(request), "console");
      if (who.isEmpty()) {
        return AuthenticationStatus.SEND_FAILURE;
      }
      CredentialValidationResult result = OperatorIdentityStore.result(who.get());
      request.getSession(true);
      request.changeSessionId(); // no session fixation
      HttpSession session = request.getSession(false);
      session.setAttribute(OPERATOR, result.getCallerPrincipal().getName());
      session.setAttribute(LAST_SEEN, System.currentTimeMillis());
      return context.notifyContainerAboutLogin(result);
    }
    HttpSession session = request.getSession(false);
    String operator = session == null ? null : (String) session.getAttribute(OPERATOR);
    if (operator != null) {
      Long lastSeen = (Long) session.getAttribute(LAST_SEEN);
      long now = System.currentTimeMillis();
      Optional<Authenticated> account = accounts.active(operator);
      if (lastSeen != null && now - lastSeen <= idleTimeoutSeconds * 1000 && account.isPresent()) {
        session.setAttribute(LAST_SEEN, now);
        if (account.get().mustChangePassword() && !path.equals(PASSWORD_PAGE)) {
          return to(request, response, PASSWORD_PAGE);
        }
        return context.notifyContainerAboutLogin(operator, Set.of(account.get().role().group()));
      }
      session.removeAttribute(OPERATOR);
      session.removeAttribute(LAST_SEEN);
      if (context.isProtected()) {
        return toLogin(request, response, "?expired=true");
      }
    }
    if (context.isProtected()) {
      return toLogin(request, response, "");
    }
    return context.doNothing();
  }

  /** To the login form (303, or a partial response for an Ajax request from Faces). */
  private static AuthenticationStatus toLogin(
      HttpServletRequest request, HttpServletResponse response, String query) {
    return to(request, response, LOGIN_PAGE + query);
  }

  private static AuthenticationStatus to(
      HttpServletRequest request, HttpServletResponse response, String page) {
    try {
      FacesRedirect.send(request, response, request.getContextPath() + page);
    } catch (IOException e) {
      // the client went away
    }
    return AuthenticationStatus.SEND_CONTINUE;
  }

  /** The user name and password of an {@code Authorization: Basic} header, if well formed. */
  static Optional<UsernamePasswordCredential> basic(String header) {
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }
}
