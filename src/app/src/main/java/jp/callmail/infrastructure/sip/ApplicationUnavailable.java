package jp.callmail.infrastructure.sip;

import jakarta.ejb.ApplicationException;

/**
 * Tells the SIP connector that the application cannot answer now because its database is
 * unavailable: the connector keeps what it has (journalled records, the last line table) and asks
 * again later. An application exception, so that the EJB container hands it on instead of logging a
 * stack trace each time the connector retries during an outage; the reason is one line.
 */
@ApplicationException
public class ApplicationUnavailable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ApplicationUnavailable(String reason) {
    super(reason, null, false, false);
  }
}
