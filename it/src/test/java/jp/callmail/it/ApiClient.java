package jp.callmail.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The provisioning REST API as curl would use it: HTTPS (the test boot's self-signed certificate
 * trusted), HTTP Basic with an operator's own account, JSON in and out.
 */
final class ApiClient {

  /** A response: status, content type and parsed JSON body (null when there is none). */
  record Reply(int status, String contentType, JsonStructure json, String text) {
    JsonObject object() {
      return (JsonObject) json;
    }

    JsonArray array() {
      return (JsonArray) json;
    }
  }

  private final HttpClient http = Insecure.client();
  private final String base;
  private final String authorization;

  /** The API over HTTPS as this user. */
  static ApiClient as(String user, String password) {
    return new ApiClient(
        "https://127.0.0.1:" + Integer.getInteger("callmail.it.https-port") + "/api",
        user,
        password);
  }

  /** The API over plain HTTP (refused: for the test that says so). */
  static ApiClient plainHttp(String user, String password) {
    return new ApiClient(
        "http://127.0.0.1:" + Integer.getInteger("callmail.it.http-port") + "/api", user, password);
  }

  private ApiClient(String base, String user, String password) {
    this.base = base;
    this.authorization =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The test boot's first admin (it.properties). */
  static ApiClient operator() {
    return as("operator", "it-operator-password");
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Reply post(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(body(json)));
  }

  Reply put(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).PUT(body(json)));
  }

  Reply send(String method, String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).method(method, body(json)));
  }

  /** A request with the given content type (null: none) and extra headers, for refusal tests. */
  Reply raw(String method, String path, String contentType, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, body(body))
            .timeout(Duration.ofSeconds(30));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return exchange(request);
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
  }

  private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    request
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .timeout(Duration.ofSeconds(30));
    return exchange(request);
  }

  private Reply exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    String type = response.headers().firstValue("Content-Type").orElse("");
    JsonStructure json = null;
    if (type.contains("json") && !response.body().isBlank()) {
      json = Json.createReader(new StringReader(response.body())).read();
    }
    return new Reply(response.statusCode(), type, json, response.body());
  }

  /** The state of the first mail of a line's newest call ("" while there is none). */
  String firstMailStatus(String number) {
    try {
      Reply calls = get("/lines/" + number + "/calls");
      if (calls.status() != 200
          || calls.array().isEmpty()
          || calls.array().getJsonObject(0).getJsonArray("mails").isEmpty()) {
        return "";
      }
      return calls
          .array()
          .getJsonObject(0)
          .getJsonArray("mails")
          .getJsonObject(0)
          .getString("status");
    } catch (IOException | InterruptedException | RuntimeException e) {
      return "";
    }
  }

  /** Call-IDs in a line's call log that start with a test's prefix, with how often each appears. */
  Map<String, Integer> callIds(String number, String prefix) {
    Map<String, Integer> seen = new HashMap<>();
    try {
      ApiClient.Reply calls = get("/lines/" + number + "/calls?limit=500");
      if (calls.status() != 200) {
        return seen;
      }
      for (JsonObject call : calls.array().getValuesAs(JsonObject.class)) {
        if (call.getString("callId").startsWith(prefix)) {
          seen.merge(call.getString("callId"), 1, Integer::sum);
        }
      }
    } catch (Exception e) {
      return seen;
    }
    return seen;
  }
}
