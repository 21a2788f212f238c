package jp.callmail.interfaces.portal.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.application.LogText;
import jp.callmail.application.SparseLog;
import jp.callmail.application.SubscriberAuthService;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.infrastructure.security.FacesRedirect;
import jp.callmail.infrastructure.security.RequestPaths;

/**
 * Guards the subscriber portal. Subscribers are not container principals: the operator API keeps
 * its HTTP Basic mechanism untouched, and a portal session is simply one whose HTTP session holds
 * the line number put there by {@link LoginView}. Without one every page but the login page leads
 * to the login page; after a temporary-password login every page leads to the password change until
 * a real password is set. The top page, where the subscriber chooses 着信お知らせメール or FAXお知らせメール, and
 * the login page are for sessions without a login; a FAXお知らせメール session has no call-mail-only pages
 * (conditions, designated numbers, history). A session whose option's passwords changed since it
 * logged in (password change, new temporary password, lockout) ends. Every response carries the
 * security headers, the operator console's too (its pages are guarded by Jakarta Security, not
 * here), and no page may be stored by a cache: they show temporary passwords and subscribers'
 * settings.
 */
@WebFilter(urlPatterns = {"/portal/*", "/console/*", "/jakarta.faces.resource/*"})
public class PortalFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(PortalFilter.class.getName());

  @Inject private transient SubscriberAuthService auth;
  @Inject private transient LoginAdmission logins;

  /**
   * Everything from this origin only; no framing; forms post only here. PrimeFaces adds a second
   * policy of its own, {@code script-src 'self' 'nonce-…'}, so inline scripts run only with the
   * per-response nonce (both policies apply; the stricter wins).
   */
  static final String CSP =
      "default-src 'self'; script-src 'self' 'unsafe-inline'; "
          + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
          + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  /** Pages of 着信お知らせメール's own settings, which FAXお知らせメール does not have. */
  static final Set<String> CALL_MAIL_ONLY =
      Set.of("/portal/conditions.xhtml", "/portal/designated.xhtml", "/portal/history.xhtml");

  private final transient SparseLog forgedLog = new SparseLog(LOG, Level.INFO);

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      guard(request, response, chain);
    } catch (ServletException e) {
      String refusal = refusal(e);
      if (refusal == null || response.isCommitted()) {
        throw e;
      }
      // A form posted with a view state that is gone (an ended session, a forged or stale post)
      // or without the CSP nonce of the page it came from: answered here, without a stack trace
      // in the log for each (a client can send them at will), and not by the error page, which
      // Faces would render as a postback and fail on again.
      forgedLog.log(
          () ->
              "refused a "
                  + request.getMethod()
                  + " to "
                  + LogText.escape(request.getRequestURI(), 80)
                  + ": "
                  + refusal);
      response.reset();
      addSecurityHeaders(response);
      response.setHeader("Cache-Control", "no-store");
      if (refusal.equals(VIEW_EXPIRED)) {
        String page = RequestPaths.of(request);
        FacesRedirect.send( // the page afresh: a path of ours, never what the client wrote
            request,
            response,
            request.getContextPath()
                + (page.matches("/[A-Za-z0-9/._-]*") ? page : PortalSession.LOGIN_PAGE));
        return;
      }
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType("text/plain;charset=UTF-8");
      response
          .getWriter()
          .print(
              "この送信は受け付けられません。ページを開き直してから、もう一度操作してください。\n"
                  + "This request was not accepted. Please open the page again and retry.\n");
    }
  }

  private static final String VIEW_EXPIRED = "view state gone";

  /** What refused the post, if it was a stale view or a missing or foreign CSP nonce. */
  private static String refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      switch (t.getClass().getName()) {
        case "jakarta.faces.application.ViewExpiredException":
          return VIEW_EXPIRED;
        case "org.primefaces.csp.CspException":
          return "no CSP nonce of its page";
        default:
          break;
      }
    }
    return null;
  }

  private void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    addSecurityHeaders(response);
    String path = RequestPaths.of(request);
    if (!path.startsWith("/portal/")) {
      if (path.startsWith("/console/")) {
        response.setHeader("Cache-Control", "no-store");
      }
      chain.doFilter(request, response); // the console, or Faces resources (CSS, JS, images)
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    HttpSession session = request.getSession(false);
    String line = PortalSession.line(session);
    if (line != null && !isCurrent(session, line)) {
      // The option's passwords changed since this session logged in: a password change elsewhere,
      // a new temporary password, a lockout. The session ends (the guide: log in again).
      ServiceOption option = PortalSession.option(session);
      session.invalidate();
      LOG.info(
          () -> "portal session ended line=" + line + " option=" + option + ": passwords changed");
      FacesRedirect.send(
          request,
          response,
          request.getContextPath()
              + PortalSession.LOGIN_PAGE
              + "?option="
              + PortalSession.parameter(option)
              + "&ended=1");
      return;
    }
    String target = null;
    boolean entry = path.equals(PortalSession.LOGIN_PAGE) || isTopPage(path);
    if (line == null) {
      if (!entry) {
        target = PortalSession.LOGIN_PAGE;
      }
    } else if (PortalSession.mustChangePassword(session)) {
      if (!path.equals(PortalSession.PASSWORD_PAGE)) {
        target = PortalSession.PASSWORD_PAGE;
      }
    } else if (entry
        || (PortalSession.option(session) != ServiceOption.CALL_MAIL
            && CALL_MAIL_ONLY.contains(path))) {
      target = PortalSession.MENU_PAGE;
    }
    if (target == null && line == null && "POST".equals(request.getMethod()) && !isTopPage(path)) {
      logins.filter(request, response, chain); // a login: admitted, or refused before Faces
    } else if (target == null) {
      chain.doFilter(request, response);
    } else {
      FacesRedirect.send(request, response, request.getContextPath() + target);
    }
  }

  private boolean isCurrent(HttpSession session, String line) {
    String stamp = auth.sessionStamp(line, PortalSession.option(session));
    return stamp != null && stamp.equals(session.getAttribute(PortalSession.STAMP));
  }

  private static boolean isTopPage(String path) {
    return path.equals("/portal/") || path.equals(PortalSession.TOP_PAGE);
  }

  static void addSecurityHeaders(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("Strict-Transport-Security", "max-age=31536000");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
  }
}
