package jp.callmail.infrastructure.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.callmail.infrastructure.mail.DeliveryOutcome.Status;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressSucceededException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Classification of the exception types that Angus Mail, the server's implementation, throws. */
class SmtpFailureClassifierTest {

  private static final String RECIPIENT = "x@example.com";

  /** Replies as relays word them, with the trailing newline Angus Mail keeps. */
  private static final Map<Integer, String> REPLIES =
      Map.of(
          421, "421 4.3.2 Service shutting down and closing transmission channel",
          450, "450 4.2.0 <x@example.com>: Recipient address rejected: Greylisted",
          451, "451 4.3.0 Error: queue file write error",
          452, "452 4.5.3 Error: too many recipients",
          550, "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown",
          551, "551 5.1.6 User not local; please try <y@example.org>",
          552, "552 5.2.2 Mailbox full",
          553, "553 5.1.3 <x@@example.com>: Address syntax error",
          554, "554 5.7.1 Message rejected as spam");

  /** The three Angus exception types that carry a reply code. */
  enum AngusType {
    SEND_FAILED,
    ADDRESS_FAILED,
    SENDER_FAILED
  }

  static Stream<Arguments> everyReplyFromEveryAngusType() {
    List<Arguments> cases = new ArrayList<>();
    for (int code : new int[] {421, 450, 451, 452, 550, 551, 552, 553, 554}) {
      for (AngusType type : AngusType.values()) {
        cases.add(Arguments.of(code, type));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("everyReplyFromEveryAngusType")
  void fourHundredsAreTemporaryAndFiveHundredsPermanentKeepingTheReply(int code, AngusType type)
      throws AddressException {
    String reply = REPLIES.get(code);
    MessagingException failure =
        switch (type) {
          case SEND_FAILED ->
              new SMTPSendFailedException(
                  "DATA", code, reply + "\n", null, new Address[0], new Address[0], new Address[0]);
          case ADDRESS_FAILED ->
              new SMTPAddressFailedException(
                  new InternetAddress(RECIPIENT),
                  "RCPT TO:<" + RECIPIENT + ">",
                  code,
                  reply + "\n");
          case SENDER_FAILED ->
              new SMTPSenderFailedException(
                  new InternetAddress("callmail@example.jp"),
                  "MAIL FROM:<callmail@example.jp>",
                  code,
                  reply + "\n");
        };

    DeliveryOutcome outcome = SmtpFailureClassifier.classify(failure);

    assertThat(outcome.status())
        .isEqualTo(code / 100 == 4 ? Status.TEMPORARY_FAILURE : Status.PERMANENT_FAILURE);
    assertThat(outcome.reply()).isEqualTo(reply);
  }

  @Test
  void aRejectedRecipientInsideSendFailedExceptionIsPermanent() throws AddressException {
    SendFailedException failure = invalidAddresses(addressFailed(550, REPLIES.get(550)));

    assertThat(SmtpFailureClassifier.classify(failure))
        .isEqualTo(DeliveryOutcome.permanentFailure(REPLIES.get(550)));
  }

  @Test
  void aGreylistedRecipientInsideSendFailedExceptionIsTemporary() throws AddressException {
    SendFailedException failure = invalidAddresses(addressFailed(450, REPLIES.get(450)));

    assertThat(SmtpFailureClassifier.classify(failure))
        .isEqualTo(DeliveryOutcome.temporaryFailure(REPLIES.get(450)));
  }

  @Test
  void aRejectedSenderAsAngusChainsItIsPermanent() throws AddressException {
    String reply = "553 5.7.1 <callmail@example.jp>: Sender address rejected";
    SMTPSendFailedException failure =
        new SMTPSendFailedException(
            "MAIL FROM:<callmail@example.jp>", 553, reply, null, null, null, null);
    failure.setNextException(
        new SMTPSenderFailedException(
            new InternetAddress("callmail@example.jp"), "MAIL FROM", 553, reply));

    assertThat(SmtpFailureClassifier.classify(failure))
        .isEqualTo(DeliveryOutcome.permanentFailure(reply));
  }

  @Test
  void anyTemporaryReplyInTheChainWinsOverAPermanentOne() throws AddressException {
    SMTPAddressFailedException rejected = addressFailed(550, REPLIES.get(550));
    rejected.setNextException(addressFailed(452, REPLIES.get(452)));

    assertThat(SmtpFailureClassifier.classify(invalidAddresses(rejected)))
        .isEqualTo(DeliveryOutcome.temporaryFailure(REPLIES.get(452)));
  }

  @Test
  void anAcceptedRecipientInTheChainIsIgnored() throws AddressException {
    SMTPAddressSucceededException accepted =
        new SMTPAddressSucceededException(
            new InternetAddress("y@example.com"), "RCPT TO:<y@example.com>", 250, "250 2.1.5 Ok");
    accepted.setNextException(addressFailed(550, REPLIES.get(550)));

    assertThat(SmtpFailureClassifier.classify(invalidAddresses(accepted)))
        .isEqualTo(DeliveryOutcome.permanentFailure(REPLIES.get(550)));
  }

  @Test
  void aConnectionRefusedIsTemporaryAndSaysSo() {
    MessagingException failure =
        new MessagingException(
            "Could not connect to SMTP host: relay.example.jp, port: 25",
            new ConnectException("Connection refused"));

    DeliveryOutcome outcome = SmtpFailureClassifier.classify(failure);

    assertThat(outcome.status()).isEqualTo(Status.TEMPORARY_FAILURE);
    assertThat(outcome.reply())
        .isEqualTo(
            "Could not connect to SMTP host: relay.example.jp, port: 25"
                + " (java.net.ConnectException: Connection refused)");
  }

  @Test
  void angusConnectFailureIsTemporary() {
    MailConnectException failure =
        new MailConnectException(
            new SocketConnectException(
                "Connection refused",
                new ConnectException("Connection refused"),
                "relay.example.jp",
                25,
                10_000));

    DeliveryOutcome outcome = SmtpFailureClassifier.classify(failure);

    assertThat(outcome.status()).isEqualTo(Status.TEMPORARY_FAILURE);
    assertThat(outcome.reply())
        .startsWith("Couldn't connect to host, port: relay.example.jp, 25")
        .endsWith("(java.net.ConnectException: Connection refused)");
  }

  static Stream<IOException> networkFailures() {
    return Stream.of(
        new SocketTimeoutException("Read timed out"),
        new UnknownHostException("relay.example.jp"),
        new java.net.SocketException("Broken pipe"),
        new java.io.EOFException());
  }

  @ParameterizedTest
  @MethodSource("networkFailures")
  void otherNetworkFailuresAreTemporary(IOException cause) {
    MessagingException failure = new MessagingException("Exception reading response", cause);

    DeliveryOutcome outcome = SmtpFailureClassifier.classify(failure);

    assertThat(outcome.status()).isEqualTo(Status.TEMPORARY_FAILURE);
    assertThat(outcome.reply())
        .startsWith("Exception reading response (")
        .contains(cause.getClass().getName());
  }

  @Test
  void aNetworkFailureWinsOverAnEarlierPermanentReply() throws AddressException {
    SMTPSendFailedException failure =
        new SMTPSendFailedException(
            ".",
            554,
            REPLIES.get(554),
            new java.net.SocketException("Connection reset"),
            null,
            null,
            null);

    assertThat(SmtpFailureClassifier.classify(failure).status())
        .isEqualTo(Status.TEMPORARY_FAILURE);
  }

  @Test
  void aPlainMessagingExceptionWithNoCodeIsTemporary() {
    MessagingException failure = new MessagingException("Got bad greeting from SMTP host");

    assertThat(SmtpFailureClassifier.classify(failure))
        .isEqualTo(DeliveryOutcome.temporaryFailure("Got bad greeting from SMTP host"));
  }

  @Test
  void anExceptionWithoutAnyMessageIsTemporaryAndNamed() {
    assertThat(SmtpFailureClassifier.classify(new MessagingException()))
        .isEqualTo(DeliveryOutcome.temporaryFailure("jakarta.mail.MessagingException"));
  }

  @Test
  void aClosedConnectionWithoutReplyCodeIsTemporary() {
    SMTPSendFailedException failure =
        new SMTPSendFailedException("DATA", -1, "[EOF]", null, null, null, null);

    assertThat(SmtpFailureClassifier.classify(failure))
        .isEqualTo(DeliveryOutcome.temporaryFailure("[EOF]"));
  }

  @Test
  void aFailedLoginIsTemporaryEvenWithAFiveHundredCode() {
    AuthenticationFailedException failure =
        new AuthenticationFailedException("535 5.7.8 Error: authentication failed\n");

    assertThat(SmtpFailureClassifier.classify(failure))
        .isEqualTo(DeliveryOutcome.temporaryFailure("535 5.7.8 Error: authentication failed"));
  }

  @Test
  void withoutTheImplementationTheCodeIsReadFromTheMessage() {
    MessagingException temporary = new MessagingException("451 4.7.1 Please try again later");
    MessagingException permanent = new MessagingException("554-5.7.1 Relay access denied\n554 end");

    assertThat(SmtpFailureClassifier.classify(temporary).status())
        .isEqualTo(Status.TEMPORARY_FAILURE);
    assertThat(SmtpFailureClassifier.classify(permanent))
        .isEqualTo(DeliveryOutcome.permanentFailure("554-5.7.1 Relay access denied 554 end"));
  }

  @Test
  void digitsThatAreNotALeadingReplyCodeAreNotACode() {
    assertThat(SmtpFailureClassifier.replyCode(new MessagingException("5500 is not a code")))
        .isEqualTo(-1);
    assertThat(SmtpFailureClassifier.replyCode(new MessagingException("timeout 550 ms")))
        .isEqualTo(-1);
    assertThat(SmtpFailureClassifier.replyCode(new MessagingException("550"))).isEqualTo(550);
  }

  /** An implementation's exception other than Angus Mail's: only the method name matters. */
  public static class OtherImplementationException extends MessagingException {
    private final int returnCode;

    public OtherImplementationException(int returnCode, String message) {
      super(message);
      this.returnCode = returnCode;
    }

    public int getReturnCode() {
      return returnCode;
    }
  }

  @Test
  void anyGetReturnCodeIsReadAndTheCodeAddedToTheReply() {
    assertThat(
            SmtpFailureClassifier.classify(new OtherImplementationException(552, "Mailbox full")))
        .isEqualTo(DeliveryOutcome.permanentFailure("552 Mailbox full"));
  }

  @Test
  void theReturnCodeIsPreferredToTheMessage() throws AddressException {
    assertThat(SmtpFailureClassifier.classify(addressFailed(450, "550 looks permanent")).status())
        .isEqualTo(Status.TEMPORARY_FAILURE);
  }

  @Test
  void aCycleOfNextExceptionsEnds() {
    MessagingException first = new MessagingException("first");
    MessagingException second = new MessagingException("second");
    first.setNextException(second);
    second.setNextException(first);

    assertThat(SmtpFailureClassifier.classify(first))
        .isEqualTo(DeliveryOutcome.temporaryFailure("first"));
  }

  @Test
  void refusesNull() {
    assertThatNullPointerException().isThrownBy(() -> SmtpFailureClassifier.classify(null));
  }

  private static SMTPAddressFailedException addressFailed(int code, String reply)
      throws AddressException {
    return new SMTPAddressFailedException(
        new InternetAddress(RECIPIENT), "RCPT TO:<" + RECIPIENT + ">", code, reply + "\n");
  }

  /** What Angus Mail throws when recipients are refused: the per-address failures come next. */
  private static SendFailedException invalidAddresses(MessagingException perAddress)
      throws AddressException {
    return new SendFailedException(
        "Invalid Addresses",
        perAddress,
        new Address[0],
        new Address[0],
        new Address[] {new InternetAddress(RECIPIENT)});
  }
}
