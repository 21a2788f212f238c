package jp.callmail.infrastructure.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The mail settings of SPEC §5, the retry policy and the dispatch settings, from MicroProfile
 * Config.
 */
@ApplicationScoped
public class MailConfiguration {

  @Inject
  @ConfigProperty(name = "callmail.mail.service-name", defaultValue = "callmail")
  String serviceName;

  @Inject
  @ConfigProperty(name = "callmail.mail.portal-url", defaultValue = "https://localhost:8181/")
  String portalUrl;

  @Inject
  @ConfigProperty(name = "callmail.mail.sender", defaultValue = "noreply@callmail.test")
  String sender;

  @Inject
  @ConfigProperty(name = "callmail.mail.subject", defaultValue = "着信お知らせメール")
  String subject;

  @Inject
  @ConfigProperty(name = "callmail.mail.fax-subject", defaultValue = MailSettings.FAX_SUBJECT)
  String faxSubject;

  @Inject
  @ConfigProperty(
      name = "callmail.mail.password-notice-subject",
      defaultValue = MailSettings.PASSWORD_NOTICE_SUBJECT)
  String passwordNoticeSubject;

  @Inject
  @ConfigProperty(name = "callmail.mail.retry.first-delay-seconds", defaultValue = "30")
  long firstDelaySeconds;

  @Inject
  @ConfigProperty(name = "callmail.mail.retry.multiplier", defaultValue = "2")
  double multiplier;

  @Inject
  @ConfigProperty(name = "callmail.mail.retry.max-delay-seconds", defaultValue = "3600")
  long maxDelaySeconds;

  @Inject
  @ConfigProperty(name = "callmail.mail.retry.give-up-hours", defaultValue = "24")
  long giveUpHours;

  @Inject
  @ConfigProperty(name = "callmail.mail.dispatch.senders", defaultValue = "2")
  int senders;

  @Inject
  @ConfigProperty(name = "callmail.mail.dispatch.batch-size", defaultValue = "50")
  int batchSize;

  @Inject
  @ConfigProperty(name = "callmail.mail.dispatch.keep-alive-millis", defaultValue = "1000")
  long keepAliveMillis;

  @Inject
  @ConfigProperty(name = "callmail.mail.dispatch.lease-seconds", defaultValue = "300")
  long leaseSeconds;

  @Inject
  @ConfigProperty(name = "callmail.mail.dispatch.record-every-millis", defaultValue = "0")
  long recordEveryMillis;

  @Produces
  public MailSettings mailSettings() {
    return new MailSettings(
        serviceName, portalUrl, sender, subject, passwordNoticeSubject, faxSubject);
  }

  @Produces
  public RetrySchedule retrySchedule() {
    return new RetrySchedule(
        Duration.ofSeconds(firstDelaySeconds),
        multiplier,
        Duration.ofSeconds(maxDelaySeconds),
        Duration.ofHours(giveUpHours));
  }

  @Produces
  public DispatchSettings dispatchSettings() {
    return new DispatchSettings(
        senders,
        batchSize,
        Duration.ofMillis(keepAliveMillis),
        Duration.ofSeconds(leaseSeconds),
        Duration.ofMillis(recordEveryMillis));
  }
}
