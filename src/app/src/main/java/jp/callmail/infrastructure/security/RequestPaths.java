package jp.callmail.infrastructure.security;

import jakarta.servlet.http.HttpServletRequest;

/** Where a request goes within the application, for decisions about who may go there. */
public final class RequestPaths {

  private RequestPaths() {}

  /**
   * The path within the application as the container mapped it (decoded, normalised, without path
   * parameters), never the raw request URI: {@code //portal/menu.xhtml}, {@code
   * /portal;x/menu.xhtml} or {@code /./api/lines} must be judged like the page they reach.
   */
  public static String of(HttpServletRequest request) {
    String info = request.getPathInfo();
    return request.getServletPath() + (info == null ? "" : info);
  }
}
