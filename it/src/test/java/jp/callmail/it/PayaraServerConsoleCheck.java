package jp.callmail.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator in the Payara Server admin console, in headless Chromium: logs in as admin, finds
 * callmail's JDBC pool and pings it (the console answers "Ping Succeeded" only when PostgreSQL
 * accepts the pool's connection), the JDBC resource, the mail session, the resource adapter's
 * configuration with its SIP settings, and both applications, the adapter and the web application.
 *
 * <p>Not part of the normal suite (no "IT" in the name): it needs a Payara Server domain made by
 * server-config/payara-server/install.sh, which server-config/payara-server/console-check.sh makes,
 * then runs this class with {@code -Dit.test=PayaraServerConsoleCheck}. Its result, with each check
 * that passed, goes to {@code callmail.console-check.result} as JSON (payara_server_console_ok),
 * which the fail-over run reads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraServerConsoleCheck {

  private static final String CONSOLE = System.getProperty("callmail.console-check.url");
  private static final Path PASSWORD_FILE =
      Path.of(System.getProperty("callmail.console-check.password-file", "admin-password"));
  private static final Path RESULT =
      Path.of(System.getProperty("callmail.console-check.result", "target/console.json"));

  /** The console builds its pages on first use: the first ones take long on two busy cores. */
  private static final Duration FIRST_LOAD = Duration.ofSeconds(180);

  private static final Duration PAGE = Duration.ofSeconds(60);
  private static final List<String> CHECKED = new ArrayList<>();
  private static final List<String> FAILED = new ArrayList<>();
  private static Browser browser;

  @BeforeAll
  static void openBrowser() throws IOException {
    Files.deleteIfExists(RESULT);
    browser = new Browser("payara-server-console", Browser.DESKTOP);
    browser.driver.manage().timeouts().pageLoadTimeout(FIRST_LOAD);
  }

  @AfterAll
  static void writeResult() throws IOException {
    if (browser != null) {
      browser.close();
    }
    JsonArrayBuilder checked = Json.createArrayBuilder();
    CHECKED.forEach(checked::add);
    JsonArrayBuilder failed = Json.createArrayBuilder();
    FAILED.forEach(failed::add);
    Files.createDirectories(RESULT.toAbsolutePath().getParent());
    Files.writeString(
        RESULT,
        Json.createObjectBuilder()
                .add("payara_server_console_ok", FAILED.isEmpty() && CHECKED.size() == 6)
                .add("date", Instant.now().toString())
                .add("console", CONSOLE)
                .add("checked", checked)
                .add("failed", failed)
                .build()
                .toString()
            + "\n",
        StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void anAdministratorLogsIn() throws Exception {
    check(
        "login",
        () -> {
          WebDriver d = browser.driver;
          d.get(CONSOLE + "/");
          WebElement user = waitForElement(By.name("j_username"), FIRST_LOAD);
          user.sendKeys("admin");
          WebElement password = d.findElement(By.name("j_password"));
          password.sendKeys(Files.readString(PASSWORD_FILE).strip());
          browser.screenshot("login");
          password.sendKeys(Keys.ENTER);
          // The home page's tree and its "Common Tasks" appear once the console has loaded.
          waitForText("Common Tasks", FIRST_LOAD);
          browser.screenshot("home");
        });
  }

  @Test
  @Order(2)
  void theJdbcPoolPingsPostgresql() throws Exception {
    check(
        "jdbc-pool callmail-pool ping",
        () -> {
          open("/jdbc/jdbcConnectionPools.jsf", "callmail-pool");
          clickLink("callmail-pool");
          waitForText("org.postgresql.ds.PGSimpleDataSource", PAGE);
          WebElement ping =
              waitForElement(By.cssSelector("input[id$=':ping'], button[id$=':ping']"), PAGE);
          ping.click();
          waitForText("Ping Succeeded", PAGE);
          browser.screenshot("pool-ping");
        });
  }

  @Test
  @Order(3)
  void theJdbcResourceUsesThePool() throws Exception {
    check(
        "jdbc-resource jdbc/callmail",
        () -> {
          open("/jdbc/jdbcResources.jsf", "jdbc/callmail");
          clickLink("jdbc/callmail");
          waitForText("Edit JDBC Resource", PAGE);
          new WebDriverWait(browser.driver, PAGE) // the pool is the selected option of a list
              .ignoring(StaleElementReferenceException.class)
              .until(
                  d ->
                      d.findElements(By.cssSelector("select option")).stream()
                          .anyMatch(o -> o.isSelected() && "callmail-pool".equals(o.getText())));
          browser.screenshot("jdbc-resource");
        });
  }

  @Test
  @Order(4)
  void theMailSessionIsThere() throws Exception {
    check(
        "mail-session mail/callmail",
        () -> {
          open("/full/mailResources.jsf", "mail/callmail");
          clickLink("mail/callmail");
          waitForText("Edit JavaMail Session", PAGE);
          waitForValue("mail.smtp.port");
          browser.screenshot("mail-session");
        });
  }

  @Test
  @Order(5)
  void theResourceAdapterConfigurationHoldsTheSipSettings() throws Exception {
    check(
        "resource-adapter-config callmail-sip-connector",
        () -> {
          open("/jca/resourceAdapterConfigs.jsf", "callmail-sip-connector");
          clickLink("callmail-sip-connector");
          waitForValue("peers");
          waitForValue("transports");
          browser.screenshot("resource-adapter-config");
        });
  }

  @Test
  @Order(6)
  void bothApplicationsAreListed() throws Exception {
    check(
        "applications callmail-sip-connector (rar) and callmail (war)",
        () -> {
          open("/common/applications/applications.jsf", "Deployed Applications");
          String adapter = applicationRow("callmail-sip-connector");
          assertTrue(adapter.contains("connector"), "the adapter's row: " + adapter);
          String war = applicationRow("callmail");
          assertTrue(war.contains("web"), "the web application's row: " + war);
          browser.screenshot("applications");
        });
  }

  /** The text of the Applications table's row of the application with that name (a link). */
  private static String applicationRow(String name) {
    return browser.driver.findElements(By.cssSelector("tr")).stream()
        .filter(row -> row.findElements(By.cssSelector("tr")).isEmpty()) // a row of cells only
        .filter(row -> !row.findElements(By.linkText(name)).isEmpty())
        .map(row -> row.getText().replace('\n', ' '))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in the Applications list"));
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Runs one check, records it as passed or failed, and fails the test if it failed. */
  private static void check(String name, Step step) throws Exception {
    try {
      step.run();
      CHECKED.add(name);
    } catch (Exception | AssertionError e) {
      FAILED.add(name + ": " + e.getMessage().lines().findFirst().orElse(""));
      browser.screenshot("failed-" + name.replaceAll("[^a-z]+", "-"));
      throw e;
    }
  }

  /** Opens a console page and waits until it lists {@code text}. */
  private static void open(String page, String text) {
    browser.driver.get(CONSOLE + page);
    waitForText(text, FIRST_LOAD);
  }

  /** Clicks the first visible link with that text, again if the page was still being redrawn. */
  private static void clickLink(String text) {
    new WebDriverWait(browser.driver, PAGE)
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              for (WebElement link : d.findElements(By.linkText(text))) {
                if (link.isDisplayed()) {
                  link.click();
                  return true;
                }
              }
              return false;
            });
  }

  private static WebElement waitForElement(By by, Duration timeout) {
    return new WebDriverWait(browser.driver, timeout)
        .until(
            d ->
                d.findElements(by).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
  }

  private static void waitForText(String text, Duration timeout) {
    try {
      new WebDriverWait(browser.driver, timeout)
          .until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the console never showed \""
              + text
              + "\" at "
              + browser.driver.getCurrentUrl()
              + "\n"
              + browser.driver.findElement(By.tagName("body")).getText(),
          e);
    }
  }

  /** Waits for an input field (the console shows settings in editable fields) holding value. */
  private static void waitForValue(String value) {
    try {
      new WebDriverWait(browser.driver, PAGE)
          .ignoring(StaleElementReferenceException.class)
          .until(
              d ->
                  d.findElements(By.cssSelector("input")).stream()
                      .anyMatch(i -> value.equals(i.getAttribute("value"))));
    } catch (TimeoutException e) {
      throw new AssertionError(
          "no field holds \"" + value + "\" at " + browser.driver.getCurrentUrl(), e);
    }
  }
}
