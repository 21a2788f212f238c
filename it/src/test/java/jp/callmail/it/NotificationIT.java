package jp.callmail.it;

import static jp.callmail.it.CallsAndMails.assertProblem;
import static jp.callmail.it.CallsAndMails.placeCall;
import static jp.callmail.it.CallsAndMails.sipPort;
import static jp.callmail.it.CallsAndMails.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole pipeline from outside, as an operator and a caller would use it: a line provisioned
 * through the REST API, calls placed with sipp through the SIP proxy, and the mails read at a real
 * SMTP server (GreenMail), byte for byte.
 */
@ExtendWith(ArquillianExtension.class)
class NotificationIT {

  private static final String CALLER = "<sip:0612345678@127.0.0.1;user=phone>";
  private static final String FOOTER =
      "\n\nコールメール西日本 「着信お知らせメール」\n"
          + "※各種設定は、サービス設定ホームページから実施してください。\n"
          + "https://portal.callmail.test/\n"
          + "※本メールは送信専用のため返信できません。";
  private static int lineSequence = 0;

  private GreenMail smtp;
  private final ApiClient api = ApiClient.operator();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ClientSide.callmailWar();
  }

  @BeforeAll
  static void contract() throws Exception {
    ApiClient.Reply created =
        ApiClient.operator().post("/contracts", "{\"code\":\"IT-MAIL\",\"name\":\"通知テスト株式会社\"}");
    assertTrue(created.status() == 201 || created.status() == 409, created.text());
  }

  @BeforeEach
  void startSmtp() {
    smtp = ClientSide.startSmtp();
  }

  @AfterEach
  void stopSmtp() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void everyOutcomeMailsTheExactNoticeToEveryCheckedAddressInItsFormAndCharset() throws Exception {
    record Call(
        String calleeScenario,
        String callerScenario,
        String[] calleeOptions,
        String[] callerOptions,
        String caller,
        String reason,
        String ringing,
        String outcome) {}
    List<Call> calls =
        List.of(
            new Call(
                "uas-answer.xml",
                "uac-call.xml",
                opts("-d", "1000"),
                opts("-d", "200", "-key", "from_hdr", CALLER),
                "0612345678",
                "",
                "1",
                "通話"),
            new Call(
                "uas-busy.xml",
                "uac-expect-error.xml",
                opts("-d", "1000"),
                opts("-key", "from_hdr", CALLER, "-set", "expect_code", "486"),
                "0612345678",
                "",
                "1",
                "応答なし"),
            new Call(
                "uas-redirect.xml",
                "uac-expect-error.xml",
                opts(),
                opts("-key", "from_hdr", CALLER, "-set", "expect_code", "302"),
                "0612345678",
                "",
                "0",
                "転送"),
            new Call(
                "uas-ring-forever.xml",
                "uac-cancel.xml",
                opts(),
                opts(
                    "-d",
                    "1000",
                    "-key",
                    "from_hdr",
                    "\"Anonymous\" <sip:anonymous@anonymous.invalid>",
                    "-set",
                    "extra_hdr",
                    "Privacy: id"),
                "",
                "非通知",
                "1",
                "応答なし"),
            new Call(
                "uas-answer.xml",
                "uac-call.xml",
                opts("-d", "1000"),
                opts(
                    "-d",
                    "200",
                    "-key",
                    "from_hdr",
                    "\"Coin line/payphone\" <sip:anonymous@anonymous.invalid>"),
                "",
                "公衆",
                "1",
                "通話"));
    for (Call call : calls) {
      Sipp callee =
          Sipp.callee("mail-" + call.calleeScenario(), call.calleeScenario())
              .option(call.calleeOptions());
      String number =
          newLine(
              callee.routeUri(),
              """
          {"active":true,"recipients":[
            {"address":"pc@callmail.test","send":true,"form":"PC","charset":"UTF-8"},
            {"address":"mobile@callmail.test","send":true,"form":"MOBILE","charset":"ISO-2022-JP"},
            {"address":"silent@callmail.test","send":false,"form":"PC","charset":"UTF-8"}]}""");
      smtp.purgeEmailFromAllMailboxes(); // GreenMail lists mail by mailbox, not by arrival
      int before = 0;
      placeCall(
          callee,
          Sipp.caller(
                  "mail-" + call.callerScenario(),
                  call.callerScenario(),
                  sipPort(),
                  number,
                  "it-mail-" + number)
              .option(call.callerOptions()));
      awaitMail(
          "a mail to each checked address for " + number,
          () ->
              mailsTo("pc@callmail.test", before).size() == 1
                  && mailsTo("mobile@callmail.test", before).size() == 1);

      JsonObject logged = awaitCall(number);
      String callTime = logged.getString("callTime");
      String fields =
          "発信者通知番号:"
              + call.caller()
              + "\n非通知理由:"
              + call.reason()
              + "\n呼出時間:"
              + call.ringing()
              + "秒\n着信状態:"
              + call.outcome();
      MimeMessage pc = onlyMailTo("pc@callmail.test", before);
      MimeMessage mobile = onlyMailTo("mobile@callmail.test", before);
      assertEquals("着信日時:" + callTime + "\n" + fields + FOOTER, text(pc));
      assertEquals("着信日時:" + callTime.replace(' ', '\n') + "\n" + fields + FOOTER, text(mobile));
      assertEquals("着信お知らせメール", MimeUtility.decodeText(pc.getHeader("Subject", null)));
      assertEquals("着信お知らせメール", MimeUtility.decodeText(mobile.getHeader("Subject", null)));
      assertTrue(pc.getContentType().toUpperCase().contains("UTF-8"), pc.getContentType());
      assertTrue(
          mobile.getContentType().toUpperCase().contains("ISO-2022-JP"), mobile.getContentType());
      assertEquals("noreply@callmail.test", pc.getFrom()[0].toString());
      assertEquals(
          0, mailsTo("silent@callmail.test", before).size(), "send box unchecked: no mail");
      assertEquals(2, logged.getJsonArray("mails").size());
      awaitMailStates(number, "SENT");
    }
  }

  @Test
  void unansweredOnlySkipsAnsweredCallsAndMailsBusyOnes() throws Exception {
    Sipp answered = Sipp.callee("unanswered-only-1", "uas-answer.xml").option("-d", "500");
    String number =
        newLine(
            answered.routeUri(),
            """
        {"active":true,"conditions":{"designatedCallersOnly":false,"unansweredOnly":true},
         "recipients":[{"address":"rules@callmail.test","send":true}]}""");
    placeCall(
        answered,
        Sipp.caller("unanswered-only-1", "uac-call.xml", sipPort(), number, "it-rules-answered")
            .option("-d", "200", "-key", "from_hdr", CALLER));
    JsonObject call = awaitCall(number);
    assertTrue(call.getString("mailDecision").startsWith("no mail"), call.toString());
    assertEquals(0, call.getJsonArray("mails").size());
    assertEquals(0, mailsTo("rules@callmail.test", 0).size());

    Sipp busy = Sipp.callee("unanswered-only-2", "uas-busy.xml");
    assertEquals(
        200,
        api.send("PATCH", "/lines/" + number, "{\"downstreamRoute\":\"" + busy.routeUri() + "\"}")
            .status());
    placeCall(
        busy,
        Sipp.caller("unanswered-only-2", "uac-expect-error.xml", sipPort(), number, "it-rules-busy")
            .option("-key", "from_hdr", CALLER, "-set", "expect_code", "486"));
    awaitMail("mail for the busy call", () -> mailsTo("rules@callmail.test", 0).size() == 1);
  }

  @Test
  void designatedCallersOnlyNeverMatchesAWithheldCaller() throws Exception {
    Sipp callee = Sipp.callee("designated-1", "uas-busy.xml");
    String number =
        newLine(
            callee.routeUri(),
            """
        {"active":true,"conditions":{"designatedCallersOnly":true,"unansweredOnly":false},
         "recipients":[{"address":"designated@callmail.test","send":true}],
         "designatedCallers":[{"number":"06-1234-5678","enabled":true},{"number":"0399999999","enabled":false}]}""");
    placeCall(
        callee,
        Sipp.caller(
                "designated-1", "uac-expect-error.xml", sipPort(), number, "it-designated-withheld")
            .option(
                "-key",
                "from_hdr",
                "\"Anonymous\" <sip:0612345678@127.0.0.1>",
                "-set",
                "expect_code",
                "486"));
    JsonObject withheld = awaitCall(number);
    assertTrue(withheld.getString("mailDecision").startsWith("no mail"), withheld.toString());

    Sipp again = Sipp.callee("designated-2", "uas-busy.xml");
    assertEquals(
        200,
        api.send("PATCH", "/lines/" + number, "{\"downstreamRoute\":\"" + again.routeUri() + "\"}")
            .status());
    placeCall(
        again,
        Sipp.caller(
                "designated-2", "uac-expect-error.xml", sipPort(), number, "it-designated-shown")
            .option("-key", "from_hdr", CALLER, "-set", "expect_code", "486"));
    awaitMail(
        "mail for the designated caller", () -> mailsTo("designated@callmail.test", 0).size() == 1);
  }

  @Test
  void mailsWaitWhileTheMailServerIsDownAndArriveOnceWhenItReturns() throws Exception {
    smtp.stop();
    Sipp callee = Sipp.callee("smtp-down", "uas-busy.xml");
    String number =
        newLine(
            callee.routeUri(),
            """
        {"active":true,"recipients":[{"address":"later@callmail.test","send":true}]}""");
    placeCall(
        callee,
        Sipp.caller("smtp-down", "uac-expect-error.xml", sipPort(), number, "it-smtp-down")
            .option("-key", "from_hdr", CALLER, "-set", "expect_code", "486"));
    awaitCall(number); // the call is logged although mail cannot go out
    awaitMailStates(number, "RETRYING");
    JsonObject mail = awaitCall(number).getJsonArray("mails").getJsonObject(0);
    assertTrue(mail.getString("lastReply").toLowerCase().contains("connect"), mail.toString());

    smtp = ClientSide.startSmtp();
    awaitMail("the retried mail", () -> mailsTo("later@callmail.test", 0).size() == 1);
    awaitMailStates(number, "SENT");
    Thread.sleep(6000); // more than a poll interval and a retry delay: a duplicate would show now
    assertEquals(1, mailsTo("later@callmail.test", 0).size(), "delivered exactly once");
  }

  @Test
  void aRefusedRecipientFailsWithTheServersReplyAndCanBeResent() throws Exception {
    String number =
        newLine(
            "sip:127.0.0.1:9",
            "{\"recipients\":[{\"address\":\"pc@callmail.test\",\"send\":true}]}");
    smtp.stop();
    JsonObject failed;
    try (RejectingSmtpServer relay = new RejectingSmtpServer(ClientSide.SMTP_PORT)) {
      ApiClient.Reply reply =
          api.post("/lines/" + number + "/test-mail", "{\"address\":\"nobody@callmail.test\"}");
      assertEquals(200, reply.status(), reply.text());
      failed = reply.object();
    }
    assertEquals("FAILED", failed.getString("status"));
    assertEquals(RejectingSmtpServer.REPLY, failed.getString("lastReply"));

    smtp = ClientSide.startSmtp();
    ApiClient.Reply resent =
        api.post("/mails/" + failed.getJsonNumber("id").longValue() + "/resend", "");
    assertEquals(200, resent.status(), resent.text());
    awaitMail("the re-sent test mail", () -> mailsTo("nobody@callmail.test", 0).size() == 1);
    MimeMessage test = mailsTo("nobody@callmail.test", 0).get(0);
    assertTrue(MimeUtility.decodeText(test.getHeader("Subject", null)).startsWith("【テスト】"));
    awaitMail(
        "state SENT",
        () -> {
          try {
            return "SENT"
                .equals(
                    api.get("/mails/" + failed.getJsonNumber("id").longValue())
                        .object()
                        .getString("status"));
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void badInputGetsProblemJsonNamingTheFieldAndTheRule() throws Exception {
    String number = newLine("sip:127.0.0.1:9", "{}");
    ApiClient.Reply start = api.put("/lines/" + number + "/settings", "{\"active\":true}");
    assertProblem(start, 400, "active", "recipient-required");

    StringBuilder six = new StringBuilder("{\"recipients\":[");
    for (int i = 1; i <= 6; i++) {
      six.append(i > 1 ? "," : "")
          .append("{\"address\":\"r")
          .append(i)
          .append("@callmail.test\",\"send\":true}");
    }
    assertProblem(
        api.put("/lines/" + number + "/settings", six + "]}"), 400, "recipients", "max-recipients");
    assertProblem(
        api.put(
            "/lines/" + number + "/settings",
            "{\"recipients\":[{\"address\":\"not-an-address\"}]}"),
        400,
        "recipients[0].address",
        "mail-address");
    assertProblem(
        api.put(
            "/lines/" + number + "/settings", "{\"designatedCallers\":[{\"number\":\"03-12ab\"}]}"),
        400,
        "designatedCallers[0].number",
        "digits-only");
    assertProblem(api.get("/lines/0300000000"), 404, "number", "not-found");
    assertProblem(
        api.post("/lines", "{\"number\":\"" + number + "\",\"contract\":\"IT-MAIL\"}"),
        409,
        "number",
        "unique");
    assertProblem(
        api.post("/lines", "{\"number\":\"12345\",\"contract\":\"IT-MAIL\"}"),
        400,
        "number",
        "national-number");
    assertEquals(400, api.post("/contracts", "{not json").status());
    assertEquals(401, ApiClient.as("operator", "wrong").get("/contracts").status());
    assertEquals(401, ApiClient.as(null, null).get("/contracts").status());
  }

  @Test
  void anOperatorIssuesATemporaryPasswordInTheIvrsFormat() throws Exception {
    String number = newLine("sip:127.0.0.1:9", "{}");
    ApiClient.Reply issued = api.post("/lines/" + number + "/temporary-password", "");
    assertEquals(200, issued.status(), issued.text());
    String temporary = issued.object().getString("temporaryPassword");
    assertTrue(
        temporary.matches("[0-9*]{8}") && temporary.contains("*") && !temporary.equals("********"),
        temporary);
    assertEquals(
        200,
        api.post("/lines/" + number + "/temporary-password", "").status(),
        "issuing again replaces it");
    assertProblem(api.post("/lines/0300000001/temporary-password", ""), 404, "number", "not-found");
  }

  /**
   * 仮パスワード設定のお知らせ: every address of the line gets it, 送信する checked or not, in its own form and
   * charset; it says when, how and until when (the test boot's validity is 2 minutes), and never
   * the password.
   */
  @Test
  void anOperatorIssuedTemporaryPasswordIsToldToEveryAddressOfTheLine() throws Exception {
    String number =
        newLine(
            "sip:127.0.0.1:9",
            """
        {"recipients":[
          {"address":"notice-pc@callmail.test","send":true,"form":"PC","charset":"UTF-8"},
          {"address":"notice-mobile@callmail.test","send":false,"form":"MOBILE","charset":"ISO-2022-JP"}]}""");
    ApiClient.Reply issued = api.post("/lines/" + number + "/temporary-password", "");
    assertEquals(200, issued.status(), issued.text());
    Instant expires = Instant.parse(issued.object().getString("expiresAt"));
    DateTimeFormatter format =
        DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneId.of("Asia/Tokyo"));
    String setAt = format.format(expires.minusSeconds(120));
    String until = format.format(expires);

    awaitMail(
        "the notice at both addresses",
        () ->
            mailsTo("notice-pc@callmail.test", 0).size() == 1
                && mailsTo("notice-mobile@callmail.test", 0).size() == 1);
    String remedy =
        "\n\nお心当たりがない場合は、第三者が設定したおそれがあります。\n"
            + "ご自身のパスワードでサービス設定ホームページにログインし、パスワードを変更してください。"
            + "変更すると、この仮パスワードは使えなくなります。\n"
            + "ご自身のパスワードでログインできない場合は、サービスのお問い合わせ窓口へご連絡ください。\n"
            + "※仮パスワードそのものは、このメールには記載していません。";
    String head = "電話番号 " + number + " のサービス設定ホームページの仮パスワードが設定されました。\n\n";
    MimeMessage pc = onlyMailTo("notice-pc@callmail.test", 0);
    MimeMessage mobile = onlyMailTo("notice-mobile@callmail.test", 0);
    assertEquals(
        head + "設定日時:" + setAt + "\n設定方法:オペレーターによる発行\n有効期限:" + until + "(設定から2分)" + remedy + FOOTER,
        text(pc));
    assertEquals(
        head
            + "設定日時:"
            + setAt.replace(' ', '\n')
            + "\n設定方法:オペレーターによる発行\n有効期限:"
            + until.replace(' ', '\n')
            + "(設定から2分)"
            + remedy
            + FOOTER,
        text(mobile));
    assertEquals("仮パスワード設定のお知らせ", MimeUtility.decodeText(pc.getHeader("Subject", null)));
    assertTrue(
        mobile.getContentType().toUpperCase().contains("ISO-2022-JP"), mobile.getContentType());
    assertTrue(pc.getContentType().toUpperCase().contains("UTF-8"), pc.getContentType());
    String password = issued.object().getString("temporaryPassword");
    assertFalse(
        text(pc).contains(password) || text(mobile).contains(password), "never the password");
  }

  // ---------------------------------------------------------------- helpers

  private String newLine(String route, String settingsJson) throws Exception {
    String number = String.format("03333%05d", ++lineSequence);
    ApiClient.Reply line =
        api.post(
            "/lines",
            "{\"number\":\""
                + number
                + "\",\"contract\":\"IT-MAIL\","
                + "\"downstreamRoute\":\""
                + route
                + "\"}");
    assertEquals(201, line.status(), line.text());
    ApiClient.Reply settings = api.put("/lines/" + number + "/settings", settingsJson);
    assertEquals(200, settings.status(), settings.text());
    return number;
  }

  private JsonObject awaitCall(String number) throws Exception {
    JsonObject[] found = new JsonObject[1];
    awaitMail(
        "call log of " + number,
        () -> {
          try {
            ApiClient.Reply calls = api.get("/lines/" + number + "/calls");
            if (calls.status() == 200 && !calls.array().isEmpty()) {
              found[0] = calls.array().getJsonObject(0);
              return true;
            }
            return false;
          } catch (Exception e) {
            return false;
          }
        });
    return found[0];
  }

  private void awaitMailStates(String number, String state) throws Exception {
    awaitMail(
        "mails of " + number + " " + state,
        () -> {
          try {
            JsonObject call = api.get("/lines/" + number + "/calls").array().getJsonObject(0);
            return !call.getJsonArray("mails").isEmpty()
                && call.getJsonArray("mails").stream()
                    .allMatch(m -> state.equals(m.asJsonObject().getString("status")));
          } catch (Exception e) {
            return false;
          }
        });
  }

  private List<MimeMessage> mailsTo(String address, int skip) {
    MimeMessage[] all = smtp.getReceivedMessages();
    return Arrays.stream(all)
        .skip(skip)
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equals(address));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  private MimeMessage onlyMailTo(String address, int skip) {
    List<MimeMessage> mails = mailsTo(address, skip);
    assertEquals(1, mails.size(), "mails to " + address);
    return mails.get(0);
  }

  private static String[] opts(String... options) {
    return options;
  }

  /** Mail and call log rows appear within seconds here; 30 s makes a hung delivery fail fast. */
  private static void awaitMail(String what, BooleanSupplier condition)
      throws InterruptedException {
    Await.until(what, Duration.ofSeconds(30), condition);
  }
}
