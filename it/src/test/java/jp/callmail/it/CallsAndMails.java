package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;

/** What the mail tests share: a call placed with sipp, a mail read as its recipient reads it. */
final class CallsAndMails {

  private CallsAndMails() {}

  /** Runs a callee and a caller to their ends; both scenarios must pass. */
  static void placeCall(Sipp callee, Sipp caller) throws Exception {
    try {
      callee.start();
      caller.start();
      assertEquals(0, caller.await(), () -> "caller failed:\n" + caller.transcript());
      assertEquals(0, callee.await(), () -> "callee failed:\n" + callee.transcript());
    } finally {
      caller.stop();
      callee.stop();
    }
  }

  /** The body as the recipient reads it, with the CRLF of the wire turned into \n. */
  static String text(MimeMessage message) throws Exception {
    return ((String) message.getContent()).replace("\r\n", "\n").stripTrailing();
  }

  /** An RFC 9457 problem naming the field and the rule, with a readable detail. */
  static void assertProblem(ApiClient.Reply reply, int status, String field, String rule) {
    assertEquals(status, reply.status(), reply.text());
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    assertEquals(field, reply.object().getString("field"), reply.text());
    assertEquals(rule, reply.object().getString("rule"), reply.text());
    assertTrue(reply.object().getString("detail").length() > 10, reply.text());
  }

  /** The proxy's SIP port in the test boot. */
  static int sipPort() {
    return Integer.getInteger("callmail.it.sip-port");
  }
}
