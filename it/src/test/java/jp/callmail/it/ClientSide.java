package jp.callmail.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.File;
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
}
