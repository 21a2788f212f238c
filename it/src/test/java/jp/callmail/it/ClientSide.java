package jp.callmail.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What the tests that drive callmail from outside share: the application as built, and a mail
 * server.
 */
final class ClientSide {

  static final int SMTP_PORT = Integer.getInteger("callmail.it.smtp-port");

  private ClientSide() {}

  /** The application's war exactly as the build made it, with nothing added for tests. */
  static WebArchive callmailWar() {
    File war = new File(System.getProperty("callmail.it.deployables"), "callmail.war");
    return ShrinkWrap.create(ZipImporter.class, "callmail.war")
        .importFrom(war)
        .as(WebArchive.class);
  }

  /** A GreenMail SMTP server on the port the test boot's mail session uses. */
  static GreenMail startSmtp() {
    GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));
    smtp.start();
    return smtp;
  }

  /**
   * The mails GreenMail received for one address: other tests' mails may arrive too. The To header
   * is read leniently, as an old-style mobile address (taro..hanako@docomo.ne.jp) is one that
   * Jakarta Mail's strict parser refuses.
   */
  static List<MimeMessage> mailsTo(GreenMail smtp, String address) {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage mail : smtp.getReceivedMessages()) {
      try {
        String to = mail.getHeader("To", ",");
        for (Address each : to == null ? new Address[0] : InternetAddress.parseHeader(to, false)) {
          if (((InternetAddress) each).getAddress().equalsIgnoreCase(address)) {
            found.add(mail);
          }
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return found;
  }
}
