package jp.callmail.interfaces.portal.web;

import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Locale;

/**
 * The language of the portal and the operator console: Japanese unless the subscriber (or the
 * operator) picks English on any page; kept for the session.
 */
@Named
@SessionScoped
public class LocaleView implements Serializable {

  private static final long serialVersionUID = 1L;

  private Locale locale = Locale.JAPANESE;

  public Locale getLocale() {
    return locale;
  }

  public String getLanguage() {
    return locale.getLanguage();
  }

  public boolean isEnglish() {
    return Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
  }

  /** Switches language (POST from the header's form) and shows the same page again. */
  public String change(String language) {
    locale = "en".equals(language) ? Locale.ENGLISH : Locale.JAPANESE;
    FacesContext.getCurrentInstance().getViewRoot().setLocale(locale);
    // includeViewParams: a console page keeps its ?number= or ?code= across the switch.
    return FacesContext.getCurrentInstance().getViewRoot().getViewId()
        + "?faces-redirect=true&includeViewParams=true";
  }
}
