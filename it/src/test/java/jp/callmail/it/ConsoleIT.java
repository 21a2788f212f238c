package jp.callmail.it;

import static jp.callmail.it.Pages.click;
import static jp.callmail.it.Pages.submit;
import static jp.callmail.it.Pages.type;
import static jp.callmail.it.Pages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
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
  private static final String OPERATOR_CONSOLE =
      "https://operator:it-operator-password@127.0.0.1:" + HTTPS + "/console/";
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
    d.get(OPERATOR_CONSOLE + "index.xhtml");
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

    d.get(OPERATOR_CONSOLE + "line.xhtml?number=" + number);
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
      assertEquals(401, Insecure.get(url, number, temporary).statusCode(), "subscriber on " + url);
      assertEquals(401, Insecure.get(url, null, null).statusCode(), "nobody on " + url);
    }
    for (String path :
        List.of(
            "/contracts",
            "/lines/" + number,
            "/reports/charges?month=2026-11",
            "/audit?target=" + number,
            "/call-records/dead")) {
      assertEquals(
          401,
          new ApiClient(Integer.getInteger("callmail.it.http-port"), number, temporary)
              .get(path)
              .status(),
          "subscriber on the API " + path);
    }
    HttpResponse<String> operator =
        Insecure.get(CONSOLE + "index.xhtml", "operator", "it-operator-password");
    assertEquals(200, operator.statusCode());
  }

  // --------------------------------------------------------------------------------------

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
