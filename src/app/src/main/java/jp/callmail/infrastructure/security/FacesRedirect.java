package jp.callmail.infrastructure.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Sends the browser elsewhere from a filter or an authentication mechanism, as Faces expects. */
public final class FacesRedirect {

  private FacesRedirect() {}

  /** An Ajax request from Faces needs its redirect as a partial response, anything else a 303. */
  public static void send(HttpServletRequest request, HttpServletResponse response, String url)
      throws IOException {
    if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
      response.setContentType("text/xml");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                  + url
                  + "\"></redirect></partial-response>");
    } else {
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", url);
    }
  }
}
