package jp.callmail.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

/**
 * HTTPS/1.1 to the test boot from a chosen loopback address (e.g. 127.0.0.2, a stranger whose
 * failures must not count against 127.0.0.1, where the browsers are), one request per connection,
 * keeping the session cookie. Java's HttpClient cannot choose its source address.
 */
final class SourceBoundClient {

  /** One answer. Header names in lower case. */
  record Answer(int status, Map<String, String> headers, String body) {}

  private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");
  private final InetAddress source;
  private final int port;
  private String session;

  SourceBoundClient(String sourceAddress, int port) throws IOException {
    this.source = InetAddress.getByName(sourceAddress);
    this.port = port;
  }

  Answer get(String path) throws IOException {
    return exchange("GET", path, null);
  }

  Answer post(String path, String form) throws IOException {
    return exchange("POST", path, form);
  }

  private Answer exchange(String method, String path, String form) throws IOException {
    byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
    try (SSLSocket socket =
        (SSLSocket)
            Insecure.client()
                .sslContext()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port, source, 0)) {
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder();
      head.append(method)
          .append(' ')
          .append(path)
          .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
          .append(port)
          .append("\r\nConnection: close\r\nAccept-Language: ja\r\n");
      if (session != null) {
        head.append("Cookie: JSESSIONID=").append(session).append("\r\n");
      }
      if (form != null) {
        head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
            .append(body.length)
            .append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  private Answer read(InputStream in) throws IOException {
    String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    int end = raw.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete HTTP answer: " + raw);
    }
    String[] lines = raw.substring(0, end).split("\r\n");
    Matcher status = STATUS.matcher(lines[0]);
    if (!status.find()) {
      throw new IOException("not an HTTP/1.1 status line: " + lines[0]);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("set-cookie") && value.startsWith("JSESSIONID=")) {
        session = value.substring("JSESSIONID=".length()).split(";", 2)[0];
      }
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    String body = raw.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Answer(Integer.parseInt(status.group(1)), headers, body);
  }

  private static String unchunk(String chunked) {
    byte[] bytes = chunked.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < bytes.length) {
      int lineEnd = at;
      while (lineEnd + 1 < bytes.length
          && !(bytes[lineEnd] == '\r' && bytes[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String size = new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0];
      int n = Integer.parseInt(size.trim(), 16);
      if (n == 0) {
        break;
      }
      out.write(bytes, lineEnd + 2, n);
      at = lineEnd + 2 + n + 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
