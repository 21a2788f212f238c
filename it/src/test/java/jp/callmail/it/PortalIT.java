package jp.callmail.it;

import static jp.callmail.it.Pages.expectText;
import static jp.callmail.it.Pages.submit;
import static jp.callmail.it.Pages.type;
import static jp.callmail.it.Pages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The subscriber portal in headless Chromium, as a subscriber uses it on a PC and on a phone: first
 * login with the temporary password, the forced change, every settings page, a test mail that
 * arrives at the mail server, and logout; plus the lockout after 10 failures.
 */
@ExtendWith(ArquillianExtension.class)
class PortalIT {

  private static final String PORTAL =
      "https://127.0.0.1:" + Integer.getInteger("callmail.it.https-port") + "/portal/";
  private static final List<String> MENU =
      List.of("開始/停止設定", "送信先メールアドレス登録/確認", "メール送信条件設定", "発信電話番号指定通知設定", "パスワード変更", "終了");
  private static int lineSequence = 0;

  private final ApiClient api = ApiClient.operator();
  private GreenMail smtp;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ClientSide.callmailWar();
  }

  @BeforeAll
  static void contract() throws Exception {
    ApiClient.Reply created =
        ApiClient.operator().post("/contracts", "{\"code\":\"IT-PORTAL\",\"name\":\"ポータル試験\"}");
    assertTrue(created.status() == 201 || created.status() == 409, created.text());
  }

  @BeforeEach
  void startSmtp() {
    smtp = ClientSide.startSmtp();
  }

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  @Test
  void firstLoginToLogoutOnADesktop() throws Exception {
    wholeFlow("desktop", Browser.DESKTOP);
  }

  @Test
  void firstLoginToLogoutOnAPhone() throws Exception {
    wholeFlow("phone", Browser.PHONE);
  }

  @Test
  void tenFailuresInvalidateThePasswordWithTheSameMessageAsAnUnknownNumber() throws Exception {
    String number = newLine();
    String temporary = issueTemporaryPassword(number);
    try (Browser browser = new Browser("lockout", Browser.DESKTOP)) {
      WebDriver d = browser.driver;
      String unknown = login(d, "0300000000", "abc123");
      for (int i = 0; i < 10; i++) {
        assertEquals(unknown, login(d, number, "wrong" + i), "same message for a wrong password");
      }
      assertEquals(unknown, login(d, number, temporary), "the right password no longer works");
      browser.screenshot("locked");
      String fresh = issueTemporaryPassword(number); // a new temporary password lifts the lockout
      login(d, number, fresh);
      assertTrue(d.getCurrentUrl().contains("password.xhtml"), d.getCurrentUrl());
    }
  }

  @Test
  void aNumberTriedTooOftenIsAskedToTryLaterOnAPageWhoseFormStillWorks() throws Exception {
    // A stranger (127.0.0.2) tries wrong passwords for one number until the per-number limit
    // (callmail.portal.failures-per-line, 20 in 600 s) answers "try again later" without checking
    // any password; the answer's own form logs another line in.
    int port = Integer.getInteger("callmail.it.https-port");
    SourceBoundClient stranger = new SourceBoundClient("127.0.0.2", port);
    String tried = String.format("039%07d", (int) (Math.random() * 10_000_000));
    for (String sideDoor : new String[] {"//portal/menu.xhtml", "/portal;x=1/menu.xhtml"}) {
      SourceBoundClient.Answer door = stranger.get(sideDoor);
      assertFalse(
          door.body().contains("開始/停止設定"),
          sideDoor
              + " is guarded like /portal/menu.xhtml: "
              + door.status()
              + " "
              + door.headers());
    }
    String page = stranger.get("/portal/login.xhtml?option=call").body();
    for (int i = 0; i < 20; i++) {
      SourceBoundClient.Answer answer =
          stranger.post("/portal/login.xhtml", loginForm(page, tried, "wrong" + i));
      assertEquals(200, answer.status(), "attempt " + (i + 1) + " is checked");
      page = answer.body();
      assertTrue(page.contains("電話番号またはパスワードが正しくないか"), "attempt " + (i + 1) + ": " + page);
    }
    SourceBoundClient.Answer later =
        stranger.post("/portal/login.xhtml", loginForm(page, tried, "wrong20"));
    assertEquals(429, later.status(), later.body());
    assertEquals("30", later.headers().get("retry-after"));
    assertEquals("no-store", later.headers().get("cache-control"));
    assertTrue(later.headers().get("content-security-policy").contains("frame-ancestors 'none'"));
    assertTrue(later.body().contains("ただいまログインを受け付けられません。しばらくしてから、もう一度お試しください。"), later.body());
    assertTrue(later.body().contains("value=\"" + tried + "\""), "the number typed is kept");
    assertTrue(
        later.body().contains("id=\"back\"") && later.body().contains("ログイン画面に戻る"),
        "callmail's own page, not Faces' login page: " + later.body());

    // The page's own form, as a browser would submit it: its action and every field it carries.
    String number = newLine();
    String form = later.body().substring(later.body().indexOf("<form id=\"login\""));
    form = form.substring(0, form.indexOf("</form>"));
    java.util.regex.Matcher action =
        java.util.regex.Pattern.compile("action=\"([^\"]+)\"").matcher(form);
    assertTrue(action.find(), form);
    StringBuilder fields = new StringBuilder();
    java.util.regex.Matcher tag =
        java.util.regex.Pattern.compile("<(?:input|button)\\b[^>]*>").matcher(form);
    while (tag.find()) {
      java.util.regex.Matcher named =
          java.util.regex.Pattern.compile("name=\"([^\"]+)\"").matcher(tag.group());
      if (!named.find()) {
        continue;
      }
      java.util.regex.Matcher valued =
          java.util.regex.Pattern.compile("value=\"([^\"]*)\"").matcher(tag.group());
      String name = named.group(1);
      String value =
          name.equals("login:number")
              ? number
              : name.equals("login:password")
                  ? issueTemporaryPassword(number)
                  : valued.find()
                      ? valued.group(1).replace("&quot;", "\"").replace("&amp;", "&")
                      : "";
      fields
          .append(fields.length() == 0 ? "" : "&")
          .append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
          .append('=')
          .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
    }
    SourceBoundClient.Answer in = stranger.post(action.group(1), fields.toString());
    assertEquals(302, in.status(), in.body());
    assertTrue(
        in.headers().get("location").contains("/portal/password.xhtml"),
        "the try-later page's form logged in with a temporary password: " + in.headers());
  }

  /** The login form of a login page (Faces') or a try-later page (callmail's own), filled in. */
  private static String loginForm(String page, String number, String password) {
    java.util.regex.Matcher state =
        java.util.regex.Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"")
            .matcher(page.substring(page.indexOf("<form id=\"login\"")));
    java.util.regex.Matcher nonce =
        java.util.regex.Pattern.compile(
                "PrimeFaces\\.csp\\.init\\('([^']+)'|name=\"primefaces.nonce\" value=\"([^\"]+)\"")
            .matcher(page);
    assertTrue(state.find() && nonce.find(), "a login form with its view state and nonce: " + page);
    return "login=login&login%3Aoption=call&login%3Anumber="
        + number
        + "&login%3Apassword="
        + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
        + "&login%3Asubmit=&jakarta.faces.ViewState="
        + java.net.URLEncoder.encode(state.group(1), java.nio.charset.StandardCharsets.UTF_8)
        + "&primefaces.nonce="
        + java.net.URLEncoder.encode(
            nonce.group(1) != null ? nonce.group(1) : nonce.group(2),
            java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void idleSessionsEndAndExpiredTemporaryPasswordsAreRefused() throws Exception {
    // it.properties: sessions end after 60 s idle, temporary passwords after 120 s.
    String expiring = newLine();
    String expiringTemporary = issueTemporaryPassword(expiring);
    long issuedAt = System.nanoTime();
    String number = newLine();
    try (Browser browser = new Browser("timeouts", Browser.DESKTOP)) {
      WebDriver d = browser.driver;
      loginAndSetPassword(d, number, issueTemporaryPassword(number), "idle42x");
      Thread.sleep(63_000);
      d.get(PORTAL + "menu.xhtml");
      assertTrue(
          d.getCurrentUrl().contains("login.xhtml"),
          "an idle session is logged out: " + d.getCurrentUrl());
      browser.screenshot("idle-logged-out");
      Thread.sleep(Math.max(0, 122_000 - (System.nanoTime() - issuedAt) / 1_000_000));
      String refused = login(d, expiring, expiringTemporary);
      assertEquals(
          login(d, "0300000000", "abc123"),
          refused,
          "an expired temporary password is refused like any other");
      assertTrue(d.getCurrentUrl().contains("login.xhtml"));
    }
  }

  @Test
  void aSubscriberCanNeverReachAnotherLineOrTheOperatorApi() throws Exception {
    String mine = newLine();
    String other = newLine();
    try (Browser browser = new Browser("cross-line", Browser.DESKTOP)) {
      WebDriver d = browser.driver;
      loginAndSetPassword(d, mine, issueTemporaryPassword(mine), "mine123");
      for (String page :
          List.of("menu", "recipients", "conditions", "designated", "history", "startstop")) {
        d.get(PORTAL + page + ".xhtml?number=" + other + "&line=" + other);
        String text = d.findElement(By.tagName("body")).getText();
        assertTrue(
            text.contains(mine) && !text.contains(other),
            page + " shows only the subscriber's own line");
      }
      d.get(PORTAL.replace("/portal/", "/api/lines/" + other + "/settings"));
      assertFalse(
          d.getPageSource().contains("recipients"),
          "the operator API is closed to a subscriber session");
    }
  }

  @Test
  void postsWithoutOrWithAForeignViewStateChangeNothing() throws Exception {
    String victim = newLine();
    String attacker = newLine();
    try (Browser victimBrowser = new Browser("csrf-victim", Browser.DESKTOP);
        Browser attackerBrowser = new Browser("csrf-attacker", Browser.DESKTOP)) {
      loginAndSetPassword(
          attackerBrowser.driver, attacker, issueTemporaryPassword(attacker), "attack1");
      attackerBrowser.driver.get(PORTAL + "conditions.xhtml");
      String foreignViewState =
          attackerBrowser
              .driver
              .findElement(By.name("jakarta.faces.ViewState"))
              .getAttribute("value");
      loginAndSetPassword(victimBrowser.driver, victim, issueTemporaryPassword(victim), "victim1");
      String victimCookie = victimBrowser.driver.manage().getCookieNamed("JSESSIONID").getValue();

      for (String viewState : new String[] {null, foreignViewState}) {
        java.net.http.HttpResponse<String> forged =
            Insecure.post(
                PORTAL + "conditions.xhtml",
                "JSESSIONID=" + victimCookie,
                "conditions=conditions&conditions%3Aunanswered_input=on&conditions%3Asave="
                    + (viewState == null
                        ? ""
                        : "&jakarta.faces.ViewState="
                            + java.net.URLEncoder.encode(viewState, "UTF-8")));
        assertTrue(
            forged.statusCode() < 500,
            "a forged POST is a client's error, not the server's: " + forged.statusCode());
        assertFalse(
            api.get("/lines/" + victim + "/settings")
                .object()
                .getJsonObject("conditions")
                .getBoolean("unansweredOnly"),
            "a forged POST "
                + (viewState == null ? "without" : "with a foreign")
                + " ViewState changed nothing");
      }
      // The same change through the page itself works, so the forged posts failed for the right
      // reason.
      WebDriver d = victimBrowser.driver;
      d.get(PORTAL + "conditions.xhtml");
      checkbox(d, "conditions:unanswered", true);
      submit(d, "conditions:save");
      expectText(d, "設定しました。", "the conditions are saved");
      assertTrue(
          api.get("/lines/" + victim + "/settings")
              .object()
              .getJsonObject("conditions")
              .getBoolean("unansweredOnly"));
    }
  }

  @Test
  void englishIsSelectable() throws Exception {
    String number = newLine();
    try (Browser browser = new Browser("english", Browser.PHONE)) {
      WebDriver d = browser.driver;
      loginAndSetPassword(d, number, issueTemporaryPassword(number), "eng1234");
      submit(d, "lang:en");
      assertTrue(
          d.findElement(By.tagName("body")).getText().contains("Main menu"), "the menu in English");
      browser.screenshot("menu-english");
    }
  }

  @Test
  void faxOptionOnADesktop() throws Exception {
    faxFlow("fax-desktop", Browser.DESKTOP);
  }

  @Test
  void faxOptionOnAPhone() throws Exception {
    faxFlow("fax-phone", Browser.PHONE);
  }

  /**
   * Issue 13: a password change or a new temporary password ends the option's other sessions; wrong
   * current passwords at the password change count toward the lockout, which ends the session and
   * does not come undone by a new temporary password; a line without the fax option is told so.
   */
  @Test
  void passwordChangesEndOtherSessionsAndTheTenthWrongCurrentPasswordLocks() throws Exception {
    String number = newLine();
    try (Browser first = new Browser("sessions-first", Browser.DESKTOP);
        Browser second = new Browser("sessions-second", Browser.DESKTOP)) {
      WebDriver a = first.driver;
      WebDriver b = second.driver;
      loginAndSetPassword(a, number, issueTemporaryPassword(number), "first12");
      login(b, number, "first12");
      waitFor(b, "menu.xhtml");
      // A line without FAXお知らせメール: the menu says so instead of offering its login.
      assertEquals("この電話番号ではFAXお知らせメールはご契約されていません。", b.findElement(By.id("other-none")).getText());

      b.get(PORTAL + "password.xhtml");
      assertEquals("パスワードの変更", b.findElement(By.id("password:change")).getText());
      type(b, "password:current", "first12");
      type(b, "password:next", "second3");
      type(b, "password:repeated", "second3");
      submit(b, "password:change");
      expectText(b, "パスワードを変更しました。", "changed in the second session");
      b.get(PORTAL + "recipients.xhtml");
      assertTrue(b.getCurrentUrl().contains("recipients.xhtml"), "the changing session goes on");
      a.get(PORTAL + "recipients.xhtml");
      waitFor(a, "login.xhtml");
      assertTrue(a.getCurrentUrl().contains("ended=1"), a.getCurrentUrl());
      expectText(a, "ログアウトしました。再度ログインしてください。", "the other session ended");
      first.screenshot("ended-by-password-change");

      String temporary = issueTemporaryPassword(number); // e.g. by the IVR: the same service
      b.get(PORTAL + "menu.xhtml");
      waitFor(b, "login.xhtml");
      assertTrue(b.getCurrentUrl().contains("ended=1"), "a new temporary password ends it too");

      login(a, number, "second3"); // the own password still works beside the temporary one
      waitFor(a, "menu.xhtml");
      for (int i = 1; i < 10; i++) {
        a.get(PORTAL + "password.xhtml");
        type(a, "password:current", "wrong" + i);
        type(a, "password:next", "third45");
        type(a, "password:repeated", "third45");
        submit(a, "password:change");
        expectText(a, "現在のパスワードが正しくありません。", "wrong current password " + i);
      }
      assertEquals(9, api.get("/lines/" + number + "/lock").object().getInt("failedLogins"));
      type(a, "password:current", "wrong10");
      type(a, "password:next", "third45");
      type(a, "password:repeated", "third45");
      submit(a, "password:change");
      waitFor(a, "login.xhtml");
      expectText(a, "パスワードが無効となりました", "the tenth wrong current password locks");
      first.screenshot("locked-at-password-change");
      assertTrue(api.get("/lines/" + number + "/lock").object().getBoolean("locked"));
      String refused = login(a, "0300000000", "abc123");
      assertEquals(refused, login(a, number, "second3"), "the password is invalid");
      assertEquals(refused, login(a, number, temporary), "and so is the temporary one");

      String fresh = issueTemporaryPassword(number);
      assertEquals(
          refused, login(a, number, "second3"), "a new temporary password does not revive it");
      login(a, number, fresh);
      assertTrue(a.getCurrentUrl().contains("password.xhtml"), a.getCurrentUrl());
      assertEquals("設定", a.findElement(By.id("password:change")).getText(), "the guide's button");
    }
  }

  private static void loginAndSetPassword(
      WebDriver d, String number, String temporary, String password) {
    login(d, number, temporary);
    type(d, "password:current", temporary);
    type(d, "password:next", password);
    type(d, "password:repeated", password);
    submit(d, "password:change");
    waitFor(d, "menu.xhtml");
  }

  private void wholeFlow(String name, Dimension viewport) throws Exception {
    String number = newLine();
    String temporary = issueTemporaryPassword(number);
    try (Browser browser = new Browser(name, viewport)) {
      WebDriver d = browser.driver;
      d.get(PORTAL + "login.xhtml");
      browser.screenshot("login");
      login(
          d,
          number.substring(0, 2) + "-" + number.substring(2, 6) + "-" + number.substring(6),
          temporary);
      assertTrue(
          d.getCurrentUrl().contains("password.xhtml"),
          "a temporary login must change the password first");
      d.get(PORTAL + "menu.xhtml");
      assertTrue(d.getCurrentUrl().contains("password.xhtml"), "nothing else before the change");
      browser.screenshot("forced-change");

      type(d, "password:current", temporary);
      type(d, "password:next", "abc1");
      type(d, "password:repeated", "abc1x");
      submit(d, "password:change");
      expectText(d, "一致しません", "the two new passwords differ");
      browser.screenshot("password-rule");
      type(d, "password:current", temporary);
      type(d, "password:next", "kaisha7");
      type(d, "password:repeated", "kaisha7");
      submit(d, "password:change");
      waitFor(d, "menu.xhtml");
      String menu = d.findElement(By.tagName("body")).getText();
      for (String item : MENU) {
        assertTrue(menu.contains(item), "menu item " + item);
      }
      browser.screenshot("menu");
      assertNoHorizontalScroll(d, viewport);

      d.findElement(By.id("startstop")).click();
      waitFor(d, "startstop.xhtml");
      radio(d, "startstop:choice", 0);
      submit(d, "startstop:save");
      expectText(d, "送信先メールアドレスを登録してから開始してください", "starting without an address is refused");
      browser.screenshot("start-refused");

      d.get(PORTAL + "recipients.xhtml");
      type(d, "recipients:rows:0:address", "portal-" + name + "@callmail.test");
      checkbox(d, "recipients:rows:0:send", true);
      submit(d, "recipients:save");
      expectText(d, "設定しました。", "the address is saved");
      browser.screenshot("recipients");
      Pages.click(d, "recipients:rows:0:test"); // a partial update: the page is not left
      expectText(d, "受け付けました", "the mail server accepted the test mail");
      browser.screenshot("test-mail");
      List<MimeMessage> mine = ClientSide.mailsTo(smtp, "portal-" + name + "@callmail.test");
      assertEquals(1, mine.size(), "the test mail arrived");
      assertTrue(
          MimeUtility.decodeText(mine.get(0).getHeader("Subject", null)).startsWith("【テスト】"));
      assertNoHorizontalScroll(d, viewport);

      d.get(PORTAL + "startstop.xhtml");
      radio(d, "startstop:choice", 0);
      submit(d, "startstop:save");
      expectText(d, "サービスを開始しました", "started");

      d.get(PORTAL + "conditions.xhtml");
      checkbox(d, "conditions:unanswered", true);
      submit(d, "conditions:save");
      expectText(d, "設定しました。", "the conditions are saved");
      browser.screenshot("conditions");

      d.get(PORTAL + "designated.xhtml");
      type(d, "designated:rows:0:caller", "06-1234-5678");
      checkbox(d, "designated:rows:0:enabled", true);
      type(d, "designated:rows:1:caller", "03-12ab");
      submit(d, "designated:save");
      expectText(d, "電話番号は3～20桁の数字で入力してください", "a caller number with letters is refused");
      browser.screenshot("designated-error");
      type(d, "designated:rows:1:caller", "");
      submit(d, "designated:save");
      expectText(d, "設定しました。", "the designated callers are saved");
      browser.screenshot("designated");

      ApiClient.Reply settings = api.get("/lines/" + number + "/settings");
      assertTrue(settings.object().getBoolean("active"), settings.text());
      assertTrue(
          settings.object().getJsonObject("conditions").getBoolean("unansweredOnly"),
          settings.text());
      assertEquals(
          "0612345678",
          settings.object().getJsonArray("designatedCallers").getJsonObject(0).getString("number"));

      Sipp callee = Sipp.callee("portal-" + name, "uas-busy.xml");
      assertEquals(
          200,
          api.send(
                  "PATCH",
                  "/lines/" + number,
                  "{\"downstreamRoute\":\"" + callee.routeUri() + "\"}")
              .status());
      Sipp caller =
          Sipp.caller(
                  "portal-" + name,
                  "uac-expect-error.xml",
                  Integer.getInteger("callmail.it.sip-port"),
                  number,
                  "it-portal-" + name)
              .option(
                  "-key", "from_hdr", "<sip:0612345678@127.0.0.1>", "-set", "expect_code", "486");
      callee.start();
      caller.start();
      assertEquals(0, caller.await(), caller::transcript);
      assertEquals(0, callee.await(), callee::transcript);
      String[] seen = {""};
      try {
        new WebDriverWait(d, Duration.ofSeconds(20))
            .until(
                driver -> {
                  driver.get(PORTAL + "history.xhtml");
                  seen[0] =
                      driver.getCurrentUrl()
                          + "\n"
                          + driver.findElement(By.tagName("body")).getText();
                  return seen[0].contains("0612345678") && seen[0].contains("応答なし");
                });
      } catch (org.openqa.selenium.TimeoutException e) {
        browser.screenshot("history-missing");
        throw new AssertionError("the call is not in the history page:\n" + seen[0], e);
      }
      browser.screenshot("history");
      d.get(PORTAL + "menu.xhtml");
      submit(d, "logout:logout");
      waitFor(d, "login.xhtml");
      expectText(d, "ログアウトしました", "the logout is confirmed");
      d.get(PORTAL + "menu.xhtml");
      assertTrue(
          d.getCurrentUrl().contains("login.xhtml"), "after logout the old session is useless");
      browser.screenshot("logged-out");
    }
  }

  /**
   * FAXお知らせメール as the guide describes it, at a PC's and a phone's width: the top page's choice, the
   * login page's temporary-password guidance with the IVR number, the fax temporary password set
   * through the IVR (key 1), the fax option's own pages with its badge, the address page's notes,
   * new rows unchecked, an old-style mobile address saved and its test mail received, the test-mail
   * limit, and the way to the other option's login.
   */
  private void faxFlow(String name, Dimension viewport) throws Exception {
    String number = newLine(",\"callMail\":true,\"faxMail\":true");
    String temporary = "31*41592";
    try (IvrPhone phone = new IvrPhone(name)) {
      phone
          .pressAsInfo("1#" + number + "#", true)
          .pressAsInfo(temporary + "#" + temporary + "#", false)
          .awaitHangUp();
      Sipp caller = phone.caller("0722427142", number).start();
      assertEquals(0, caller.await(), caller::transcript);
    }
    String address = "fax.." + name + "@docomo.ne.jp";
    try (Browser browser = new Browser(name, viewport)) {
      WebDriver d = browser.driver;
      d.get(PORTAL);
      assertTrue(d.getCurrentUrl().endsWith("/portal/"), "the top page: " + d.getCurrentUrl());
      assertEquals("着信お知らせメール", d.findElement(By.id("call")).getText());
      assertEquals("FAXお知らせメール", d.findElement(By.id("fax")).getText());
      assertTrue(d.findElements(By.id("option")).isEmpty(), "no option chosen yet");
      browser.screenshot("top");
      assertNoHorizontalScroll(d, viewport);
      d.findElement(By.id("fax")).click();
      waitFor(d, "option=fax");
      assertEquals("FAXお知らせメール", d.findElement(By.id("option")).getText());
      String guide = d.findElement(By.id("ivr")).getText();
      for (String text :
          List.of(
              "仮パスワード設定番号 072-242-7142",
              "本サービスを契約している電話番号(もしくは認証用番号)からダイヤルしてください",
              "本サービスを契約している電話番号から、仮パスワード設定番号072-242-7142へダイヤル",
              "「1」+「#」をダイヤル",
              "「本サービスを契約している電話番号」+「#」をダイヤル",
              "「*」を含む8桁の数字を設定してください")) {
        assertTrue(guide.contains(text), "the login page tells " + text + ":\n" + guide);
      }
      browser.screenshot("login-fax");
      assertNoHorizontalScroll(d, viewport);

      // The fax option's own password: the call mail's (none yet) does not open it.
      type(d, "login:number", number);
      type(d, "login:password", "kaisha7");
      submit(d, "login:submit");
      expectText(d, "FAXお知らせメールのパスワード", "the fax login's refusal says what it needs");
      type(d, "login:number", number);
      type(d, "login:password", temporary);
      submit(d, "login:submit");
      waitFor(d, "password.xhtml");
      assertEquals("FAXお知らせメール", d.findElement(By.id("option")).getText());
      assertEquals("設定", d.findElement(By.id("password:change")).getText());
      type(d, "password:current", temporary);
      type(d, "password:next", "fax2025");
      type(d, "password:repeated", "fax2025");
      submit(d, "password:change");
      waitFor(d, "menu.xhtml");

      String menu = d.findElement(By.tagName("body")).getText();
      for (String item : List.of("開始/停止設定", "送信先メールアドレス登録/確認", "パスワード変更", "終了")) {
        assertTrue(menu.contains(item), "fax menu item " + item);
      }
      for (String item : List.of("メール送信条件設定", "発信電話番号指定通知設定", "着信履歴")) {
        assertFalse(menu.contains(item), "no call-mail item " + item + " in the fax menu");
      }
      assertEquals("FAXお知らせメール", d.findElement(By.id("option")).getText());
      browser.screenshot("menu-fax");
      assertNoHorizontalScroll(d, viewport);
      d.get(PORTAL + "conditions.xhtml");
      waitFor(d, "menu.xhtml"); // not a page of the fax option

      d.get(PORTAL + "recipients.xhtml");
      assertEquals("FAXお知らせメール", d.findElement(By.id("option")).getText());
      String notes = d.findElement(By.id("notes")).getText();
      for (String text :
          List.of(
              "送信先メールアドレスの登録を誤った場合、第三者に着信情報が通知される恐れがあります。メールアドレス登録の際、必ず「テストメール送信」を行ってください。",
              "受信拒否設定を解除するか、もしくは「callmail.test」を受信指定ドメインとして設定してください。",
              "お知らせメールが送信されない場合や届くまでにしばらく時間がかかる場合があります。",
              "パケット通信料等がかかる場合があります。",
              "taro..hanako@docomo.ne.jp")) {
        assertTrue(notes.contains(text), "the address page notes " + text + ":\n" + notes);
      }
      for (int row = 0; row < 5; row++) {
        assertFalse(
            d.findElement(By.id("recipients:rows:" + row + ":send_input")).isSelected(),
            "a new row starts with 送信する unchecked: row " + row);
      }
      type(d, "recipients:rows:0:address", address);
      checkbox(d, "recipients:rows:0:send", true);
      radio(d, "recipients:rows:0:form", 1);
      radio(d, "recipients:rows:0:charset", 1);
      type(d, "recipients:rows:1:address", "fax." + name + " @docomo.ne.jp");
      submit(d, "recipients:save");
      expectText(d, "メールアドレスの形式が正しくありません", "a space is still refused");
      type(d, "recipients:rows:1:address", "");
      submit(d, "recipients:save");
      expectText(d, "設定しました。", "the old-style address is saved");
      d.get(PORTAL + "recipients.xhtml");
      assertEquals(
          address, d.findElement(By.id("recipients:rows:0:address")).getAttribute("value"));
      assertTrue(d.findElement(By.id("recipients:rows:0:send_input")).isSelected());
      browser.screenshot("recipients-fax");
      assertNoHorizontalScroll(d, viewport);
      assertTrue(
          api.get("/lines/" + number + "/settings").object().getJsonArray("recipients").isEmpty(),
          "the call mail's addresses are its own");

      Pages.click(d, "recipients:rows:0:test");
      expectText(d, "受け付けました", "the mail server accepted the test mail");
      browser.screenshot("test-mail-fax");
      Await.until(
          "the test mail at " + address, () -> !ClientSide.mailsTo(smtp, address).isEmpty());
      List<MimeMessage> mine = ClientSide.mailsTo(smtp, address);
      assertEquals(1, mine.size(), "one test mail at " + address);
      assertEquals(
          "【テスト】FAXお知らせメール", MimeUtility.decodeText(mine.get(0).getHeader("Subject", null)));
      assertEquals(address, mine.get(0).getHeader("To", ","));
      assertTrue(
          mine.get(0).getContentType().contains("ISO-2022-JP"), mine.get(0).getContentType());

      // At most 10 test mails per line in an hour, both options together.
      for (int i = 0; i < 9; i++) {
        ApiClient.Reply sent =
            api.post(
                "/lines/" + number + "/test-mail",
                "{\"address\":\"limit-" + name + "@callmail.test\"}");
        assertEquals(200, sent.status(), sent.text());
      }
      Pages.click(d, "recipients:rows:0:test");
      expectText(d, "1時間に10通まで", "the eleventh test mail in an hour is refused");
      browser.screenshot("test-mail-limit");

      d.get(PORTAL + "startstop.xhtml");
      assertEquals("FAXお知らせメール", d.findElement(By.id("option")).getText());
      radio(d, "startstop:choice", 0);
      submit(d, "startstop:save");
      expectText(d, "サービスを開始しました", "the fax option started");
      assertNoHorizontalScroll(d, viewport);
      assertFalse(
          api.get("/lines/" + number + "/settings").object().getBoolean("active"),
          "the call mail is not started by the fax option's page");

      d.get(PORTAL + "password.xhtml");
      assertEquals("FAXお知らせメール", d.findElement(By.id("option")).getText());
      assertEquals("パスワードの変更", d.findElement(By.id("password:change")).getText());
      assertNoHorizontalScroll(d, viewport);

      List<String> problems = new ArrayList<>();
      for (String page : List.of("menu", "startstop", "recipients", "password")) {
        d.get(PORTAL + page + ".xhtml");
        problems.addAll(WalkIT.problems(d, "fax " + page, viewport));
      }
      assertTrue(problems.isEmpty(), "fax pages " + problems);

      // The call mail's settings need its own login.
      d.get(PORTAL + "menu.xhtml");
      submit(d, "other:switch");
      waitFor(d, "option=call");
      assertEquals("着信お知らせメール", d.findElement(By.id("option")).getText());
      assertTrue(
          d.findElement(By.id("ivr")).getText().contains("「0」+「#」をダイヤル"),
          "the call mail's IVR key");
      d.get(PORTAL + "menu.xhtml");
      assertTrue(d.getCurrentUrl().contains("login.xhtml"), "the fax session ended");
      browser.screenshot("login-call");
    }
  }

  // ---------------------------------------------------------------- helpers

  private String newLine() throws Exception {
    return newLine("");
  }

  /** A new line of the test's contract; {@code options} adds JSON members (",\"faxMail\":true"). */
  private String newLine(String options) throws Exception {
    String number = String.format("03555%05d", ++lineSequence);
    ApiClient.Reply line =
        api.post(
            "/lines", "{\"number\":\"" + number + "\",\"contract\":\"IT-PORTAL\"" + options + "}");
    assertEquals(201, line.status(), line.text());
    return number;
  }

  private String issueTemporaryPassword(String number) throws Exception {
    return api.post("/lines/" + number + "/temporary-password", "")
        .object()
        .getString("temporaryPassword");
  }

  /** Logs in and returns the page's message text (empty when the login went through). */
  static String login(WebDriver d, String number, String password) {
    d.get(PORTAL + "login.xhtml");
    type(d, "login:number", number);
    type(d, "login:password", password);
    submit(d, "login:submit");
    List<WebElement> messages =
        d.findElements(By.cssSelector(".ui-messages, .ui-message, .cm-messages"));
    return messages.isEmpty() ? "" : messages.get(0).getText();
  }

  private static void checkbox(WebDriver d, String id, boolean checked) {
    WebElement input = d.findElement(By.id(id + "_input"));
    if (input.isSelected() != checked) {
      ((JavascriptExecutor) d)
          .executeScript(
              "arguments[0].click()",
              d.findElement(By.cssSelector("[id='" + id + "'] .ui-chkbox-box")));
    }
  }

  private static void radio(WebDriver d, String id, int index) {
    List<WebElement> boxes =
        d.findElements(By.cssSelector("[id='" + id + "'] .ui-radiobutton-box"));
    ((JavascriptExecutor) d).executeScript("arguments[0].click()", boxes.get(index));
  }

  private static void assertNoHorizontalScroll(WebDriver d, Dimension viewport) {
    Number scrollWidth =
        (Number)
            ((JavascriptExecutor) d).executeScript("return document.documentElement.scrollWidth");
    Number clientWidth =
        (Number)
            ((JavascriptExecutor) d).executeScript("return document.documentElement.clientWidth");
    assertFalse(
        scrollWidth.intValue() > clientWidth.intValue(),
        "no horizontal scrolling at "
            + viewport.width
            + " px: "
            + scrollWidth
            + " > "
            + clientWidth);
  }
}
