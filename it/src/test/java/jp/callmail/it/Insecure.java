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

  private static HttpClient client() throws Exception {
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
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trustAll, new SecureRandom());
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm(null);
    return HttpClient.newBuilder()
        .sslContext(tls)
        .sslParameters(parameters)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
