package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.callmail.application.LoginGate;
import jp.callmail.domain.model.line.PhoneNumbers;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.infrastructure.security.ClientAddresses;

/**
 * Asks {@link LoginGate} about a portal login before Faces sees the request (issue 15 point 4).
 * Under a flood of logins most attempts are refused, and answering each of them through Faces
 * (restoring the view, rendering the login page again) cost more of the machine than the password
 * derivations it was saving: a refused attempt is answered here, HTTP 429 with {@code Retry-After}
 * and a small page of its own that says so and leads back to the login page. An admitted attempt
 * goes on to {@link LoginView} holding its {@link Admitted admission}, which is given back when the
 * password is checked, or at the latest when the request ends.
 */
@ApplicationScoped
public class LoginAdmission {

  /** The login form's fields (login.xhtml's {@code h:form id="login"}). */
  static final String NUMBER = "login:number";

  static final String PASSWORD = "login:password";
  static final String OPTION = "login:option";
  private static final String VIEW_STATE = "jakarta.faces.ViewState";

  /** PrimeFaces' CSP nonce, which its script adds to a form it submits. */
  private static final String NONCE = "primefaces.nonce";

  private static final String ADMITTED = LoginAdmission.class.getName() + ".admitted";
  private static final String BUNDLE = "jp.callmail.interfaces.portal.web.messages";

  @Inject private LoginGate gate;
  @Inject private ClientAddresses clients;
  @Inject private LocaleView language;

  /**
   * An admitted login's slot in the gate, given back once: by {@link LoginView} after checking the
   * password, or by the filter when the request ends without a check.
   */
  public static final class Admitted {
    private final LoginGate gate;
    private final String number;
    private final String source;
    private final AtomicBoolean held = new AtomicBoolean(true);

    Admitted(LoginGate gate, String number, String source) {
      this.gate = gate;
      this.number = number;
      this.source = source;
    }

    /** After the password was checked. */
    public void release() {
      if (held.compareAndSet(true, false)) {
        gate.release();
      }
    }

    /** The request ended and the password was never checked. */
    void releaseUnchecked() {
      if (held.compareAndSet(true, false)) {
        gate.releaseUnchecked(number, source);
      }
    }
  }

  /** The admission this request's login holds, if it was admitted here. */
  static Admitted of(HttpServletRequest request) {
    return (Admitted) request.getAttribute(ADMITTED);
  }

  /**
   * A POST to the login page without a logged-in session: the login form's submit is admitted or
   * answered here; anything else (the language switch, a form with a field left empty, which Faces
   * answers with its field messages) goes on unchanged.
   */
  void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getCharacterEncoding() == null) {
      request.setCharacterEncoding(StandardCharsets.UTF_8.name()); // as Faces reads the form
    }
    String typed = PhoneNumbers.normalise(request.getParameter(NUMBER));
    String password = request.getParameter(PASSWORD);
    if (typed.isEmpty() || password == null || password.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    String source = clients.of(request);
    if (gate.admit(typed, source) != LoginGate.Admission.ADMITTED) {
      tryLater(request, response);
      return;
    }
    Admitted admitted = new Admitted(gate, typed, source);
    request.setAttribute(ADMITTED, admitted);
    try {
      chain.doFilter(request, response);
    } finally {
      admitted.releaseUnchecked(); // nothing if LoginView checked the password
    }
  }

  /**
   * "Try again later", with the login form again: the same fields, the view state and the CSP nonce
   * the attempt posted (the client's own, still valid, as Faces never saw this attempt), so that
   * the next try is one POST, without fetching and rendering the login page again.
   */
  private void tryLater(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ServiceOption option = PortalSession.fromParameter(request.getParameter(OPTION));
    if (option == null) {
      option = ServiceOption.CALL_MAIL;
    }
    Locale locale = locale(request);
    ResourceBundle msg = ResourceBundle.getBundle(BUNDLE, locale);
    String name = msg.getString("option." + option.name());
    String context = request.getContextPath();
    String resources = context + "/jakarta.faces.resource/";
    StringBuilder page = new StringBuilder(4096);
    page.append("<!DOCTYPE html>\n<html lang=\"")
        .append(locale.getLanguage())
        .append("\"><head><meta charset=\"UTF-8\"/>")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        .append("<title>")
        .append(html(msg.getString("login.title")))
        .append(" | ")
        .append(html(name))
        .append("</title>");
    for (String css :
        List.of(
            "theme.css.xhtml?ln=primefaces-saga-blue",
            "components.css.xhtml?ln=primefaces",
            "portal.css.xhtml?ln=callmail")) {
      page.append("<link rel=\"stylesheet\" href=\"").append(html(resources + css)).append("\"/>");
    }
    page.append("</head>\n<body class=\"cm-body\"><header class=\"cm-header\">")
        .append("<div class=\"cm-brand\"><span class=\"cm-brand-name\">")
        .append(html(name))
        .append("</span><span class=\"cm-brand-sub\">")
        .append(html(msg.getString("app.subtitle")))
        .append("</span></div></header>\n<main class=\"cm-main\">")
        .append("<p id=\"option\" class=\"cm-option cm-option-")
        .append(option.name())
        .append("\">")
        .append(html(name))
        .append("</p><h1 class=\"cm-title\">")
        .append(html(msg.getString("login.title")))
        .append("</h1>\n<p id=\"later\" class=\"cm-note cm-warn\" role=\"alert\">")
        .append(html(msg.getString("login.later")))
        .append("</p>\n<form id=\"login\" name=\"login\" method=\"post\" action=\"")
        .append(html(context + PortalSession.LOGIN_PAGE))
        .append("\" class=\"cm-form\" enctype=\"application/x-www-form-urlencoded\">");
    hidden(page, "login", "login");
    hidden(page, OPTION, PortalSession.parameter(option));
    page.append("<div class=\"cm-field\"><label for=\"number\">")
        .append(html(msg.getString("login.number")))
        .append("</label><input id=\"number\" name=\"")
        .append(NUMBER)
        .append("\" type=\"text\" value=\"")
        .append(html(PhoneNumbers.normalise(request.getParameter(NUMBER))))
        .append("\" class=\"ui-inputfield ui-inputtext ui-widget ui-state-default\"")
        .append(" autocomplete=\"username\" maxlength=\"20\" inputmode=\"tel\"/></div>")
        .append("<div class=\"cm-field\"><label for=\"password\">")
        .append(html(msg.getString("login.password")))
        .append("</label><input id=\"password\" name=\"")
        .append(PASSWORD)
        .append(
            "\" type=\"password\" class=\"ui-inputfield ui-password ui-widget ui-state-default\"")
        .append(" autocomplete=\"current-password\" maxlength=\"64\"/></div>")
        .append(
            "<div class=\"cm-actions\"><button id=\"submit\" name=\"login:submit\" type=\"submit\"")
        .append(" class=\"ui-button ui-widget ui-state-default ui-button-text-only cm-primary\">")
        .append("<span class=\"ui-button-text ui-c\">")
        .append(html(msg.getString("login.submit")))
        .append("</span></button></div>");
    for (String echoed : List.of(VIEW_STATE, NONCE)) {
      String value = request.getParameter(echoed);
      if (value != null && value.length() <= 200) {
        hidden(page, echoed, value);
      }
    }
    page.append("</form>\n<nav class=\"cm-back\"><a id=\"back\" class=\"cm-link-button\" href=\"")
        .append(
            html(context + PortalSession.LOGIN_PAGE + "?option=" + PortalSession.parameter(option)))
        .append("\">")
        .append(html(msg.getString("login.later.back")))
        .append("</a></nav></main></body></html>\n");
    response.setStatus(429);
    response.setHeader("Retry-After", "30");
    response.setContentType("text/html;charset=UTF-8");
    PrintWriter out = response.getWriter();
    out.print(page);
  }

  private static void hidden(StringBuilder page, String name, String value) {
    page.append("<input type=\"hidden\" name=\"")
        .append(html(name))
        .append("\" value=\"")
        .append(html(value))
        .append("\"/>");
  }

  /** The session's language (LocaleView), Japanese for a request without a session. */
  private Locale locale(HttpServletRequest request) {
    return request.getSession(false) == null ? Locale.JAPANESE : language.getLocale();
  }

  private static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
