package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Properties;
import jp.callmail.infrastructure.mail.DeliveryOutcome.Status;
import org.junit.jupiter.api.Test;

/**
 * The classifier against what Angus Mail's {@code Transport.send} really throws when a relay
 * answers with a given reply, rather than against exceptions built by hand.
 */
class SmtpFailureClassifierSessionTest {

  @Test
  void aRejectedRecipientIsPermanentWithTheRelaysReply() throws Exception {
    String reply = "550 5.1.1 <x@example.com>: Recipient address rejected";

    DeliveryOutcome outcome = sendThrough(Map.of("RCPT", reply));

    assertThat(outcome).isEqualTo(DeliveryOutcome.permanentFailure(reply));
  }

  @Test
  void aGreylistedRecipientIsTemporary() throws Exception {
    String reply = "450 4.2.0 <x@example.com>: Recipient address rejected: Greylisted";

    DeliveryOutcome outcome = sendThrough(Map.of("RCPT", reply));

    assertThat(outcome).isEqualTo(DeliveryOutcome.temporaryFailure(reply));
  }

  @Test
  void aRejectedSenderIsPermanent() throws Exception {
    String reply = "553 5.7.1 <callmail@example.jp>: Sender address rejected";

    DeliveryOutcome outcome = sendThrough(Map.of("MAIL", reply));

    assertThat(outcome).isEqualTo(DeliveryOutcome.permanentFailure(reply));
  }

  @Test
  void aMessageRejectedAfterDataIsPermanent() throws Exception {
    String reply = "554 5.7.1 Message rejected as spam";

    DeliveryOutcome outcome = sendThrough(Map.of("END_OF_DATA", reply));

    assertThat(outcome).isEqualTo(DeliveryOutcome.permanentFailure(reply));
  }

  @Test
  void aQueueErrorAfterDataIsTemporary() throws Exception {
    String reply = "451 4.3.0 Error: queue file write error";

    DeliveryOutcome outcome = sendThrough(Map.of("END_OF_DATA", reply));

    assertThat(outcome).isEqualTo(DeliveryOutcome.temporaryFailure(reply));
  }

  @Test
  void aRelayShuttingDownIsTemporary() throws Exception {
    DeliveryOutcome outcome = sendThrough(Map.of("MAIL", "421 4.3.2 Service shutting down"));

    // The relay closes the connection after 421, so Angus Mail may report the broken connection.
    assertThat(outcome.status()).isEqualTo(Status.TEMPORARY_FAILURE);
  }

  @Test
  void aBusyGreetingIsTemporary() throws Exception {
    DeliveryOutcome outcome = sendThrough(Map.of("GREETING", "421 4.3.2 Too many connections"));

    assertThat(outcome.status()).isEqualTo(Status.TEMPORARY_FAILURE);
    assertThat(outcome.reply()).endsWith("response: 421 4.3.2 Too many connections");
  }

  @Test
  void aRefusedConnectionIsTemporary() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    MessagingException thrown =
        assertThrows(MessagingException.class, () -> Transport.send(message(closedPort)));
    DeliveryOutcome outcome = SmtpFailureClassifier.classify(thrown);

    assertThat(outcome.status()).isEqualTo(Status.TEMPORARY_FAILURE);
    assertThat(outcome.reply()).contains("java.net.ConnectException");
  }

  private static DeliveryOutcome sendThrough(Map<String, String> script)
      throws IOException, InterruptedException, MessagingException {
    try (ScriptedSmtpPeer peer = ScriptedSmtpPeer.start(script)) {
      Message message = message(peer.port());
      MessagingException thrown =
          assertThrows(MessagingException.class, () -> Transport.send(message));
      return SmtpFailureClassifier.classify(thrown);
    }
  }

  private static Message message(int port) throws MessagingException {
    Properties properties = new Properties();
    properties.setProperty("mail.smtp.host", InetAddress.getLoopbackAddress().getHostAddress());
    properties.setProperty("mail.smtp.port", Integer.toString(port));
    properties.setProperty("mail.smtp.localhost", "callmail.example.jp");
    properties.setProperty("mail.smtp.connectiontimeout", "5000");
    properties.setProperty("mail.smtp.timeout", "5000");
    MimeMessage message = new MimeMessage(Session.getInstance(properties));
    message.setFrom(new InternetAddress("callmail@example.jp"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("x@example.com"));
    message.setSubject("着信お知らせメール", "UTF-8");
    message.setText("着信日時:2006/01/02 15:04:05", "UTF-8");
    return message;
  }
}
