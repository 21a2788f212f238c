package jp.callmail.application;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Times as people read them on screen: {@code yyyy/MM/dd HH:mm:ss} in the service's zone ({@code
 * callmail.service.time-zone}, Asia/Tokyo by default), the form the call mail itself uses. An
 * operator reading a temporary password's expiry to a customer must not be nine hours off; the REST
 * API keeps ISO 8601 with an offset for machines.
 */
public final class ScreenTime {

  public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
  private static volatile ZoneId zone;

  private ScreenTime() {}

  /** The service's zone, read once from configuration. */
  public static ZoneId zone() {
    ZoneId z = zone;
    if (z == null) {
      String id;
      try {
        id =
            ConfigProvider.getConfig()
                .getOptionalValue("callmail.service.time-zone", String.class)
                .orElse("Asia/Tokyo");
      } catch (IllegalStateException e) { // no MicroProfile Config (unit tests)
        id = "Asia/Tokyo";
      }
      z = ZoneId.of(id);
      zone = z;
    }
    return z;
  }

  /** An instant on screen; "" for null. */
  public static String format(Instant instant) {
    return instant == null ? "" : format(instant, zone());
  }

  static String format(Instant instant, ZoneId in) {
    return FORMAT.format(instant.atZone(in));
  }

  /**
   * An ISO 8601 instant or offset date-time (as the views carry them) on screen; a text that is
   * neither (already formatted, or empty) is returned as it is.
   */
  public static String format(String iso) {
    if (iso == null || iso.isBlank()) {
      return "";
    }
    try {
      return format(Instant.parse(iso));
    } catch (DateTimeException e) {
      try {
        return format(OffsetDateTime.parse(iso).toInstant());
      } catch (DateTimeException e2) {
        try {
          return format(ZonedDateTime.parse(iso).toInstant());
        } catch (DateTimeException e3) {
          return iso;
        }
      }
    }
  }
}
