package jp.callmail.interfaces.operator.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jp.callmail.application.ScreenTime;

/**
 * {@code #{screenTime.of(x)}} in a page: every time on the console (audit entries, expiries, dead
 * letters, mails) in one format and one zone, whatever the view record carries (ISO for the API).
 */
@Named("screenTime")
@ApplicationScoped
public class ScreenTimeView {

  public String of(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof java.time.Instant instant) {
      return ScreenTime.format(instant);
    }
    return ScreenTime.format(value.toString());
  }
}
