package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;

/**
 * The temporary-password IVR (SPEC §6) from outside: sipp dials the IVR number through callmail's
 * SIP port and keys in the guide's dialogue as RFC 4733 telephone-events or SIP INFO; the test
 * hears the IVR's audio on its own RTP socket and logs in to the portal with what it set.
 */
@ExtendWith(ArquillianExtension.class)
class IvrIT {

  private static final String IVR = "0722427142";
  private static final String CONTRACT = "IT-IVR";
  private static int lineSequence = 0;
  private static Browser browser;

  private final ApiClient api = ApiClient.operator();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ClientSide.callmailWar();
  }

  @BeforeAll
  static void contractAndBrowser() throws Exception {
    ApiClient.Reply created =
        ApiClient.operator()
            .post("/contracts", "{\"code\":\"" + CONTRACT + "\",\"name\":\"IVRテスト株式会社\"}");
    assertTrue(created.status() == 201 || created.status() == 409, created.text());
    browser = new Browser("ivr", Browser.DESKTOP);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theLineItselfSetsATemporaryPasswordWithRfc4733TonesAndLogsInWithIt() throws Exception {
    String line = newLine("");
    ApiClient.Reply settings =
        api.put(
            "/lines/" + line + "/settings",
            "{\"recipients\":[{\"address\":\"ivr-notice@callmail.test\",\"send\":false,\"form\":\"PC\",\"charset\":\"UTF-8\"}]}");
    assertEquals(200, settings.status(), settings.text());
    GreenMail smtp = ClientSide.startSmtp();
    try {
      try (IvrPhone phone = new IvrPhone("rfc4733")) {
        phone.pressAsRtp("0#" + line + "#12*45678#12*45678#", 1500).awaitHangUp();
        Sipp caller = phone.caller(IVR, line).start();
        assertEquals(0, caller.await(), caller::transcript);
        assertPromptAudio(phone.audio());
      }
      // Every address of the line hears of it (送信する or not), with the network's caller, never the
      // password.
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (ClientSide.mailsTo(smtp, "ivr-notice@callmail.test").isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      List<MimeMessage> notices = ClientSide.mailsTo(smtp, "ivr-notice@callmail.test");
      assertEquals(1, notices.size(), "the temporary-password notice");
      MimeMessage notice = notices.get(0);
      assertEquals("ivr-notice@callmail.test", notice.getAllRecipients()[0].toString());
      assertEquals("仮パスワード設定のお知らせ", MimeUtility.decodeText(notice.getHeader("Subject", null)));
      String text = ((String) notice.getContent()).replace("\r\n", "\n"); // mail lines end in CRLF
      assertTrue(text.contains("設定方法:電話(仮パスワード設定番号)から、発信者番号 " + line + "\n"), text);
      assertFalse(text.contains("12*45678"), "never the password");
    } finally {
      smtp.stop();
    }
    assertLoginNeedsPasswordChange(line, "12*45678");
  }

  @Test
  void anAuthenticationNumberSetsTheLinesPasswordWithSipInfo() throws Exception {
    String authentication = "0677700" + String.format("%03d", ++lineSequence);
    String line = newLine(",\"authenticationNumbers\":[\"" + authentication + "\"]");
    try (IvrPhone phone = new IvrPhone("info")) {
      phone
          .pressAsInfo("0#" + line + "#", true)
          .pressAsInfo("*1234567#*1234567#", false)
          .awaitHangUp();
      Sipp caller = phone.caller(IVR, authentication).start();
      assertEquals(0, caller.await(), caller::transcript);
    }
    assertLoginNeedsPasswordChange(line, "*1234567");
  }

  @Test
  void threeInvalidEntriesSendTheCallerBackToTheFirstStep() throws Exception {
    String line = newLine("");
    try (IvrPhone phone = new IvrPhone("three-strikes")) {
      // Three passwords that break the rules (no '*', all '*', too short): back to step 1, where
      // "0#" is the menu choice again, not a fourth password.
      phone
          .pressAsRtp("0#" + line + "#12345678#********#12*4#", 1500)
          .pressAsRtp("0#" + line + "#9*9*9*9*#9*9*9*9*#", 500)
          .awaitHangUp();
      Sipp caller = phone.caller(IVR, line).start();
      assertEquals(0, caller.await(), caller::transcript);
    }
    assertLoginNeedsPasswordChange(line, "9*9*9*9*");
  }

  @Test
  void aCallerThatIsNoLineIsRefusedAndAWithheldOneToo() throws Exception {
    expectRefusal(
        "ivr-stranger",
        "127.0.0.1",
        "<sip:0699999999@127.0.0.1;user=phone>",
        "P-Asserted-Identity: <sip:0699999999@127.0.0.1;user=phone>",
        null);
    expectRefusal(
        "ivr-withheld",
        "127.0.0.1",
        "\"Anonymous\" <sip:anonymous@anonymous.invalid>",
        "P-Asserted-Identity: <sip:0312345678@127.0.0.1;user=phone>",
        "Privacy: id");
  }

  /**
   * The IVR believes the network only (SPEC §6): a line's number in From proves nothing, nor does
   * an assertion from a source that is no upstream peer.
   */
  @Test
  void onlyTheUpstreamNetworksAssertionCounts() throws Exception {
    String line = newLine("");
    // the line's number in From, but no assertion
    expectRefusal(
        "ivr-from-only", "127.0.0.1", "<sip:" + line + "@127.0.0.1;user=phone>", null, null);
    // the line's number in From, the network asserts another caller
    expectRefusal(
        "ivr-other-asserted",
        "127.0.0.1",
        "<sip:" + line + "@127.0.0.1;user=phone>",
        "P-Asserted-Identity: <sip:0699999999@127.0.0.1;user=phone>",
        null);
    // the line's number asserted by a stranger, and by a peer that is downstream only
    expectRefusal(
        "ivr-stranger-asserts",
        "127.0.0.2",
        "<sip:" + line + "@127.0.0.2;user=phone>",
        "P-Asserted-Identity: <sip:" + line + "@127.0.0.2;user=phone>",
        null);
    expectRefusal(
        "ivr-downstream-asserts",
        "127.0.0.3",
        "<sip:" + line + "@127.0.0.3;user=phone>",
        "P-Asserted-Identity: <sip:" + line + "@127.0.0.3;user=phone>",
        null);
  }

  private static void expectRefusal(
      String name, String source, String from, String assertion, String more) throws Exception {
    Sipp caller =
        Sipp.caller(
                name,
                "uac-expect-error.xml",
                Integer.getInteger("callmail.it.sip-port"),
                IVR,
                "it-" + name + "-" + System.nanoTime())
            .from(source)
            .option("-key", "from_hdr", from, "-set", "expect_code", "403");
    if (assertion != null) {
      caller.option("-set", "extra_hdr", assertion);
    }
    if (more != null) {
      caller.option("-set", "extra_hdr2", more);
    }
    caller.start();
    try {
      assertEquals(0, caller.await(), caller::transcript);
    } finally {
      caller.stop();
    }
  }

  @Test
  void aHangUpMidDialogueChangesNothing() throws Exception {
    String line = newLine("");
    String issued =
        api.post("/lines/" + line + "/temporary-password", "")
            .object()
            .getString("temporaryPassword");
    try (IvrPhone phone = new IvrPhone("hang-up")) {
      phone.pressAsInfo("0#" + line + "#55*55555#", true).hangUp();
      Sipp caller = phone.caller(IVR, line).start();
      assertEquals(0, caller.await(), caller::transcript);
    }
    WebDriver d = browser.driver;
    PortalIT.login(d, line, "55*55555");
    assertTrue(
        d.getCurrentUrl().contains("login.xhtml"),
        "the half-entered password was never set: " + d.getCurrentUrl());
    assertLoginNeedsPasswordChange(line, issued);
  }

  // --------------------------------------------------------------------------------------

  private String newLine(String extraJson) throws Exception {
    String number = "0677710" + String.format("%03d", ++lineSequence);
    ApiClient.Reply reply =
        api.post(
            "/lines",
            "{\"number\":\"" + number + "\",\"contract\":\"" + CONTRACT + "\"" + extraJson + "}");
    assertEquals(201, reply.status(), reply.text());
    return number;
  }

  private void assertLoginNeedsPasswordChange(String line, String temporary) {
    WebDriver d = browser.driver;
    d.manage().deleteAllCookies();
    String message = PortalIT.login(d, line, temporary);
    assertTrue(
        d.getCurrentUrl().contains("password.xhtml"),
        "a temporary password logs in and must be changed first; got "
            + d.getCurrentUrl()
            + " "
            + message);
    d.manage().deleteAllCookies();
  }

  /**
   * RTP as RFC 3550/3551 say: G.711 in 20 ms packets, consecutive sequence numbers, timestamps
   * +160.
   */
  private static void assertPromptAudio(List<byte[]> packets) {
    assertTrue(
        packets.size() >= 50,
        "at least a second of prompt audio arrived, got " + packets.size() + " packets");
    ByteBuffer first = ByteBuffer.wrap(packets.get(0));
    assertEquals(2, (first.get(0) & 0xff) >> 6, "RTP version 2");
    int payloadType = first.get(1) & 0x7f;
    assertTrue(payloadType == 0 || payloadType == 8, "PCMU or PCMA, got " + payloadType);
    assertTrue((first.get(1) & 0x80) != 0, "the first packet of a prompt has the marker bit");
    int consecutive = 0;
    for (int i = 1; i < packets.size(); i++) {
      ByteBuffer previous = ByteBuffer.wrap(packets.get(i - 1));
      ByteBuffer next = ByteBuffer.wrap(packets.get(i));
      assertEquals(172, packets.get(i).length, "12-byte header + 160 samples");
      int sequenceStep = ((next.getShort(2) & 0xffff) - (previous.getShort(2) & 0xffff)) & 0xffff;
      assertEquals(1, sequenceStep, "sequence numbers are consecutive at packet " + i);
      long timestampStep =
          ((next.getInt(4) & 0xffffffffL) - (previous.getInt(4) & 0xffffffffL)) & 0xffffffffL;
      if (timestampStep == 160) {
        consecutive++;
      } else {
        assertTrue(
            (next.get(1) & 0x80) != 0,
            "a timestamp jump only at a new prompt (marker bit), packet " + i);
      }
      assertEquals(first.getInt(8), next.getInt(8), "one SSRC");
    }
    assertFalse(consecutive < packets.size() / 2, "timestamps advance by 160 per packet");
  }
}
