package jp.callmail.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver (no driver or browser download), on a
 * desktop or a 360×740 phone viewport, keeping screenshots as test artifacts.
 */
final class Browser implements AutoCloseable {

  static final Dimension DESKTOP = new Dimension(1280, 900);
  static final Dimension PHONE = new Dimension(360, 740);
  private static final Path SHOTS =
      Path.of(System.getProperty("callmail.it.screenshots", "target/screenshots"));

  final WebDriver driver;

  /** Where files the browser downloads land. */
  final Path downloads;

  private final String name;
  private int shot;

  Browser(String name, Dimension viewport) throws IOException {
    this.name = name;
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=ja",
        "--user-data-dir=" + Files.createTempDirectory("callmail-chromium"));
    options.setAcceptInsecureCerts(true); // the test boot's self-signed certificate
    downloads = Files.createTempDirectory("callmail-downloads");
    options.setExperimentalOption(
        "prefs",
        java.util.Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    if (viewport == PHONE) {
      options.addArguments(
          "--user-agent=Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36");
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(viewport);
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
  }

  /** Saves a screenshot under target/screenshots/<browser name>/NN-<step>.png. */
  void screenshot(String step) throws IOException {
    Path dir = SHOTS.resolve(name);
    Files.createDirectories(dir);
    Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(
        png,
        dir.resolve(String.format("%02d-%s.png", ++shot, step)),
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
