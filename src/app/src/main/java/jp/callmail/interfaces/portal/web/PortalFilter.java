package jp.callmail.interfaces.portal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import jp.callmail.infrastructure.security.FacesRedirect;

/**
 * Guards the subscriber portal. Subscribers are not container principals: the operator API keeps
 * its HTTP Basic mechanism untouched, and a portal session is simply one whose HTTP session holds
 * the line number put there by {@link LoginView}. Without one every page but the login page leads
 * to the login page; after a temporary-password login every page leads to the password change until
 * a real password is set. Every response carries the security headers, the operator console's too
 * (its pages are guarded by Jakarta Security, not here), and no page may be stored by a cache: they
 * show temporary passwords and subscribers' settings.
 */
@WebFilter(urlPatterns = {"/portal/*", "/console/*", "/jakarta.faces.resource/*"})
public class PortalFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /**
   * Everything from this origin only; no framing; forms post only here. PrimeFaces adds a second
   * policy of its own, {@code script-src 'self' 'nonce-…'}, so inline scripts run only with the
   * per-response nonce (both policies apply; the stricter wins).
   */
  static final String CSP =
      "default-src 'self'; script-src 'self' 'unsafe-inline'; "
          + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
          + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    addSecurityHeaders(response);
    String path = request.getRequestURI().substring(request.getContextPath().length());
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
    String target = null;
    if (line == null) {
      if (!path.equals(PortalSession.LOGIN_PAGE)) {
        target = PortalSession.LOGIN_PAGE;
      }
    } else if (PortalSession.mustChangePassword(session)) {
      if (!path.equals(PortalSession.PASSWORD_PAGE)) {
        target = PortalSession.PASSWORD_PAGE;
      }
    } else if (path.equals(PortalSession.LOGIN_PAGE)) {
      target = PortalSession.MENU_PAGE;
    }
    if (target == null) {
      chain.doFilter(request, response);
    } else {
      FacesRedirect.send(request, response, request.getContextPath() + target);
    }
  }

  static void addSecurityHeaders(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("Strict-Transport-Security", "max-age=31536000");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
  }
}
