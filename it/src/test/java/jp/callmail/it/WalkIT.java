package jp.callmail.it;

import static jp.callmail.it.Pages.click;
import static jp.callmail.it.Pages.consoleLogin;
import static jp.callmail.it.Pages.expectText;
import static jp.callmail.it.Pages.submit;
import static jp.callmail.it.Pages.type;
import static jp.callmail.it.Pages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Issue 14 as its users see it, at 1280 and 360 px: the console's root, cancellations that ask for
 * the contract code or number, a temporary password shown once after a redirect, a search by
 * number, the subscriber's portal changes in the audit log with Tokyo times, and a walk over every
 * console and portal page that fails on English fragments and raw values on Japanese pages, on an
 * element wider than a 360 px viewport, and on a radio whose label overlaps its control.
 */
@ExtendWith(ArquillianExtension.class)
class WalkIT {

  private static final int HTTPS = Integer.getInteger("callmail.it.https-port");
  private static final String CONSOLE = "https://127.0.0.1:" + HTTPS + "/console/";
  private static final String PORTAL = "https://127.0.0.1:" + HTTPS + "/portal/";

  /** Texts that were English or raw on Japanese pages before issue 14. */
  private static final List<String> FORBIDDEN =
      List.of(
          "[]",
          "()",
          "View[",
          "Name the month",
          "refused",
          "mail to ",
          "no mail",
          "before ",
          "after ",
          "valid until",
          "FAILED",
          "SENT",
          "null",
          "???");

  private static final String TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}";

  private final ApiClient api = ApiClient.operator();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ClientSide.callmailWar();
  }

  @Test
  void desktop() throws Exception {
    walk("walk-desktop", Browser.DESKTOP, "0677");
  }

  @Test
  void phone() throws Exception {
    walk("walk-phone", Browser.PHONE, "0678");
  }

  private void walk(String name, Dimension viewport, String prefix) throws Exception {
    String code = "IT-WALK-" + prefix;
    int created = api.post("/contracts", "{\"code\":\"" + code + "\",\"name\":\"巡回試験\"}").status();
    assertTrue(created == 201 || created == 409);
    String number = prefix + String.format("%06d", (System.nanoTime() / 1000) % 1_000_000);
    assertEquals(
        201,
        api.post("/lines", "{\"number\":\"" + number + "\",\"contract\":\"" + code + "\"}")
            .status());
    try (Browser browser = new Browser(name, viewport)) {
      WebDriver d = browser.driver;

      // The console's login form, then its root is the start page.
      d.get(CONSOLE);
      waitFor(d, "/console/login.xhtml");
      List<String> loginProblems = problems(d, "login.xhtml", viewport);
      consoleLogin(d, CONSOLE, "operator", "it-operator-password");
      d.get(CONSOLE);
      assertTrue(d.getTitle().contains("契約一覧"), "the console root: " + d.getTitle());

      // One search box: the number as the customer says it, with hyphens and full-width digits.
      type(
          d,
          "search:term",
          toFullWidth(number.substring(0, 2))
              + "-"
              + number.substring(2, 6)
              + "-"
              + number.substring(6));
      submit(d, "search:go");
      assertTrue(d.findElement(By.id("foundLines")).getText().contains(number), "found by number");

      // The subscriber's portal changes, audited as subscriber:<number>.
      String temporary =
          api.post("/lines/" + number + "/temporary-password", "")
              .object()
              .getString("temporaryPassword");
      d.manage().deleteAllCookies();
      // Before a login: the top page and both options' login pages (issue 13).
      List<String> entryProblems = new ArrayList<>();
      for (String page : List.of("", "login.xhtml?option=call", "login.xhtml?option=fax")) {
        d.get(PORTAL + page);
        entryProblems.addAll(problems(d, page.isEmpty() ? "top" : page, viewport));
      }
      assertTrue(entryProblems.isEmpty(), "portal entry " + entryProblems);
      PortalIT.login(d, number, temporary);
      type(d, "password:current", temporary);
      type(d, "password:next", "walk123");
      type(d, "password:repeated", "walk123");
      submit(d, "password:change");
      waitFor(d, "menu.xhtml");
      d.get(PORTAL + "password.xhtml");
      type(d, "password:current", "walk123");
      type(d, "password:next", "walk123");
      type(d, "password:repeated", "walk123");
      submit(d, "password:change");
      expectText(d, "現在のパスワードと同じです", "the same password is no change");
      d.get(PORTAL + "recipients.xhtml");
      type(d, "recipients:rows:0:address", "Walk@callmail.test");
      type(d, "recipients:rows:1:address", "bad@");
      type(d, "recipients:rows:3:address", "walk@CALLMAIL.test");
      submit(d, "recipients:save");
      expectText(d, "送信先 1 と同じメールアドレスです", "a duplicate address names the other slot");
      assertEquals(
          2,
          d.findElements(By.cssSelector("input.ui-state-error")).size(),
          "each wrong field is marked");
      type(d, "recipients:rows:1:address", "");
      type(d, "recipients:rows:3:address", "");
      submit(d, "recipients:save");
      expectText(d, "設定しました。", "saved");
      d.get(PORTAL + "designated.xhtml");
      type(d, "designated:rows:0:caller", "０６１２３４５６７８");
      type(d, "designated:rows:1:caller", "06-1234-5678");
      submit(d, "designated:save");
      expectText(d, "発信者電話番号 1 と同じ番号です", "numbers equal after normalisation are duplicates");
      browser.screenshot("designated-duplicate");
      List<String> portalProblems = new ArrayList<>();
      for (String page :
          List.of(
              "menu",
              "startstop",
              "recipients",
              "conditions",
              "designated",
              "password",
              "history")) {
        d.get(PORTAL + page + ".xhtml");
        portalProblems.addAll(problems(d, page, viewport));
      }
      browser.screenshot("portal-walked");
      d.get(PORTAL + "menu.xhtml");
      submit(d, "logout:logout");

      // The audit log: the subscriber's changes, with Tokyo times in one format. (The portal's
      // logout ended the browser's session, the console's login with it.)
      consoleLogin(d, CONSOLE, "operator", "it-operator-password");
      d.get(CONSOLE + "audit.xhtml?target=" + number);
      String audit = d.findElement(By.id("entries")).getText();
      assertTrue(
          audit.contains("subscriber:" + number)
              && audit.contains("本パスワードの設定")
              && audit.contains("お客さまの設定変更")
              && audit.contains("Walk@callmail.test"),
          audit);
      assertTrue(
          audit.matches("(?s).*" + TIME + ".*")
              && !audit.matches("(?s).*\\d{2}:\\d{2}:\\d{2}\\.\\d+Z.*"),
          audit);
      d.get(CONSOLE + "audit.xhtml");
      assertTrue(
          d.findElement(By.id("audit-heading")).getText().contains("最近の操作"),
          "recent activity without a target");

      // A temporary password: POST, redirect, shown once on a GET that keeps the line.
      d.get(CONSOLE + "line.xhtml?number=" + number);
      submit(d, "access:issue");
      assertTrue(d.getCurrentUrl().contains("number=" + number), d.getCurrentUrl());
      String issued = d.findElement(By.id("issued-password")).getText();
      assertEquals(8, issued.length());
      assertTrue(d.findElement(By.id("issued-expires")).getText().matches(TIME));
      d.navigate().refresh();
      assertTrue(d.findElements(By.id("issued-password")).isEmpty(), "shown once");
      assertTrue(
          d.findElement(By.id("temporary-expires")).getText().matches(".*" + TIME),
          "expiry in Tokyo time");
      browser.screenshot("line");

      // Cancelling a line asks for its number; a wrong one cancels nothing.
      click(d, "cancelLine");
      waitFor(d, "cancel=true");
      assertTrue(d.findElement(By.id("cancel-what")).getText().contains(number));
      type(d, "danger:confirmation", "0000000000");
      submit(d, "danger:confirmCancel");
      expectText(d, "一致しないため", "a wrong number cancels nothing");
      assertFalse(api.get("/lines/" + number).object().getBoolean("cancelled"));
      // A contract with lines asks for its code.
      d.get(CONSOLE + "contract.xhtml?code=" + code);
      click(d, "cancelContract");
      waitFor(d, "cancel=true");
      assertTrue(d.findElement(By.id("cancel-what")).getText().contains(code));
      assertTrue(
          d.findElements(By.id("cancel:confirmation")).size() == 1, "the code must be typed");

      List<String> consoleProblems = new ArrayList<>();
      for (String page :
          List.of(
              "index.xhtml",
              "contract.xhtml?code=" + code,
              "line.xhtml?number=" + number,
              "import.xhtml",
              "charges.xhtml",
              "audit.xhtml",
              "dead-letters.xhtml",
              "accounts.xhtml",
              "password.xhtml")) {
        d.get(CONSOLE + page);
        consoleProblems.addAll(problems(d, page, viewport));
      }
      consoleProblems.addAll(loginProblems);
      submit(d, "logout:logout");
      waitFor(d, "/console/login.xhtml");
      assertTrue(
          d.findElement(By.tagName("body")).getText().contains("ログアウトしました"),
          "logged out: " + d.findElement(By.tagName("body")).getText());
      consoleProblems.addAll(problems(d, "login.xhtml (logged out)", viewport));
      browser.screenshot("console-walked");
      assertTrue(
          portalProblems.isEmpty() && consoleProblems.isEmpty(),
          "portal " + portalProblems + "\nconsole " + consoleProblems);
    }
  }

  /**
   * What is wrong on the page now: English fragments, raw values, overflow at 360 px, overlapping
   * radios.
   */
  @SuppressWarnings("unchecked")
  static List<String> problems(WebDriver d, String page, Dimension viewport) {
    List<String> found = new ArrayList<>();
    String text = d.findElement(By.tagName("body")).getText();
    for (String fragment : FORBIDDEN) {
      if (text.contains(fragment)) {
        found.add(page + ": shows \"" + fragment + "\"");
      }
    }
    JavascriptExecutor js = (JavascriptExecutor) d;
    if (viewport.width <= 360) {
      found.addAll(
          (List<String>)
              js.executeScript(
                  "const w = document.documentElement.clientWidth; const out = [];"
                      + "for (const e of document.body.querySelectorAll('*')) {"
                      + "  const r = e.getBoundingClientRect(); if (r.width === 0 || r.height === 0) continue;"
                      + "  if (getComputedStyle(e).visibility === 'hidden') continue;"
                      + "  if (r.right > w + 0.5 || r.left < -0.5) out.push(arguments[0] + ': ' + e.tagName + '#' + e.id + '.' + e.className"
                      + "    + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + w); }"
                      + "return out.slice(0, 5);",
                  page));
    }
    found.addAll(
        (List<String>)
            js.executeScript(
                "const out = [];"
                    + "for (const box of document.querySelectorAll('.ui-radiobutton-box, .ui-chkbox-box')) {"
                    + "  const item = box.closest('.ui-radiobutton') ? box.closest('.ui-radiobutton').parentElement : box.closest('.ui-chkbox');"
                    + "  const label = item && item.querySelector('label, .ui-chkbox-label'); if (!label) continue;"
                    + "  const a = box.getBoundingClientRect(), b = label.getBoundingClientRect();"
                    + "  const text = document.createRange(); text.selectNodeContents(label); const t = text.getBoundingClientRect();"
                    + "  if (t.width > 0 && a.right > t.left && a.left < t.right && a.bottom > t.top && a.top < t.bottom)"
                    + "    out.push(arguments[0] + ': control over its label ' + label.textContent); }"
                    + "return out;",
                page));
    return found;
  }

  private static String toFullWidth(String digits) {
    StringBuilder b = new StringBuilder();
    digits.chars().forEach(c -> b.append((char) (c - '0' + '０')));
    return b.toString();
  }
}
