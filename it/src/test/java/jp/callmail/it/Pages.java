package jp.callmail.it;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do on a JSF page: type into a field, press a button, wait for a page. */
final class Pages {

  private Pages() {}

  /**
   * Logs in to the operator console through its login form and waits for the start page (any
   * earlier console login of this browser is replaced).
   */
  static void consoleLogin(WebDriver d, String base, String user, String password) {
    d.get(base + "login.xhtml");
    type(d, "login:username", user);
    type(d, "login:password", password);
    submit(d, "login:submit");
    waitFor(d, "/console/index.xhtml");
  }

  static void type(WebDriver d, String id, String text) {
    WebElement input = d.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  static void click(WebDriver d, String id) {
    WebElement button = d.findElement(By.id(id));
    ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView()", button);
    button.click();
  }

  /**
   * Presses a button that posts the whole page and waits until the browser has left the page it was
   * on.
   */
  static void submit(WebDriver d, String id) {
    JavascriptExecutor page = (JavascriptExecutor) d;
    page.executeScript("window.callmailSubmitted = true");
    click(d, id);
    new WebDriverWait(d, Duration.ofSeconds(10))
        .ignoring(WebDriverException.class)
        .until(
            driver ->
                (Boolean)
                    page.executeScript(
                        "return window.callmailSubmitted === undefined && document.readyState === 'complete'"));
  }

  static void waitFor(WebDriver d, String page) {
    new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains(page));
  }

  /**
   * Waits until the page shows {@code text}: a button that posts the form returns before the
   * browser has the answer, so reading the page at once may read the page that was submitted.
   */
  static void expectText(WebDriver d, String text, String what) {
    try {
      new WebDriverWait(d, Duration.ofSeconds(10))
          .until(driver -> driver.getPageSource().contains(text));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          what
              + ": the page never showed \""
              + text
              + "\"\n"
              + d.findElement(By.tagName("body")).getText(),
          e);
    }
  }
}
