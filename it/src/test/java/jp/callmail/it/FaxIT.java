package jp.callmail.it;

import static jp.callmail.it.CallsAndMails.assertProblem;
import static jp.callmail.it.CallsAndMails.placeCall;
import static jp.callmail.it.CallsAndMails.sipPort;
import static jp.callmail.it.CallsAndMails.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.time.Duration;
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
 * FAXお知らせメール from outside (issue 13): fax calls placed with sipp through the SIP proxy — the usual
 * one, answered as audio and switched to T.38 by a re-INVITE, and one that is T.38 from its INVITE
 * — and a voice call, to lines with one or both options; the mails read at GreenMail word for word;
 * the call log's kind and mails through the API; the API's fax settings and test mail.
 */
@ExtendWith(ArquillianExtension.class)
class FaxIT {

  private static final String CALLER = "<sip:0612345678@127.0.0.1;user=phone>";
  private static final String TAIL =
      "\n※各種設定は、サービス設定ホームページから実施してください。\n"
          + "https://portal.callmail.test/\n"
          + "※本メールは送信専用のため返信できません。";
  private static final String CALL_FOOTER = "\n\nコールメール西日本 「着信お知らせメール」" + TAIL;
  private static final String FAX_FOOTER = "\n\nコールメール西日本 「FAXお知らせメール」" + TAIL;
  private static final String IVR = "0722427142";
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
        ApiClient.operator().post("/contracts", "{\"code\":\"IT-FAX\",\"name\":\"FAXテスト株式会社\"}");
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

  /**
   * The guide's promise: with both options, one fax call makes two mails per address registered on
   * both — the call mail and the fax mail, each in the form and charset that option gives it.
   */
  @Test
  void aFaxCallByReInviteMailsEveryAddressOfBothOptionsEachItsOwnMail() throws Exception {
    Sipp callee = Sipp.callee("fax-both", "uas-fax-reinvite.xml").option("-d", "500");
    String number = newLine(callee.routeUri(), true, true);
    settings(
        number,
        "settings",
        """
        {"active":true,"recipients":[
          {"address":"both@callmail.test","send":true,"form":"PC","charset":"UTF-8"},
          {"address":"call-only@callmail.test","send":true,"form":"PC","charset":"UTF-8"}]}""");
    settings(
        number,
        "fax-settings",
        """
        {"active":true,"recipients":[
          {"address":"both@callmail.test","send":true,"form":"MOBILE","charset":"ISO-2022-JP"},
          {"address":"fax-only@callmail.test","send":true,"form":"PC","charset":"UTF-8"},
          {"address":"fax-silent@callmail.test","send":false,"form":"PC","charset":"UTF-8"}]}""");

    placeCall(
        callee,
        Sipp.caller("fax-both", "uac-fax-reinvite.xml", sipPort(), number, "it-fax-both-" + number)
            .option("-d", "500", "-key", "from_hdr", CALLER));

    awaitMail(
        "two mails to both@, one to call-only@ and one to fax-only@",
        () ->
            mailsTo("both@callmail.test").size() == 2
                && mailsTo("call-only@callmail.test").size() == 1
                && mailsTo("fax-only@callmail.test").size() == 1);
    JsonObject call = awaitCall(number, c -> c.getJsonArray("mails").size() == 4);
    assertEquals("FAX", call.getString("kind"), call.toString());
    assertEquals("mail to 2 addresses", call.getString("mailDecision"));
    assertEquals("mail to 2 addresses", call.getString("faxMailDecision"));
    assertEquals(
        List.of("CALL_MAIL", "CALL_MAIL", "FAX_MAIL", "FAX_MAIL"),
        call.getJsonArray("mails").stream()
            .map(m -> m.asJsonObject().getString("option"))
            .sorted()
            .toList());
    String callTime = call.getString("callTime");
    String callMail =
        "着信日時:"
            + callTime
            + "\n発信者通知番号:0612345678\n非通知理由:\n呼出時間:"
            + call.getInt("ringingSeconds")
            + "秒\n着信状態:通話"
            + CALL_FOOTER;
    String faxFields = "\n発信者通知番号:0612345678\n非通知理由:\n着信電話番号:" + number + "\n着信状態:通話" + FAX_FOOTER;

    MimeMessage bothCall = withSubject("both@callmail.test", "着信お知らせメール");
    MimeMessage bothFax = withSubject("both@callmail.test", "FAXお知らせメール");
    assertEquals(callMail, text(bothCall));
    assertTrue(
        bothCall.getContentType().toUpperCase().contains("UTF-8"), bothCall.getContentType());
    assertEquals("FAX着信日時:" + callTime.replace(' ', '\n') + faxFields, text(bothFax));
    assertTrue(
        bothFax.getContentType().toUpperCase().contains("ISO-2022-JP"), bothFax.getContentType());
    assertEquals(callMail, text(withSubject("call-only@callmail.test", "着信お知らせメール")));
    MimeMessage faxOnly = withSubject("fax-only@callmail.test", "FAXお知らせメール");
    assertEquals("FAX着信日時:" + callTime + faxFields, text(faxOnly));
    assertTrue(faxOnly.getContentType().toUpperCase().contains("UTF-8"), faxOnly.getContentType());
    assertEquals(0, mailsTo("fax-silent@callmail.test").size(), "送信する unchecked: no mail");
    awaitMailStates(number, 4);
  }

  /** A voice call to the same kind of line makes only call mails. */
  @Test
  void aVoiceCallMakesOnlyCallMails() throws Exception {
    Sipp callee = Sipp.callee("fax-voice", "uas-answer.xml").option("-d", "500");
    String number = newLine(callee.routeUri(), true, true);
    settings(
        number,
        "settings",
        """
        {"active":true,"recipients":[{"address":"voice@callmail.test","send":true}]}""");
    settings(
        number,
        "fax-settings",
        """
        {"active":true,"recipients":[{"address":"voice@callmail.test","send":true}]}""");

    placeCall(
        callee,
        Sipp.caller("fax-voice", "uac-call.xml", sipPort(), number, "it-fax-voice-" + number)
            .option("-d", "500", "-key", "from_hdr", CALLER));

    awaitMail("the call mail", () -> mailsTo("voice@callmail.test").size() == 1);
    JsonObject call = awaitCall(number, c -> c.getJsonArray("mails").size() == 1);
    assertEquals("VOICE", call.getString("kind"));
    assertEquals("CALL_MAIL", call.getJsonArray("mails").getJsonObject(0).getString("option"));
    assertNull(stringOrNull(call, "faxMailDecision"), call.toString());
    Thread.sleep(3000); // a late fax mail would show now
    assertEquals(1, mailsTo("voice@callmail.test").size(), "no fax mail for a voice call");
    assertEquals(
        "着信お知らせメール",
        MimeUtility.decodeText(mailsTo("voice@callmail.test").get(0).getHeader("Subject", null)));
  }

  /**
   * A fax that is T.38 from its INVITE: a line with only the fax option gets only the fax mail, a
   * line with only the call option only the call mail.
   */
  @Test
  void aT38CallMailsOnlyTheOptionsTheLineHas() throws Exception {
    Sipp faxCallee = Sipp.callee("fax-only-line", "uas-fax-answer.xml").option("-d", "500");
    String faxLine = newLine(faxCallee.routeUri(), false, true);
    settings(
        faxLine,
        "fax-settings",
        """
        {"active":true,"recipients":[{"address":"fax-line@callmail.test","send":true}]}""");
    placeCall(
        faxCallee,
        Sipp.caller("fax-only-line", "uac-fax.xml", sipPort(), faxLine, "it-fax-t38-" + faxLine)
            .option("-d", "500", "-key", "from_hdr", CALLER));
    awaitMail("the fax mail", () -> mailsTo("fax-line@callmail.test").size() == 1);
    JsonObject faxCall = awaitCall(faxLine, c -> c.getJsonArray("mails").size() == 1);
    assertEquals("FAX", faxCall.getString("kind"));
    assertEquals("FAX_MAIL", faxCall.getJsonArray("mails").getJsonObject(0).getString("option"));
    MimeMessage fax = mailsTo("fax-line@callmail.test").get(0);
    assertEquals("FAXお知らせメール", MimeUtility.decodeText(fax.getHeader("Subject", null)));
    assertEquals(
        "FAX着信日時:"
            + faxCall.getString("callTime")
            + "\n発信者通知番号:0612345678\n非通知理由:\n着信電話番号:"
            + faxLine
            + "\n着信状態:通話"
            + FAX_FOOTER,
        text(fax));

    Sipp callCallee = Sipp.callee("call-only-line", "uas-fax-answer.xml").option("-d", "500");
    String callLine = newLine(callCallee.routeUri(), true, false);
    settings(
        callLine,
        "settings",
        """
        {"active":true,"recipients":[{"address":"call-line@callmail.test","send":true}]}""");
    placeCall(
        callCallee,
        Sipp.caller("call-only-line", "uac-fax.xml", sipPort(), callLine, "it-fax-t38-" + callLine)
            .option("-d", "500", "-key", "from_hdr", CALLER));
    awaitMail("the call mail", () -> mailsTo("call-line@callmail.test").size() == 1);
    JsonObject callCall = awaitCall(callLine, c -> c.getJsonArray("mails").size() == 1);
    assertEquals("FAX", callCall.getString("kind"));
    assertEquals("CALL_MAIL", callCall.getJsonArray("mails").getJsonObject(0).getString("option"));
    assertEquals(
        "着信お知らせメール",
        MimeUtility.decodeText(
            mailsTo("call-line@callmail.test").get(0).getHeader("Subject", null)));
  }

  @Test
  void faxSettingsRoundTripThroughTheApiAndBadInputIsRefusedByName() throws Exception {
    String number = newLine("sip:127.0.0.1:9", true, true);
    JsonObject initial = api.get("/lines/" + number + "/fax-settings").object();
    assertFalse(initial.getBoolean("active"));
    assertTrue(initial.getJsonArray("recipients").isEmpty());
    assertFalse(initial.containsKey("conditions") && !initial.isNull("conditions"));

    ApiClient.Reply saved =
        api.put(
            "/lines/" + number + "/fax-settings",
            """
            {"active":true,"recipients":[
              {"address":"fax-a@callmail.test","send":true,"form":"MOBILE","charset":"ISO-2022-JP"},
              {"address":"fax-b@callmail.test","send":false}]}""");
    assertEquals(200, saved.status(), saved.text());
    JsonObject read = api.get("/lines/" + number + "/fax-settings").object();
    assertEquals(saved.object(), read);
    assertTrue(read.getBoolean("active"));
    JsonObject first = read.getJsonArray("recipients").getJsonObject(0);
    assertEquals("fax-a@callmail.test", first.getString("address"));
    assertEquals("MOBILE", first.getString("form"));
    assertEquals("ISO-2022-JP", first.getString("charset"));
    assertEquals("UTF-8", read.getJsonArray("recipients").getJsonObject(1).getString("charset"));
    JsonObject callSettings = api.get("/lines/" + number + "/settings").object();
    assertFalse(callSettings.getBoolean("active"), "the call mail's settings are its own");
    assertTrue(callSettings.getJsonArray("recipients").isEmpty());

    assertProblem(
        api.put("/lines/" + number + "/fax-settings", "{\"recipients\":[]}"),
        400,
        "recipients",
        "recipient-required");
    assertProblem(
        api.put(
            "/lines/" + number + "/fax-settings",
            "{\"conditions\":{\"designatedCallersOnly\":true,\"unansweredOnly\":false}}"),
        400,
        "conditions",
        "not-for-fax-mail");
    StringBuilder six = new StringBuilder("{\"recipients\":[");
    for (int i = 1; i <= 6; i++) {
      six.append(i > 1 ? "," : "")
          .append("{\"address\":\"f")
          .append(i)
          .append("@callmail.test\",\"send\":true}");
    }
    assertProblem(
        api.put("/lines/" + number + "/fax-settings", six + "]}"),
        400,
        "recipients",
        "max-recipients");
    assertProblem(
        api.put(
            "/lines/" + number + "/fax-settings",
            "{\"recipients\":[{\"address\":\"not-an-address\"}]}"),
        400,
        "recipients[0].address",
        "mail-address");
    assertEquals(read, api.get("/lines/" + number + "/fax-settings").object(), "nothing lost");
    assertProblem(api.get("/lines/0300000000/fax-settings"), 404, "number", "not-found");

    String callOnly = newLine("sip:127.0.0.1:9", true, false);
    assertProblem(
        api.put(
            "/lines/" + callOnly + "/fax-settings",
            "{\"active\":true,\"recipients\":[{\"address\":\"x@callmail.test\",\"send\":true}]}"),
        400,
        "active",
        "option-not-contracted");
    assertProblem(
        api.post(
            "/lines/" + callOnly + "/test-mail",
            "{\"address\":\"x@callmail.test\",\"option\":\"fax\"}"),
        400,
        "option",
        "option-not-contracted");
    assertProblem(
        api.post(
            "/lines/" + number + "/test-mail",
            "{\"address\":\"x@callmail.test\",\"option\":\"telex\"}"),
        400,
        "option",
        "option");
  }

  @Test
  void aTestMailOfTheFaxOptionSaysSo() throws Exception {
    String number = newLine("sip:127.0.0.1:9", true, true);
    ApiClient.Reply fax =
        api.post(
            "/lines/" + number + "/test-mail",
            "{\"address\":\"fax-test@callmail.test\",\"option\":\"fax\"}");
    assertEquals(200, fax.status(), fax.text());
    assertEquals("FAX_MAIL", fax.object().getString("option"));
    ApiClient.Reply call =
        api.post("/lines/" + number + "/test-mail", "{\"address\":\"call-test@callmail.test\"}");
    assertEquals(200, call.status(), call.text());
    assertEquals("CALL_MAIL", call.object().getString("option"));
    awaitMail(
        "both test mails",
        () ->
            mailsTo("fax-test@callmail.test").size() == 1
                && mailsTo("call-test@callmail.test").size() == 1);
    MimeMessage faxTest = mailsTo("fax-test@callmail.test").get(0);
    assertEquals("【テスト】FAXお知らせメール", MimeUtility.decodeText(faxTest.getHeader("Subject", null)));
    assertEquals(
        "「FAXお知らせメール」のテストメールです。\nこのメールが届いていれば、このアドレスでFAXお知らせメールを受け取れます。" + FAX_FOOTER,
        text(faxTest));
    assertEquals(
        "【テスト】着信お知らせメール",
        MimeUtility.decodeText(
            mailsTo("call-test@callmail.test").get(0).getHeader("Subject", null)));
  }

  /**
   * The IVR's key 1 sets the fax option's own temporary password (not the call mail's), and its
   * notice goes to the fax addresses (送信する or not) with 「FAXお知らせメール」 in the footer.
   */
  @Test
  void theIvrsKeyOneSetsTheFaxPasswordOnly() throws Exception {
    String number = newLine("sip:127.0.0.1:9", true, true);
    settings(
        number,
        "settings",
        "{\"recipients\":[{\"address\":\"ivr-call@callmail.test\",\"send\":true}]}");
    settings(
        number,
        "fax-settings",
        "{\"recipients\":[{\"address\":\"ivr-fax@callmail.test\",\"send\":false}]}");
    try (IvrPhone phone = new IvrPhone("fax-key-1")) {
      phone.pressAsRtp("1#" + number + "#12*45678#12*45678#", 1500).awaitHangUp();
      Sipp caller = phone.caller(IVR, number).start();
      assertEquals(0, caller.await(), caller::transcript);
    }
    JsonObject fax = api.get("/lines/" + number + "/lock?option=fax").object();
    assertTrue(fax.containsKey("temporaryPasswordExpiresAt"), fax.toString());
    JsonObject call = api.get("/lines/" + number + "/lock").object();
    assertFalse(
        call.containsKey("temporaryPasswordExpiresAt")
            && !call.isNull("temporaryPasswordExpiresAt"),
        "the call mail's password is untouched: " + call);
    awaitMail("the fax notice", () -> mailsTo("ivr-fax@callmail.test").size() == 1);
    MimeMessage notice = mailsTo("ivr-fax@callmail.test").get(0);
    assertEquals("仮パスワード設定のお知らせ", MimeUtility.decodeText(notice.getHeader("Subject", null)));
    assertTrue(text(notice).endsWith(FAX_FOOTER.strip()), text(notice));
    assertTrue(text(notice).contains("設定方法:電話(仮パスワード設定番号)から、発信者番号 " + number), text(notice));
    assertEquals(
        0, mailsTo("ivr-call@callmail.test").size(), "the call mail's addresses hear nothing");
  }

  // ---------------------------------------------------------------- helpers

  private String newLine(String route, boolean callMail, boolean faxMail) throws Exception {
    String number = String.format("04666%05d", ++lineSequence);
    ApiClient.Reply line =
        api.post(
            "/lines",
            "{\"number\":\""
                + number
                + "\",\"contract\":\"IT-FAX\",\"downstreamRoute\":\""
                + route
                + "\",\"callMail\":"
                + callMail
                + ",\"faxMail\":"
                + faxMail
                + "}");
    assertEquals(201, line.status(), line.text());
    return number;
  }

  private void settings(String number, String resource, String json) throws Exception {
    ApiClient.Reply reply = api.put("/lines/" + number + "/" + resource, json);
    assertEquals(200, reply.status(), reply.text());
  }

  private interface CallCheck {
    boolean test(JsonObject call);
  }

  private JsonObject awaitCall(String number, CallCheck done) throws Exception {
    JsonObject[] found = new JsonObject[1];
    awaitMail(
        "call log of " + number,
        () -> {
          try {
            ApiClient.Reply calls = api.get("/lines/" + number + "/calls");
            if (calls.status() == 200 && !calls.array().isEmpty()) {
              found[0] = calls.array().getJsonObject(0);
              return done.test(found[0]);
            }
            return false;
          } catch (Exception e) {
            return false;
          }
        });
    return found[0];
  }

  private void awaitMailStates(String number, int count) throws Exception {
    awaitMail(
        "the " + count + " mails of " + number + " SENT",
        () -> {
          try {
            JsonObject call = api.get("/lines/" + number + "/calls").array().getJsonObject(0);
            return call.getJsonArray("mails").size() == count
                && call.getJsonArray("mails").stream()
                    .allMatch(m -> "SENT".equals(m.asJsonObject().getString("status")));
          } catch (Exception e) {
            return false;
          }
        });
  }

  private List<MimeMessage> mailsTo(String address) {
    return ClientSide.mailsTo(smtp, address);
  }

  private MimeMessage withSubject(String address, String subject) throws Exception {
    List<MimeMessage> found = new java.util.ArrayList<>();
    for (MimeMessage m : mailsTo(address)) {
      if (subject.equals(MimeUtility.decodeText(m.getHeader("Subject", null)))) {
        found.add(m);
      }
    }
    assertEquals(1, found.size(), "mails to " + address + " with subject " + subject);
    return found.get(0);
  }

  private static String stringOrNull(JsonObject object, String key) {
    return !object.containsKey(key) || object.get(key) == JsonValue.NULL
        ? null
        : object.getString(key);
  }

  private static void awaitMail(String what, BooleanSupplier condition)
      throws InterruptedException {
    Await.until(what, Duration.ofSeconds(30), condition);
  }
}
