package jp.callmail.it;

import static jp.callmail.it.Pages.click;
import static jp.callmail.it.Pages.consoleLogin;
import static jp.callmail.it.Pages.submit;
import static jp.callmail.it.Pages.type;
import static jp.callmail.it.Pages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in headless Chromium, as an operator runs the service day to day: a contract
 * and a line made on screen, a CSV import refused for its bad rows and then accepted, the month's
 * charges on screen and as a downloaded CSV, a locked line unlocked, a failed mail re-sent until it
 * arrives. A subscriber's credentials open none of it.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

  private static final int HTTPS = Integer.getInteger("callmail.it.https-port");
  private static final String CONSOLE = "https://127.0.0.1:" + HTTPS + "/console/";
  private static final String ADMIN_PASSWORD = "it-operator-password";
  private static final long IDLE_SECONDS = 90; // it.properties
  private static Browser browser;

  private final ApiClient api = ApiClient.operator();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ClientSide.callmailWar();
  }

  @BeforeAll
  static void openBrowser() throws Exception {
    browser = new Browser("console", Browser.DESKTOP);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void anOperatorMakesAContractAndLinesImportsACsvAndReadsTheMonthsCharges() throws Exception {
    WebDriver d = browser.driver;
    String code = "IT-CON-" + System.nanoTime() % 100000;
    consoleLogin(d, CONSOLE, "operator", ADMIN_PASSWORD);
    d.get(CONSOLE + "index.xhtml");
    assertTrue(d.getTitle().contains("契約一覧"), d.getTitle());
    type(d, "create:code", code);
    type(d, "create:name", "コンソール試験株式会社");
    click(d, "create:save");
    waitFor(d, "contract.xhtml");
    assertEquals("コンソール試験株式会社", d.findElement(By.id("contract-name")).getText());
    type(d, "rename:name", "コンソール試験株式会社 本社");
    click(d, "rename:save");
    new WebDriverWait(d, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("contract-name"), "コンソール試験株式会社 本社"));
    browser.screenshot("contract");

    String first = uniqueNumber("06888");
    type(d, "line:number", first);
    type(d, "line:route", "sip:127.0.0.1:5999");
    click(d, "line:create");
    waitFor(d, "line.xhtml");
    assertTrue(d.findElement(By.tagName("h1")).getText().contains(first));
    assertEquals(200, api.get("/lines/" + first).status(), "the line made on screen exists");
    browser.screenshot("line");

    String second = uniqueNumber("06889");
    String third = uniqueNumber("06887");
    Path bad = Files.createTempFile("import-bad", ".csv");
    Files.writeString(
        bad,
        "\uFEFFnumber,contract,downstreamRoute,callMail,faxMail,authenticationNumbers,orderedWithPhoneService\r\n"
            + second
            + ","
            + code
            + ",,true,false,,false\r\n"
            + "12345,"
            + code
            + ",,true,false,,false\r\n"
            + third
            + ","
            + code
            + ",not-a-uri,true,false,,false\r\n",
        StandardCharsets.UTF_8);
    d.get(CONSOLE + "import.xhtml");
    d.findElement(By.cssSelector("form[id='import'] input[type='file']")).sendKeys(bad.toString());
    submit(d, "import:run");
    String page = d.findElement(By.tagName("body")).getText();
    assertTrue(page.contains("何も登録していません"), "a file with bad rows imports nothing: " + page);
    assertTrue(
        page.contains("0 から始まる 10 桁") && page.contains("SIP URI"),
        "each bad row says its rule in Japanese: " + page);
    assertEquals(404, api.get("/lines/" + second).status(), "nothing half-imported");
    browser.screenshot("import-refused");

    Path good = Files.createTempFile("import-good", ".csv");
    Files.writeString(
        good,
        "number,contract,downstreamRoute,callMail,faxMail,authenticationNumbers,orderedWithPhoneService\n"
            + second
            + ","
            + code
            + ",,true,false,,false\n"
            + third
            + ","
            + code
            + ",sip:127.0.0.1:5999,true,false,0612340000,false\n",
        StandardCharsets.UTF_8);
    d.findElement(By.cssSelector("form[id='import'] input[type='file']")).sendKeys(good.toString());
    submit(d, "import:run");
    assertTrue(
        d.findElement(By.id("import-summary")).getText().contains("2"),
        d.findElement(By.id("import-summary")).getText());
    assertEquals(200, api.get("/lines/" + third).status());
    assertEquals(
        List.of("0612340000"),
        api
            .get("/lines/" + third)
            .object()
            .getJsonArray("authenticationNumbers")
            .getValuesAs(jakarta.json.JsonString.class)
            .stream()
            .map(jakarta.json.JsonString::getString)
            .toList());

    // Three lines this month, ordered without the phone service: 3 x 100 yen; work fees for two
    // orders (the screen's line; the import's two lines): 1,000 + 1,000 and 1,000 + 2 x 1,000;
    // 10% consumption tax rounded down.
    String month = YearMonth.now(ZoneId.of("Asia/Tokyo")).toString();
    d.get(CONSOLE + "charges.xhtml");
    type(d, "charges:month", month);
    submit(d, "charges:show");
    WebElement row =
        d.findElements(By.cssSelector("[id$='contracts_data'] tr")).stream()
            .filter(r -> r.getText().startsWith(code))
            .findFirst()
            .orElseThrow();
    assertEquals(
        List.of(code, "コンソール試験株式会社 本社", "300 円", "5,000 円", "5,300 円", "530 円", "5,830 円"),
        row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
    JsonObject report = api.get("/reports/charges?month=" + month).object();
    JsonObject contract =
        report.getJsonArray("contracts").getValuesAs(JsonObject.class).stream()
            .filter(c -> c.getString("contract").equals(code))
            .findFirst()
            .orElseThrow();
    assertEquals(5830, contract.getInt("total"), "the screen and the API agree");
    browser.screenshot("charges");

    click(d, "charges:download");
    Path csv = awaitDownload(browser.downloads, "callmail-charges-" + month + ".csv");
    String text = Files.readString(csv, StandardCharsets.UTF_8);
    assertTrue(
        text.startsWith("\uFEFF請求月,契約コード,契約者名,電話番号,区分,内容,利用日数,金額\r\n"), "BOM and Japanese header");
    List<String> ours = text.lines().filter(l -> l.contains(code)).toList();
    assertTrue(
        ours.stream().anyMatch(l -> l.contains("合計") && l.endsWith(",5830")),
        "the contract's total: " + ours);
    assertEquals(
        3,
        ours.stream().filter(l -> l.endsWith(",100")).count(),
        "a 100 yen line per number: " + ours);
  }

  @Test
  void anOperatorUnlocksALockedLineAndReSendsAFailedMailWhichThenArrives() throws Exception {
    String contractCode = "IT-CON-OPS";
    int created =
        api.post("/contracts", "{\"code\":\"" + contractCode + "\",\"name\":\"運用試験\"}").status();
    assertTrue(created == 201 || created == 409);
    Sipp callee = Sipp.callee("console-busy", "uas-busy.xml");
    String number = uniqueNumber("06886");
    assertEquals(
        201,
        api.post(
                "/lines",
                "{\"number\":\""
                    + number
                    + "\",\"contract\":\""
                    + contractCode
                    + "\",\"downstreamRoute\":\""
                    + callee.routeUri()
                    + "\"}")
            .status());
    assertEquals(
        200,
        api.put(
                "/lines/" + number + "/settings",
                "{\"active\":true,\"recipients\":[{\"address\":\"console@callmail.test\",\"send\":true}]}")
            .status());

    // A mail server that refuses the recipient: the call's mail ends FAILED with its reply.
    try (RejectingSmtpServer refusing = new RejectingSmtpServer(ClientSide.SMTP_PORT)) {
      Sipp caller =
          Sipp.caller(
                  "console-busy",
                  "uac-expect-error.xml",
                  Integer.getInteger("callmail.it.sip-port"),
                  number,
                  "it-console-" + System.nanoTime())
              .option(
                  "-key", "from_hdr", "<sip:0612345678@127.0.0.1>", "-set", "expect_code", "486");
      callee.start();
      caller.start();
      assertEquals(0, caller.await(), caller::transcript);
      assertEquals(0, callee.await(), callee::transcript);
      Await.until("the mail FAILED", () -> api.firstMailStatus(number).equals("FAILED"));
    }

    // Ten wrong passwords at the portal lock the line.
    String temporary =
        api.post("/lines/" + number + "/temporary-password", "")
            .object()
            .getString("temporaryPassword");
    WebDriver d = browser.driver;
    for (int i = 0; i < 10; i++) {
      PortalIT.login(d, number, "wrong" + i);
    }
    d.manage().deleteAllCookies();
    assertTrue(api.get("/lines/" + number + "/lock").object().getBoolean("locked"));

    consoleLogin(d, CONSOLE, "operator", ADMIN_PASSWORD);
    d.get(CONSOLE + "line.xhtml?number=" + number);
    assertEquals("ロック中(パスワード無効)", d.findElement(By.id("lock-state")).getText());
    browser.screenshot("locked");
    click(d, "access:unlock");
    waitForText(d, "lock-state", "ロックなし");
    assertTrue(!api.get("/lines/" + number + "/lock").object().getBoolean("locked"), "unlocked");

    GreenMail smtp = ClientSide.startSmtp();
    try {
      WebElement mail = d.findElement(By.cssSelector(".cc-mail-FAILED"));
      assertTrue(
          mail.getText().contains("550"),
          "the failed mail shows the server's reply: " + mail.getText());
      mail.findElement(By.cssSelector("button.cc-resend")).click();
      // The temporary password issued above also queued its notice (仮パスワード設定のお知らせ) to the
      // line's address; it waited for the mail server and arrives now too.
      Await.until(
          "the re-sent mail and the password notice at the mail server",
          () ->
              mailsContaining(smtp, "着信状態:応答なし").size() >= 1
                  && mailsContaining(smtp, "電話番号 " + number + " のサービス設定ホームページ").size() >= 1);
      // Other tests of this class leave notices of their own lines waiting for a mail server: only
      // this line's count.
      Thread.sleep(3000); // a second copy of either would arrive by now
      assertEquals(1, mailsContaining(smtp, "着信状態:応答なし").size(), "the re-sent mail, once");
      assertEquals(
          1,
          mailsContaining(smtp, "電話番号 " + number + " のサービス設定ホームページ").size(),
          "the password notice, once");
      MimeMessage arrived = mailsContaining(smtp, "着信状態:応答なし").get(0);
      assertEquals("console@callmail.test", arrived.getAllRecipients()[0].toString());
      assertEquals(
          "console@callmail.test",
          mailsContaining(smtp, "電話番号 " + number + " のサービス設定ホームページ")
              .get(0)
              .getAllRecipients()[0]
              .toString());
      Await.until("its state SENT", () -> api.firstMailStatus(number).equals("SENT"));
      d.get(CONSOLE + "line.xhtml?number=" + number);
      String audit = d.findElement(By.id("audit")).getText();
      assertTrue(
          audit.contains("operator") && audit.contains("ロック解除") && audit.contains("メールの再送"),
          "who did what is in the line's audit log: " + audit);
      browser.screenshot("resent");
    } finally {
      smtp.stop();
    }
    assertTrue(temporary.length() == 8);
  }

  @Test
  void aSubscribersCredentialsOpenNoOperatorPage() throws Exception {
    String number = uniqueNumber("06885");
    int created = api.post("/contracts", "{\"code\":\"IT-CON-SEC\",\"name\":\"権限試験\"}").status();
    assertTrue(created == 201 || created == 409);
    assertEquals(
        201,
        api.post("/lines", "{\"number\":\"" + number + "\",\"contract\":\"IT-CON-SEC\"}").status());
    String temporary =
        api.post("/lines/" + number + "/temporary-password", "")
            .object()
            .getString("temporaryPassword");
    List<String> pages =
        Stream.of(
                "index.xhtml",
                "contract.xhtml?code=IT-CON-SEC",
                "line.xhtml?number=" + number,
                "import.xhtml",
                "charges.xhtml",
                "audit.xhtml",
                "dead-letters.xhtml")
            .map(p -> CONSOLE + p)
            .toList();
    for (String url : pages) {
      assertLeadsToLogin(Insecure.get(url, number, temporary), "subscriber on " + url);
      assertLeadsToLogin(Insecure.get(url, null, null), "nobody on " + url);
      assertLeadsToLogin(
          Insecure.get(url, "operator", ADMIN_PASSWORD),
          "an operator's Basic credentials on " + url + " (the console has a login form only)");
    }
    for (String path :
        List.of(
            "/contracts",
            "/lines/" + number,
            "/reports/charges?month=2026-11",
            "/audit?target=" + number,
            "/call-records/dead")) {
      assertEquals(
          401, ApiClient.as(number, temporary).get(path).status(), "subscriber on the API " + path);
    }
    String session = Insecure.consoleLogin("operator", ADMIN_PASSWORD);
    HttpResponse<String> operator = Insecure.getWithCookie(CONSOLE + "index.xhtml", session);
    assertEquals(200, operator.statusCode());
  }

  @Test
  void theConsoleHasALoginFormALogoutAndAnIdleTimeout() throws Exception {
    HttpResponse<String> form = Insecure.get(CONSOLE + "login.xhtml", null, null);
    assertEquals(200, form.statusCode());
    assertSecurityHeaders(form, "the login form");

    WebDriver d = browser.driver;
    d.manage().deleteAllCookies();
    d.get(CONSOLE + "index.xhtml");
    waitFor(d, "/console/login.xhtml");
    type(d, "login:username", "operator");
    type(d, "login:password", "not-the-password");
    submit(d, "login:submit");
    assertTrue(
        d.findElement(By.tagName("body")).getText().contains("ユーザー名またはパスワードが正しくないか"),
        d.findElement(By.tagName("body")).getText());
    String before = d.manage().getCookieNamed("JSESSIONID").getValue();
    consoleLogin(d, CONSOLE, "operator", ADMIN_PASSWORD);
    String after = d.manage().getCookieNamed("JSESSIONID").getValue();
    assertNotEquals(before, after, "the session id changes at login");
    assertEquals("operator", d.findElement(By.cssSelector(".cc-user")).getText());
    browser.screenshot("logged-in");

    HttpResponse<String> page =
        Insecure.getWithCookie(CONSOLE + "index.xhtml", "JSESSIONID=" + after);
    assertEquals(200, page.statusCode());
    assertSecurityHeaders(page, "a console page");
    assertTrue(
        page.headers().allValues("Content-Security-Policy").stream()
            .anyMatch(v -> v.contains("'nonce-")),
        "PrimeFaces' script nonce: " + page.headers().allValues("Content-Security-Policy"));

    submit(d, "logout:logout");
    waitFor(d, "/console/login.xhtml");
    assertTrue(d.findElement(By.tagName("body")).getText().contains("ログアウトしました"));
    d.get(CONSOLE + "audit.xhtml");
    waitFor(d, "/console/login.xhtml");
    assertEquals(
        303,
        Insecure.getWithCookie(CONSOLE + "index.xhtml", "JSESSIONID=" + after).statusCode(),
        "the logged-out session opens nothing");

    consoleLogin(d, CONSOLE, "operator", ADMIN_PASSWORD);
    Thread.sleep((IDLE_SECONDS + 3) * 1000);
    d.get(CONSOLE + "audit.xhtml");
    waitFor(d, "/console/login.xhtml?expired=true");
    assertTrue(
        d.findElement(By.tagName("body")).getText().contains("一定時間操作がなかったため"),
        d.findElement(By.tagName("body")).getText());
    browser.screenshot("idle-logout");
  }

  @Test
  void eachOperatorHasAnAccountAndTheRoleLimitsWhatTheyMayChange() throws Exception {
    WebDriver d = browser.driver;
    consoleLogin(d, CONSOLE, "operator", ADMIN_PASSWORD);
    String suffix = String.valueOf(System.nanoTime() % 100000);
    String support = "support-" + suffix;
    String auditor = "auditor-" + suffix;
    String supportPassword = createAccount(d, support, "support");
    String auditorPassword = createAccount(d, auditor, "auditor");
    assertTrue(
        d.findElement(By.id("list:accounts")).getText().contains(auditor),
        d.findElement(By.id("list:accounts")).getText());
    browser.screenshot("accounts");

    String number = uniqueNumber("06884");
    int created = api.post("/contracts", "{\"code\":\"IT-CON-ROLE\",\"name\":\"ロール試験\"}").status();
    assertTrue(created == 201 || created == 409);
    assertEquals(
        201,
        api.post("/lines", "{\"number\":\"" + number + "\",\"contract\":\"IT-CON-ROLE\"}")
            .status());
    // An issued password is a one-time secret: the API refuses it, the console holds the person on
    // パスワード変更 until they choose their own.
    ApiClient.Reply issuedOnly = ApiClient.as(support, supportPassword).get("/lines/" + number);
    assertEquals(403, issuedOnly.status(), issuedOnly.text());
    assertEquals("password-change-required", issuedOnly.object().getString("rule"));
    supportPassword =
        chooseOwnPassword(d, support, supportPassword, "Own passphrase " + suffix + "s");
    auditorPassword =
        chooseOwnPassword(d, auditor, auditorPassword, "Own passphrase " + suffix + "a");
    ApiClient supportApi = ApiClient.as(support, supportPassword);
    ApiClient auditorApi = ApiClient.as(auditor, auditorPassword);

    // Support reads, unlocks and issues temporary passwords, but makes no contract.
    assertEquals(200, supportApi.get("/lines/" + number).status());
    ApiClient.Reply refused =
        supportApi.post("/contracts", "{\"code\":\"IT-CON-NO\",\"name\":\"作れない\"}");
    assertEquals(403, refused.status(), refused.text());
    assertEquals("not-permitted", refused.object().getString("rule"));
    assertEquals(404, api.get("/contracts/IT-CON-NO").status(), "nothing made");
    assertEquals(200, supportApi.post("/lines/" + number + "/unlock", "").status());
    assertEquals(200, supportApi.post("/lines/" + number + "/temporary-password", "").status());

    // The auditor reads and changes nothing.
    assertEquals(200, auditorApi.get("/audit?target=" + number).status());
    assertEquals(403, auditorApi.post("/lines/" + number + "/unlock", "").status());
    assertEquals(
        403,
        auditorApi
            .send("PATCH", "/lines/" + number, "{\"downstreamRoute\":\"sip:127.0.0.1:5998\"}")
            .status());
    assertEquals(403, auditorApi.send("DELETE", "/lines/" + number, "").status());
    assertFalse(api.get("/lines/" + number).object().getBoolean("cancelled"), "still open");

    // The audit log names the person.
    String audit = api.get("/audit?target=" + number).text();
    assertTrue(audit.contains("\"actor\":\"" + support + "\""), audit);

    // In the console: operator accounts are for admins; an auditor's change is refused on screen.
    consoleLogin(d, CONSOLE, support, supportPassword);
    assertEquals(
        403,
        Insecure.getWithCookie(CONSOLE + "accounts.xhtml", cookie(d)).statusCode(),
        "support on the accounts page");
    assertTrue(d.findElements(By.id("nav-accounts")).isEmpty(), "no accounts link for support");
    consoleLogin(d, CONSOLE, auditor, auditorPassword);
    type(d, "create:code", "IT-CON-AUD");
    type(d, "create:name", "監査では作れない");
    submit(d, "create:save");
    assertTrue(
        d.findElement(By.id("messages")).getText().contains("この操作を行う権限がありません"),
        d.findElement(By.id("messages")).getText());
    assertEquals(404, api.get("/contracts/IT-CON-AUD").status(), "the auditor made nothing");
    browser.screenshot("auditor-refused");

    // An admin gives the auditor the support role: the change holds at the auditor's next request.
    consoleLogin(d, CONSOLE, "operator", ADMIN_PASSWORD);
    d.get(CONSOLE + "accounts.xhtml");
    String row = "//tr[.//span[@class='cc-account' and text()='" + auditor + "']]";
    new Select(d.findElement(By.xpath(row + "//select"))).selectByValue("support");
    String button =
        d.findElement(By.xpath(row + "//button[contains(@id,'changerole')]")).getAttribute("id");
    submit(d, button);
    assertTrue(
        d.findElement(By.id("messages")).getText().contains("ロールを変更しました"),
        d.findElement(By.id("messages")).getText());
    assertTrue(
        d.findElement(By.xpath(row + "//span[@class='cc-role']")).getText().contains("サポート"),
        d.findElement(By.xpath(row)).getText());
    assertEquals(200, auditorApi.post("/lines/" + number + "/unlock", "").status(), "now support");
    assertTrue(
        api.get("/audit?target=operator:" + auditor).text().contains("operator.change-role"));

    // Five wrong passwords lock the account, even against the right one.
    for (int i = 0; i < 5; i++) {
      assertEquals(401, ApiClient.as(auditor, "wrong-password-" + i).get("/contracts").status());
    }
    assertEquals(401, auditorApi.get("/contracts").status(), "locked");
    assertEquals(200, supportApi.get("/contracts").status(), "others are not");
  }

  @Test
  void theApiAnswersOnlyOverHttpsAndTakesChangesOnlyAsJson() throws Exception {
    ApiClient.Reply plain = ApiClient.plainHttp("operator", ADMIN_PASSWORD).get("/contracts");
    assertEquals(403, plain.status(), plain.text());
    assertTrue(plain.text().contains("https-required"), plain.text());
    assertEquals(
        403,
        ApiClient.plainHttp("operator", ADMIN_PASSWORD)
            .post("/contracts", "{\"code\":\"IT-CON-HTTP\",\"name\":\"平文\"}")
            .status());
    assertEquals(404, api.get("/contracts/IT-CON-HTTP").status(), "nothing made over HTTP");

    ApiClient.Reply text =
        api.raw("POST", "/contracts", "text/plain", "{\"code\":\"IT-CON-TXT\",\"name\":\"テキスト\"}");
    assertEquals(415, text.status(), text.text());
    assertEquals("json-required", text.object().getString("rule"));
    assertEquals(404, api.get("/contracts/IT-CON-TXT").status(), "nothing made from text/plain");
    assertEquals(
        415,
        api.raw("POST", "/contracts", "application/x-www-form-urlencoded", "code=IT-CON-FORM")
            .status());
    assertEquals(415, api.raw("DELETE", "/contracts/IT-CON-TXT", null, "").status(), "no type");

    String number = uniqueNumber("06883");
    int created = api.post("/contracts", "{\"code\":\"IT-CON-CSVH\",\"name\":\"取込試験\"}").status();
    assertTrue(created == 201 || created == 409);
    String csv =
        "number,contract,downstreamRoute,callMail,faxMail,authenticationNumbers,orderedWithPhoneService\n"
            + number
            + ",IT-CON-CSVH,,true,false,,false\n";
    ApiClient.Reply noHeader = api.raw("POST", "/lines/import", "text/csv", csv);
    assertEquals(415, noHeader.status(), noHeader.text());
    assertEquals("csv-header-required", noHeader.object().getString("rule"));
    assertEquals(404, api.get("/lines/" + number).status());
    ApiClient.Reply imported =
        api.raw("POST", "/lines/import", "text/csv; charset=UTF-8", csv, "X-Requested-By", "curl");
    assertEquals(200, imported.status(), imported.text());
    assertEquals(200, api.get("/lines/" + number).status());
  }

  @Test
  void chargeCsvCellsAreNeverFormulasAndHealthDetailsAreForOperators() throws Exception {
    String name = "=HYPERLINK(\"http://evil.test\",\"請求書\")";
    int created =
        api.post(
                "/contracts",
                Json.createObjectBuilder()
                    .add("code", "IT-CON-FORMULA")
                    .add("name", name)
                    .build()
                    .toString())
            .status();
    assertTrue(created == 201 || created == 409);
    String number = uniqueNumber("06882");
    assertEquals(
        201,
        api.post("/lines", "{\"number\":\"" + number + "\",\"contract\":\"IT-CON-FORMULA\"}")
            .status());
    String month = YearMonth.now(ZoneId.of("Asia/Tokyo")).toString();
    ApiClient.Reply csv =
        api.raw("GET", "/reports/charges.csv?month=" + month, null, "", "Accept", "text/csv");
    assertEquals(200, csv.status());
    List<String> rows = csv.text().lines().filter(l -> l.contains("IT-CON-FORMULA")).toList();
    assertTrue(
        !rows.isEmpty()
            && rows.stream()
                .allMatch(
                    l -> l.contains(",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"請求書\"\")\",")),
        "the name is text, quoted as RFC 4180 says: " + rows);

    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + Integer.getInteger("callmail.it.http-port")
                                + "/health/ready"))
                    .timeout(Duration.ofSeconds(15))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertTrue(
        anonymous.body().contains("\"database\"") && anonymous.body().contains("\"status\""),
        anonymous.body());
    assertFalse(
        anonymous.body().matches("(?s).*\"data\":\\{[^}].*")
            || anonymous.body().contains("latencyMillis")
            || anonymous.body().contains("jdbc/callmail"),
        "no details for anyone (Payara writes an empty data object): " + anonymous.body());
    ApiClient.Reply details = api.get("/health");
    assertTrue(details.status() == 200 || details.status() == 503, details.text());
    JsonObject database =
        details.object().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(c -> c.getString("name").equals("database"))
            .findFirst()
            .orElseThrow();
    assertEquals("UP", database.getString("status"));
    assertEquals("jdbc/callmail", database.getJsonObject("data").getString("resource"));
    assertEquals(401, ApiClient.as(null, null).get("/health").status());
  }

  // --------------------------------------------------------------------------------------

  private static String createAccount(WebDriver d, String username, String role) {
    d.get(CONSOLE + "accounts.xhtml");
    type(d, "create:username", username);
    new Select(d.findElement(By.id("create:role"))).selectByValue(role);
    submit(d, "create:save");
    String password = d.findElement(By.id("issued-password")).getText();
    assertTrue(password.length() >= 12, "a password shown once: " + password);
    return password;
  }

  /**
   * Logs in with an issued password, is held on パスワード変更 (other pages lead back to it), and chooses
   * {@code own}; returns it.
   */
  private String chooseOwnPassword(WebDriver d, String username, String issued, String own)
      throws java.io.IOException {
    d.get(CONSOLE + "login.xhtml");
    type(d, "login:username", username);
    type(d, "login:password", issued);
    submit(d, "login:submit");
    waitFor(d, "/console/password.xhtml");
    assertTrue(
        d.findElement(By.id("password-must")).getText().contains("管理者が発行したもの"),
        d.findElement(By.tagName("body")).getText());
    browser.screenshot("password-must-change");
    d.get(CONSOLE + "audit.xhtml");
    waitFor(d, "/console/password.xhtml");
    type(d, "password:current", issued);
    type(d, "password:next", own);
    type(d, "password:repeated", own + "x");
    submit(d, "password:save");
    assertTrue(
        d.findElement(By.id("messages")).getText().contains("確認のため入力したパスワードが一致しません"),
        d.findElement(By.id("messages")).getText());
    type(d, "password:current", issued);
    type(d, "password:next", own);
    type(d, "password:repeated", own);
    submit(d, "password:save");
    waitFor(d, "/console/index.xhtml");
    assertTrue(
        d.findElement(By.id("messages")).getText().contains("パスワードを変更しました"),
        d.findElement(By.id("messages")).getText());
    return own;
  }

  private static String cookie(WebDriver d) {
    return "JSESSIONID=" + d.manage().getCookieNamed("JSESSIONID").getValue();
  }

  private static void assertLeadsToLogin(HttpResponse<String> response, String what) {
    assertEquals(303, response.statusCode(), what);
    assertTrue(
        response.headers().firstValue("Location").orElse("").contains("/console/login.xhtml"),
        what + ": " + response.headers().map());
    assertTrue(
        response.headers().firstValue("WWW-Authenticate").isEmpty(), what + ": no Basic prompt");
  }

  private static void assertSecurityHeaders(HttpResponse<String> r, String what) {
    List<String> csp = r.headers().allValues("Content-Security-Policy");
    assertTrue(csp.stream().anyMatch(v -> v.contains("frame-ancestors 'none'")), what + ": " + csp);
    assertTrue(
        r.headers().firstValue("Strict-Transport-Security").orElse("").contains("max-age="), what);
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), what);
    assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("no-store"), what);
  }

  private static String uniqueNumber(String prefix) {
    return prefix + String.format("%05d", (System.nanoTime() / 1000) % 100000);
  }

  private static Path awaitDownload(Path dir, String name) throws Exception {
    Path file = dir.resolve(name);
    for (int i = 0; i < 100; i++) {
      if (Files.exists(file) && Files.size(file) > 0) {
        return file;
      }
      Thread.sleep(100);
    }
    try (var listing = Files.list(dir)) {
      throw new AssertionError("no " + name + " in " + dir + ": " + listing.toList());
    }
  }

  private static void waitForText(WebDriver d, String id, String text) {
    new WebDriverWait(d, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id(id), text));
  }

  private static List<MimeMessage> mailsContaining(GreenMail smtp, String text) {
    return Stream.of(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return ((String) m.getContent()).contains(text);
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }
}
