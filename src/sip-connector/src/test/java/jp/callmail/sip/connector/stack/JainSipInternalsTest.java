package jp.callmail.sip.connector.stack;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Fails loudly when jain-sip is no longer the 1.3.0-91 whose internals this package uses: the
 * version, the private and package fields read by reflection, and the texts of the log calls that
 * {@link StackLogTexts} recognises. What the subclasses use of protected members is checked by the
 * compiler. After an upgrade, read the stack's UDP/TCP listeners and channels again.
 */
class JainSipInternalsTest {

  @Test
  void theStackIsThePinnedVersion() throws IOException {
    Properties pom = new Properties();
    try (InputStream in =
        SIPTransactionStack.class.getResourceAsStream(
            "/META-INF/maven/javax.sip/jain-sip-ri/pom.properties")) {
      assertThat(in).as("jain-sip-ri's pom.properties").isNotNull();
      pom.load(in);
    }
    assertThat(pom.getProperty("version"))
        .as(
            "jain-sip-ri version: package jp.callmail.sip.connector.stack is written against 1.3.0-91")
        .isEqualTo("1.3.0-91");
  }

  @Test
  void theFieldsReadByReflectionExist() throws Exception {
    assertThat(InputSources.INCOMING_PACKET).as("UDPMessageChannel.incomingPacket").isNotNull();
    assertThat(SIPTransactionStack.class.getDeclaredField("threadPoolSize").getType())
        .isEqualTo(int.class);
    assertThat(SIPTransactionStack.class.getDeclaredField("udpFlag").getType())
        .isEqualTo(boolean.class);
  }

  @Test
  void theRecognisedLogTextsAreStillWhatTheStackLogs() throws IOException {
    String udp = classText("gov/nist/javax/sip/stack/UDPMessageChannel.class");
    String tcp = classText("gov/nist/javax/sip/stack/TCPMessageChannel.class");
    String connection =
        classText("gov/nist/javax/sip/stack/ConnectionOrientedMessageChannel.class");
    assertThat(udp).contains(StackLogTexts.DATAGRAM_FAILED);
    assertThat(tcp).contains("Malformed mandatory headers: closing socket!");
    for (String text : StackLogTexts.REFUSED) {
      assertThat(udp).contains(text);
      assertThat(connection).contains(text);
    }
    assertThat(udp).contains("bad message ", ">>> Dropped Bad Msg");
    assertThat(connection).contains("bad message ");
  }

  @Test
  void classifiesStackErrors() {
    assertThat(StackLogTexts.classify("Error while processing incoming UDP packet[1, 2, 3]"))
        .isEqualTo(StackLogTexts.Kind.DATAGRAM_FAILED);
    assertThat(StackLogTexts.classify("Malformed mandatory headers: closing socket! :Socket[...]"))
        .isEqualTo(StackLogTexts.Kind.ALREADY_REPORTED);
    assertThat(
            StackLogTexts.classify("Dropping Badly formatted response message >>> SIP/2.0 200 OK"))
        .isEqualTo(StackLogTexts.Kind.REFUSED_MESSAGE);
    assertThat(
            StackLogTexts.reasonAndMessage(
                "Dropping Badly formatted response message >>> SIP/2.0 200 OK"))
        .containsExactly("Dropping Badly formatted response message", "SIP/2.0 200 OK");
    assertThat(StackLogTexts.classify("Could not start the timer"))
        .isEqualTo(StackLogTexts.Kind.STACK_ERROR);
  }

  /** The class file as Latin-1 text: its string constants appear in it as they are (ASCII). */
  private static String classText(String resource) throws IOException {
    try (InputStream in =
        SIPTransactionStack.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
