package jp.callmail.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Raw HTTPS requests to the test boot, whose certificate is self-signed: for forged-request tests.
 */
final class Insecure {

  private Insecure() {}

  static HttpResponse<String> post(String url, String cookie, String form) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Cookie", cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .timeout(Duration.ofSeconds(20))
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A GET with a session cookie (e.g. the browser's, to read a console page's headers). */
  static HttpResponse<String> getWithCookie(String url, String cookie) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Cookie", cookie)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Logs in to the operator console through its form, as a browser would (GET the form for its
   * session and ViewState, POST the credentials), and returns the session cookie ("JSESSIONID=…")
   * of the logged-in session.
   */
  static String consoleLogin(String user, String password) throws Exception {
    String base = "https://127.0.0.1:" + Integer.getInteger("callmail.it.https-port");
    java.net.CookieManager cookies = new java.net.CookieManager();
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(client().sslContext())
            .sslParameters(client().sslParameters())
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/login.xhtml")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    java.util.regex.Matcher state =
        java.util.regex.Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"")
            .matcher(form.body());
    if (!state.find()) {
      throw new AssertionError("no ViewState on the console's login form: " + form.body());
    }
    String body =
        "login=login&login%3Ausername="
            + enc(user)
            + "&login%3Apassword="
            + enc(password)
            + "&login%3Asubmit=&jakarta.faces.ViewState="
            + enc(state.group(1));
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 302 && answer.statusCode() != 303) {
      throw new AssertionError(
          "console login of " + user + " refused: " + answer.statusCode() + " " + answer.body());
    }
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("JSESSIONID"))
        .map(c -> c.getName() + "=" + c.getValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie after the console login"));
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A GET, with HTTP Basic credentials when user is not null. */
  static HttpResponse<String> get(String url, String user, String password) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(
                      (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A client that trusts the test boot's self-signed certificate (loopback only). */
  static HttpClient client() {
    TrustManager[] trustAll = {
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }
    };
    SSLContext tls;
    try {
      tls = SSLContext.getInstance("TLS");
      tls.init(null, trustAll, new SecureRandom());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm(null);
    return HttpClient.newBuilder()
        .sslContext(tls)
        .sslParameters(parameters)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
