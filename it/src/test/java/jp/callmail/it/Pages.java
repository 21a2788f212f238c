package jp.callmail.it;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do on a JSF page: type into a field, press a button, wait for a page. */
final class Pages {

  private Pages() {}

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

  static void waitFor(WebDriver d, String page) {
    new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains(page));
  }
}
