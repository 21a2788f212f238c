package jp.callmail.infrastructure.mail;

import static jp.callmail.infrastructure.mail.MailFixtures.SAMPLE;
import static jp.callmail.infrastructure.mail.MailFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import jp.callmail.domain.model.line.MailCharset;
import jp.callmail.domain.model.line.MailForm;
import jp.callmail.domain.model.mail.MailKind;
import jp.callmail.infrastructure.mail.DeliveryOutcome.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batches over real SMTP sessions: how many connections they take, and what each mail comes to. */
class BatchSenderTest {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @Test
  void batchesGoOverOneConnectionKeptBetweenThem() throws Exception {
    try (CountingSmtpRelay relay = new CountingSmtpRelay()) {
      Session session = session(relay.port());
      BatchSender sender = new BatchSender(session, SETTINGS);
      try (SmtpConnection connection = new SmtpConnection(session)) {
        List<MailAttempt> first = sender.send(connection, mails(1, 3), () -> true);
        List<MailAttempt> second = sender.send(connection, mails(4, 5), () -> true);

        assertThat(first).extracting(MailAttempt::id).containsExactly(1L, 2L, 3L);
        assertThat(second).extracting(MailAttempt::id).containsExactly(4L, 5L);
        assertThat(concat(first, second))
            .allSatisfy(
                attempt -> {
                  assertThat(attempt.outcome().status()).isEqualTo(Status.SENT);
                  assertThat(attempt.outcome().reply()).startsWith("250 2.0.0 Ok: queued as");
                });
        assertThat(relay.accepted()).isEqualTo(5);
        assertThat(relay.sessions()).isEqualTo(1);
        assertThat(relay.noops())
            .as("the kept connection checked once, before the second batch")
            .isEqualTo(1);
      }
      assertThat(relay.sessions()).isEqualTo(1);
    }
  }

  @Test
  void eachOutcomeIsHandedOverOnceTheRelayAcceptedTheMailBeforeTheNextGoesOut() throws Exception {
    try (CountingSmtpRelay relay = new CountingSmtpRelay()) {
      Session session = session(relay.port());
      List<List<Long>> handed = new ArrayList<>();
      List<Integer> acceptedAtHandOver = new ArrayList<>();
      try (SmtpConnection connection = new SmtpConnection(session)) {
        List<MailAttempt> all =
            new BatchSender(session, SETTINGS)
                .send(
                    connection,
                    mails(1, 3),
                    BatchSender.Lease.HELD,
                    Duration.ZERO,
                    outcomes -> {
                      handed.add(outcomes.stream().map(MailAttempt::id).toList());
                      acceptedAtHandOver.add(relay.accepted());
                    });

        assertThat(all).extracting(MailAttempt::id).containsExactly(1L, 2L, 3L);
      }
      // a dying instance leaves at most the mail in flight to be sent again, not the whole batch
      assertThat(handed).containsExactly(List.of(1L), List.of(2L), List.of(3L));
      assertThat(acceptedAtHandOver).containsExactly(1, 2, 3);
    }
  }

  @Test
  void withoutAnIntervalTheOutcomesAreHandedOverOnceAtTheEnd() throws Exception {
    try (CountingSmtpRelay relay = new CountingSmtpRelay()) {
      Session session = session(relay.port());
      List<List<Long>> handed = new ArrayList<>();
      try (SmtpConnection connection = new SmtpConnection(session)) {
        new BatchSender(session, SETTINGS)
            .send(
                connection,
                mails(1, 3),
                BatchSender.Lease.HELD,
                null,
                outcomes -> handed.add(outcomes.stream().map(MailAttempt::id).toList()));
      }
      assertThat(handed).containsExactly(List.of(1L, 2L, 3L));
    }
  }

  @Test
  void aConnectionTheRelayDroppedIsReplacedBeforeTheNextBatch() throws Exception {
    try (CountingSmtpRelay relay = new CountingSmtpRelay()) {
      Session session = session(relay.port());
      BatchSender sender = new BatchSender(session, SETTINGS);
      try (SmtpConnection connection = new SmtpConnection(session)) {
        sender.send(connection, mails(1, 2), () -> true);
        relay.dropSessions();

        List<MailAttempt> after = sender.send(connection, mails(3, 4), () -> true);

        assertThat(after)
            .extracting(attempt -> attempt.outcome().status())
            .containsOnly(Status.SENT);
        assertThat(relay.accepted()).isEqualTo(4);
        assertThat(relay.sessions()).isEqualTo(2);
      }
    }
  }

  @Test
  void aRefusedRecipientFailsForGoodAndTheNextMailGoesOnAFreshConnection() throws Exception {
    try (CountingSmtpRelay relay = new CountingSmtpRelay()) {
      Session session = session(relay.port());
      List<PreparedMail> batch =
          List.of(mail(1, "a@example.jp"), mail(2, "refused@example.jp"), mail(3, "b@example.jp"));
      try (SmtpConnection connection = new SmtpConnection(session)) {
        List<MailAttempt> attempts =
            new BatchSender(session, SETTINGS).send(connection, batch, () -> true);

        assertThat(attempts)
            .extracting(MailAttempt::outcome)
            .containsExactly(
                attempts.get(0).outcome(),
                DeliveryOutcome.permanentFailure(CountingSmtpRelay.REFUSAL),
                attempts.get(2).outcome());
        assertThat(attempts.get(0).outcome().status()).isEqualTo(Status.SENT);
        assertThat(attempts.get(2).outcome().status()).isEqualTo(Status.SENT);
        assertThat(relay.accepted()).isEqualTo(2);
        assertThat(relay.sessions()).isEqualTo(2);
      }
    }
  }

  @Test
  void aBatchWhoseLeaseIsLostStopsBeforeTheNextMailAndLeavesTheRestUntried() throws Exception {
    try (CountingSmtpRelay relay = new CountingSmtpRelay()) {
      Session session = session(relay.port());
      AtomicInteger asked = new AtomicInteger();
      BatchSender.Lease lostAfterTwo = () -> asked.incrementAndGet() <= 2;
      try (SmtpConnection connection = new SmtpConnection(session)) {
        List<MailAttempt> attempts =
            new BatchSender(session, SETTINGS).send(connection, mails(1, 4), lostAfterTwo);

        assertThat(attempts).extracting(MailAttempt::id).containsExactly(1L, 2L);
        assertThat(attempts)
            .extracting(attempt -> attempt.outcome().status())
            .containsOnly(Status.SENT);
        assertThat(relay.accepted()).as("mails 3 and 4 never reach the relay").isEqualTo(2);
        assertThat(asked).as("asked once before each mail, none after").hasValue(3);
      }
    }
  }

  @Test
  void anUnreachableRelayFailsTheWholeBatchForNow() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Session session = session(closedPort);
    try (SmtpConnection connection = new SmtpConnection(session)) {
      List<MailAttempt> attempts =
          new BatchSender(session, SETTINGS).send(connection, mails(1, 3), () -> true);

      assertThat(attempts).extracting(MailAttempt::id).containsExactly(1L, 2L, 3L);
      assertThat(attempts)
          .allSatisfy(
              attempt -> {
                assertThat(attempt.outcome().status()).isEqualTo(Status.TEMPORARY_FAILURE);
                assertThat(attempt.outcome().reply()).contains("connect");
              });
      assertThat(connection.isOpen()).isFalse();
    }
  }

  @Test
  void anAddressThatCannotBeParsedFailsForGoodAndTheOthersGo() throws Exception {
    try (CountingSmtpRelay relay = new CountingSmtpRelay()) {
      Session session = session(relay.port());
      List<PreparedMail> batch =
          List.of(mail(1, "a@example.jp"), mail(2, "not an address"), mail(3, "b@example.jp"));
      try (SmtpConnection connection = new SmtpConnection(session)) {
        List<MailAttempt> attempts =
            new BatchSender(session, SETTINGS).send(connection, batch, () -> true);

        assertThat(attempts)
            .extracting(attempt -> attempt.outcome().status())
            .containsExactly(Status.SENT, Status.PERMANENT_FAILURE, Status.SENT);
        assertThat(attempts.get(1).outcome().reply()).startsWith("invalid address not an address");
        assertThat(relay.sessions())
            .as("nothing reached the relay: the connection stays")
            .isEqualTo(1);
      }
    }
  }

  @Test
  void mailsOverAKeptConnectionArriveIntact() throws Exception {
    Session session = session(SMTP.getSmtp().getPort());
    BatchSender sender = new BatchSender(session, SETTINGS);
    try (SmtpConnection connection = new SmtpConnection(session)) {
      sender.send(connection, mails(1, 2), () -> true);
      sender.send(connection, List.of(test(3)), () -> true);
    }

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received)
        .extracting(MimeMessage::getMessageID)
        .containsExactlyInAnyOrder(
            "<m-1@callmail.example>", "<m-2@callmail.example>", "<m-3@callmail.example>");
    for (MimeMessage message : received) {
      boolean test = message.getMessageID().equals("<m-3@callmail.example>");
      assertThat(message.getSubject()).isEqualTo(test ? "【テスト】着信お知らせメール" : "着信お知らせメール");
      String body =
          test ? NotificationMailComposerTest.TEST_BODY : NotificationMailComposerTest.PC_BODY;
      assertThat(message.getContent()).isEqualTo(body.replace("\n", "\r\n"));
    }
  }

  private static List<PreparedMail> mails(long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(id -> mail(id, "r" + id + "@example.jp"))
        .toList();
  }

  private static PreparedMail mail(long id, String recipient) {
    return new PreparedMail(
        id,
        MailKind.CALL,
        recipient,
        MailForm.PC,
        MailCharset.UTF_8,
        "m-" + id + "@callmail.example",
        "0612345678",
        SAMPLE,
        null);
  }

  private static PreparedMail test(long id) {
    return new PreparedMail(
        id,
        MailKind.TEST,
        "t" + id + "@example.jp",
        MailForm.PC,
        MailCharset.UTF_8,
        "m-" + id + "@callmail.example",
        "0612345678",
        null,
        null);
  }

  @SafeVarargs
  private static List<MailAttempt> concat(List<MailAttempt>... lists) {
    return Arrays.stream(lists).flatMap(List::stream).toList();
  }

  private static Session session(int port) {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", Integer.toString(port));
    p.setProperty("mail.smtp.connectiontimeout", "5000");
    p.setProperty("mail.smtp.timeout", "5000");
    return Session.getInstance(p);
  }
}
