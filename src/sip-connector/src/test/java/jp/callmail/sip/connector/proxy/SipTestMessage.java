package jp.callmail.sip.connector.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP message as the test UAs see it on the wire: start line, headers in order and body, with no
 * interpretation beyond what the tests assert on. Parsing is deliberately plain (it must read what
 * the proxy sends, not judge it); building gives full control over every byte that is sent.
 */
final class SipTestMessage {

  private static final Map<String, String> COMPACT =
      Map.ofEntries(
          Map.entry("v", "via"),
          Map.entry("f", "from"),
          Map.entry("t", "to"),
          Map.entry("i", "call-id"),
          Map.entry("m", "contact"),
          Map.entry("l", "content-length"),
          Map.entry("c", "content-type"),
          Map.entry("k", "supported"),
          Map.entry("s", "subject"),
          Map.entry("e", "content-encoding"),
          Map.entry("o", "event"),
          Map.entry("r", "refer-to"),
          Map.entry("u", "allow-events"));

  /** Headers whose values may be joined by commas on one line (RFC 3261 §7.3.1). */
  private static final List<String> LIST_HEADERS =
      List.of(
          "via",
          "route",
          "record-route",
          "contact",
          "allow",
          "supported",
          "unsupported",
          "require",
          "proxy-require");

  private static final Pattern TAG =
      Pattern.compile(";\\s*tag\\s*=\\s*([^;,\\s>]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern BRANCH =
      Pattern.compile(";\\s*branch\\s*=\\s*([^;,\\s]+)", Pattern.CASE_INSENSITIVE);

  private final String startLine;
  private final List<String[]> headers;
  private final byte[] body;

  /** Who sent it, for replying: a datagram source or a TCP connection; null for built messages. */
  Object origin;

  /** When the test received it (System.nanoTime()). */
  long receivedNanos;

  SipTestMessage(String startLine, List<String[]> headers, byte[] body) {
    this.startLine = startLine;
    this.headers = headers;
    this.body = body == null ? new byte[0] : body;
  }

  // ------------------------------------------------------------------ parsing

  /**
   * Parses one whole message (a datagram, or one framed TCP message); null if there is no start
   * line.
   */
  static SipTestMessage parse(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int headerEnd = indexOf(bytes, offset, end, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int bodyStart;
    String head;
    if (headerEnd < 0) {
      head = new String(bytes, offset, length, StandardCharsets.UTF_8);
      bodyStart = end;
    } else {
      head = new String(bytes, offset, headerEnd - offset, StandardCharsets.UTF_8);
      bodyStart = headerEnd + 4;
    }
    String[] lines = head.split("\r\n");
    int first = 0;
    while (first < lines.length && lines[first].isEmpty()) {
      first++;
    }
    if (first == lines.length) {
      return null;
    }
    List<String[]> headers = new ArrayList<>();
    for (int i = first + 1; i < lines.length; i++) {
      String line = lines[i];
      if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
        String[] last = headers.get(headers.size() - 1);
        last[1] = last[1] + " " + line.trim(); // folded continuation
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
    }
    byte[] body = new byte[Math.max(0, end - bodyStart)];
    System.arraycopy(bytes, Math.min(bodyStart, end), body, 0, body.length);
    return new SipTestMessage(lines[first], headers, body);
  }

  static SipTestMessage parse(byte[] bytes) {
    return parse(bytes, 0, bytes.length);
  }

  static int indexOf(byte[] data, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String canonical(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return COMPACT.getOrDefault(lower, lower);
  }

  // ------------------------------------------------------------------ reading

  String startLine() {
    return startLine;
  }

  boolean isResponse() {
    return startLine.startsWith("SIP/2.0 ");
  }

  boolean isRequest(String method) {
    return !isResponse() && method.equals(method());
  }

  boolean isResponse(int status, String cseqMethod) {
    return isResponse() && status() == status && cseqMethod.equals(cseqMethod());
  }

  int status() {
    if (!isResponse()) {
      return -1;
    }
    String[] parts = startLine.split(" ", 3);
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  String reason() {
    String[] parts = startLine.split(" ", 3);
    return parts.length > 2 ? parts[2] : "";
  }

  /** The request's method, or for a response the method of its CSeq. */
  String method() {
    return isResponse() ? cseqMethod() : startLine.split(" ", 2)[0];
  }

  String requestUri() {
    return startLine.split(" ")[1];
  }

  /** The first value of a header (the first element of a comma list), or null. */
  String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** All values of a header in order, comma lists split into their elements. */
  List<String> headers(String name) {
    String wanted = canonical(name);
    List<String> values = new ArrayList<>();
    for (String[] h : headers) {
      if (canonical(h[0]).equals(wanted)) {
        if (LIST_HEADERS.contains(wanted)) {
          values.addAll(splitList(h[1]));
        } else {
          values.add(h[1]);
        }
      }
    }
    return values;
  }

  /** The header lines as received, name and raw value. */
  List<String[]> headerLines() {
    return headers;
  }

  String callId() {
    return header("Call-ID");
  }

  long cseqNumber() {
    return Long.parseLong(header("CSeq").trim().split("\\s+")[0]);
  }

  String cseqMethod() {
    String cseq = header("CSeq");
    return cseq == null ? null : cseq.trim().split("\\s+")[1];
  }

  String toTag() {
    return tagOf(header("To"));
  }

  String fromTag() {
    return tagOf(header("From"));
  }

  int maxForwards() {
    String value = header("Max-Forwards");
    return value == null ? -1 : Integer.parseInt(value.trim());
  }

  String topBranch() {
    return branchOf(header("Via"));
  }

  byte[] body() {
    return body.clone();
  }

  static String tagOf(String nameAddr) {
    if (nameAddr == null) {
      return null;
    }
    // Only a tag outside the <...> counts; a URI parameter called tag would be inside.
    int close = nameAddr.lastIndexOf('>');
    Matcher m = TAG.matcher(close < 0 ? nameAddr : nameAddr.substring(close));
    return m.find() ? m.group(1) : null;
  }

  static String branchOf(String via) {
    if (via == null) {
      return null;
    }
    Matcher m = BRANCH.matcher(via);
    return m.find() ? m.group(1) : null;
  }

  /** The URI inside a name-addr ({@code "x" <sip:a@b;lr>;p=1} gives {@code sip:a@b;lr}). */
  static String uriOf(String nameAddr) {
    int open = nameAddr.indexOf('<');
    int close = nameAddr.indexOf('>', open + 1);
    if (open >= 0 && close > open) {
      return nameAddr.substring(open + 1, close).trim();
    }
    int semicolon = nameAddr.indexOf(';');
    return (semicolon < 0 ? nameAddr : nameAddr.substring(0, semicolon)).trim();
  }

  /** Splits a header value at commas that are outside quotes and angle brackets. */
  static List<String> splitList(String value) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    int angle = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && c == '<') {
        angle++;
      } else if (!quoted && c == '>') {
        angle = Math.max(0, angle - 1);
      } else if (!quoted && angle == 0 && c == ',') {
        parts.add(current.toString().trim());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    if (!current.toString().isBlank()) {
      parts.add(current.toString().trim());
    }
    return parts;
  }

  // ------------------------------------------------------------------ building

  static Builder request(String method, String requestUri) {
    return new Builder(method + " " + requestUri + " SIP/2.0");
  }

  static Builder response(int status, String reason) {
    return new Builder("SIP/2.0 " + status + " " + reason);
  }

  /**
   * A UAS response to a request (RFC 3261 §8.2.6): Vias, From, Call-ID and CSeq copied, the To
   * tagged unless it has a tag already, and Record-Route copied for responses that can set up a
   * dialog (§12.1.1).
   */
  static Builder responseTo(SipTestMessage request, int status, String reason, String toTag) {
    Builder b = response(status, reason);
    for (String via : request.headers("Via")) {
      b.header("Via", via);
    }
    b.header("From", request.header("From"));
    String to = request.header("To");
    if (status > 100 && tagOf(to) == null && toTag != null) {
      to = to + ";tag=" + toTag;
    }
    b.header("To", to);
    b.header("Call-ID", request.callId());
    b.header("CSeq", request.header("CSeq"));
    if (status > 100 && status < 300) {
      for (String rr : request.headers("Record-Route")) {
        b.header("Record-Route", rr);
      }
    }
    return b;
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + body.length);
    StringBuilder head = new StringBuilder(512);
    head.append(startLine).append("\r\n");
    for (String[] h : headers) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return new String(encode(), StandardCharsets.UTF_8);
  }

  static final class Builder {
    private final String startLine;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean explicitLength;

    private Builder(String startLine) {
      this.startLine = startLine;
    }

    Builder header(String name, String value) {
      if (value != null) {
        headers.add(new String[] {name, value});
        if (canonical(name).equals("content-length")) {
          explicitLength = true;
        }
      }
      return this;
    }

    Builder body(String contentType, String text) {
      header("Content-Type", contentType);
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    SipTestMessage build() {
      List<String[]> all = new ArrayList<>(headers);
      if (!explicitLength) {
        all.add(new String[] {"Content-Length", Integer.toString(body.length)});
      }
      return new SipTestMessage(startLine, all, body);
    }
  }
}
